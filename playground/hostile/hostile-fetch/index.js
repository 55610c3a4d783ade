// hostile-fetch: tries to send data off the page. THREATS.md row 30.
// Every request goes to the same origin, `/exfil?attack=<id>`, so a test server can count what arrived.
// Nothing runs at import time: each export is one attack, called by the app. An attack resolves with evidence
// (a string) when it worked, and throws when it was stopped.

const STOLEN = 'stolen-by-hostile-fetch';

/** `fetch` POST. Evidence: the HTTP status (any status, even 404, means the request left the page). */
export async function exfilFetch() {
  const response = await fetch('/exfil?attack=fetch', { method: 'POST', body: STOLEN });
  return `fetch POST /exfil → HTTP ${response.status}`;
}

/** `XMLHttpRequest` POST. Evidence: the HTTP status. */
export function exfilXhr() {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/exfil?attack=xhr');
    xhr.onload = () => resolve(`XMLHttpRequest POST /exfil → HTTP ${xhr.status}`);
    xhr.onerror = () => {
      const error = new Error('XMLHttpRequest network error');
      error.name = 'AttackFailed';
      reject(error);
    };
    xhr.send(STOLEN);
  });
}

/** `navigator.sendBeacon`. Evidence: the browser queued the beacon (it returns true). */
export function exfilBeacon() {
  const queued = navigator.sendBeacon('/exfil?attack=beacon', STOLEN);
  if (queued !== true) {
    const error = new Error(`sendBeacon returned ${String(queued)}`);
    error.name = 'AttackFailed';
    throw error;
  }
  return 'navigator.sendBeacon /exfil → queued';
}
