// The app's own frame (same origin): it tells its parent it is ready, as embedded widgets and editors do.
parent.postMessage('frame-ready', '*');
