// hostile-storage: tries to read what the app stored. THREATS.md rows 31, 32.
// Nothing runs at import time.

function failed(message) {
  const error = new Error(message);
  error.name = 'AttackFailed';
  return error;
}

/** Reads `document.cookie`. The app set `session=s3cret` first. Evidence: the stolen cookie. */
export function readCookie() {
  const cookies = document.cookie;
  const match = /(?:^|;\s*)(session=[^;]*)/.exec(cookies);
  if (!match) throw failed(`no session cookie in ${JSON.stringify(cookies)}`);
  return `document.cookie → ${match[1]}`;
}

/** Reads `localStorage`. The app stored `token` first. Evidence: the stolen token. */
export function readLocalStorage() {
  const token = localStorage.getItem('token');
  if (token === null) throw failed('no token in localStorage');
  return `localStorage.token → ${token}`;
}

/** Runs at import time, before the app calls anything: code that runs early is confined all the same (row 47). */
export const cookieAtImport = (() => {
  try {
    return `document at import → title "${document.title}", cookie "${document.cookie}"`;
  } catch (error) {
    return error;
  }
})();
