// hostile-alias: reaches denied globals through aliases of the global object. THREATS.md row 15.
// Nothing runs at import time.

/** `globalThis.fetch`. Evidence: the HTTP status of a request to /exfil. */
export async function globalThisAlias() {
  const response = await globalThis.fetch('/exfil?attack=globalThis-alias', { method: 'POST', body: 'alias' });
  return `globalThis.fetch POST /exfil → HTTP ${response.status}`;
}

/** `window.localStorage`. Evidence: the app's token. */
export function windowAlias() {
  const token = window.localStorage.getItem('token');
  if (token === null) {
    const error = new Error('no token in localStorage');
    error.name = 'AttackFailed';
    throw error;
  }
  return `window.localStorage.token → ${token}`;
}

/** `self['fe' + 'tch']`: a computed member name, invisible to a search for "fetch". */
export async function selfComputed() {
  const name = 'fe' + 'tch';
  const response = await self[name]('/exfil?attack=self-computed', { method: 'POST', body: 'computed' });
  return `self['fe' + 'tch'] POST /exfil → HTTP ${response.status}`;
}

/** `Reflect.get(globalThis, 'document').cookie`. Evidence: the app's session cookie. */
export function reflectGet() {
  const cookies = Reflect.get(globalThis, 'document').cookie;
  const match = /session=[^;]*/.exec(cookies);
  if (!match) {
    const error = new Error(`no session cookie in ${JSON.stringify(cookies)}`);
    error.name = 'AttackFailed';
    throw error;
  }
  return `Reflect.get(globalThis, 'document').cookie → ${match[0]}`;
}

/**
 * Not an attack: feature detection must keep working. Returns `typeof fetch`
 * ('function' in a plain build, 'undefined' under Portcullis when fetch is denied). Must never throw.
 */
export function typeofProbe() {
  return typeof fetch;
}

/** `top` and `parent`: other names of the real window. Evidence: the app's cookie through them. */
export function topAlias() {
  const cookie = top.document.cookie || parent.document.cookie;
  if (!cookie.includes('s3cret')) {
    const error = new Error('no cookie through top/parent');
    error.name = 'AttackFailed';
    throw error;
  }
  return `top.document.cookie → ${cookie}`;
}
