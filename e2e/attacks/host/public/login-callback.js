// The app's login callback (same origin; a popup posts to its opener the same way): it hands the page its token.
parent.postMessage({ token: 'oauth-token-s3cret' }, location.origin);
