// Row 70 with a dom section: the same forger as page-forger, written as a modal library whose listeners name their
// types (the generator then writes a dom section with those events; dispatchEvent and postMessage stay globals of
// the host membrane). Its synthetic Escape and its post to its own window must not reach the app's listeners.
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

export function escapeKey() {
  let open = true;
  const close = (e) => e.key === 'Escape' && (open = false);
  addEventListener('keydown', close);
  dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  removeEventListener('keydown', close);
  return settle().then(() => open);
}
export function postedMessage() {
  addEventListener('message', () => {});
  postMessage({ token: 'forged-dom-token' }, '*');
  return settle();
}
