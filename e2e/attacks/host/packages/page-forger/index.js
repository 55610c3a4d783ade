// Row 70 without a dom section (src/boundary/host-events.ts): a package that dispatches events on the window (a modal
// library closing itself on a synthetic Escape, a task queue posting to its own window) gets `dispatchEvent` and
// `postMessage`. The app's own listeners react to what it forges: an Escape that dismisses the app's dialog, a
// message that passes the app's origin check (its login callback's token), a storage event faking another tab's
// logout. Each attack forges one event and waits a moment.
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

export function escapeKey() {
  dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  return settle();
}
export function forgedMessage() {
  dispatchEvent(new MessageEvent('message', { data: { token: 'forged-token' }, origin: location.origin }));
  return settle();
}
export function postedMessage() {
  postMessage({ token: 'forged-posted-token' }, '*');
  return settle();
}
// The app's own `onmessage` handler, read and called with a record shaped like a message of the page's origin.
export function callAppHandler() {
  onmessage({ origin: location.origin, data: { token: 'forged-handler-token' } });
  return settle();
}
export function forgedStorage() {
  dispatchEvent(new StorageEvent('storage', { key: 'app-session', newValue: null }));
  return settle();
}

/** Not attacks: what such a package needs keeps working. */
// Its own synthetic key reaches its own listener.
// (Its listeners are registered with the type in a variable, as a small event helper would: the whole
// addEventListener, no dom section.)
const on = (type, fn) => addEventListener(type, fn);
const off = (type, fn) => removeEventListener(type, fn);
export function ownEscape() {
  let heard = null;
  const listener = (e) => (heard = e.key);
  on('keydown', listener);
  dispatchEvent(new KeyboardEvent('keydown', { key: 'page-forger-own-key' }));
  off('keydown', listener);
  return heard;
}
// A data-free event (a re-layout request) reaches the page.
export function resize() {
  dispatchEvent(new Event('resize'));
  return settle();
}
// setImmediate's queue (the `setimmediate` package): its own message comes back, its data intact, and (its check)
// with the window as source.
const immediate = (read) =>
  new Promise((resolve) => {
    const listener = (e) => {
      if (!e.data || e.data.tag !== 'page-forger$immediate') return;
      off('message', listener);
      resolve(read(e));
    };
    on('message', listener);
    postMessage({ tag: 'page-forger$immediate', n: 7 }, '*');
  });
export const immediateData = () => immediate((e) => e.data.n);
export const immediateSource = () => immediate((e) => e.source === globalThis && e.source === self);
