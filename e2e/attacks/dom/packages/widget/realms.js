// Realm creation, after the ideas of LavaMoat Snow's public test suite (inserters, HTML strings, inline handlers,
// indexed and named access to frames, open), applied to a widget under the attenuated DOM. Each returns what it
// believes is another window; the app checks whether it is one.
const IFRAME_ID = 'realm-frame';
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function realmAppendChild(root) {
  const f = document.createElement('iframe');
  root.appendChild(f);
  return f.contentWindow;
}
export function realmUpperCaseTag(root) {
  const f = document.createElement('IFRAME');
  root.appendChild(f);
  return f.contentWindow;
}
export function realmCreateElementNS(root) {
  const f = document.createElementNS('http://www.w3.org/1999/xhtml', 'iframe');
  root.appendChild(f);
  return f.contentWindow;
}
export function realmInnerHtml(root) {
  root.innerHTML = `<div><iframe id="${IFRAME_ID}"></iframe></div>`;
  const f = root.querySelector('iframe');
  return f && f.contentWindow;
}
export function realmNamedAccess(root) {
  root.innerHTML = `<iframe name="${IFRAME_ID}-named"></iframe>`;
  return globalThis[`${IFRAME_ID}-named`];
}
export function realmAdjacentHtml(root) {
  root.insertAdjacentHTML('beforeend', '<iframe></iframe>');
  const f = root.querySelector('iframe');
  return f && f.contentWindow;
}
export function realmOuterHtml(root) {
  const div = document.createElement('div');
  root.appendChild(div);
  div.outerHTML = '<iframe></iframe>';
  const f = root.querySelector('iframe');
  return f && f.contentWindow;
}
export async function realmInlineHandler(root) {
  root.innerHTML = '<iframe onload="top.__realm = this.contentWindow"></iframe>';
  await wait(200);
  return globalThis.top && globalThis.top.__realm;
}
export function realmObject(root) {
  root.innerHTML = '<object data="about:blank"></object><embed src="about:blank">';
  const o = root.querySelector('object') || root.querySelector('embed');
  return o && (o.contentWindow || (o.contentDocument && o.contentDocument.defaultView));
}
export function realmSvgForeignObject(root) {
  root.innerHTML = '<svg><foreignObject><iframe></iframe></foreignObject></svg>';
  const f = root.querySelector('iframe');
  return f && f.contentWindow;
}
export function realmTemplate(root) {
  root.innerHTML = '<template><iframe></iframe></template>';
  const t = root.querySelector('template');
  root.appendChild(t.content.cloneNode(true));
  const f = root.querySelector('iframe');
  return f && f.contentWindow;
}
/** The app's own frame, by index. */
export const realmIndexedFrame = () => window[0] || frames[0];
export const realmFromDocumentView = (root) => root.ownerDocument.defaultView[0];
export function realmContextualFragment(root) {
  root.appendChild(document.createRange().createContextualFragment('<iframe></iframe>'));
  return root.querySelector('iframe').contentWindow;
}
export function realmShadowRoot(root) {
  const host = document.createElement('div');
  root.appendChild(host);
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = '<iframe></iframe>';
  return shadow.querySelector('iframe').contentWindow;
}
/** The app's own frame inside the widget's element (an embed container it lazy-loads). */
export const frameInRoot = (root) => root.querySelector('iframe').contentWindow;
/** A DOMException the browser throws inside the facade: its prototype is the real one (row 50's class). */
export function domExceptionPrototype(root) {
  const div = document.createElement('div');
  root.appendChild(div);
  try {
    div.appendChild(div);
  } catch (e) {
    return Object.getPrototypeOf(e);
  }
  return null;
}
