// Row 62/63: seeing the page around the widget. Selectors as an oracle over the app's elements and attributes, and
// listeners on window/document hearing what the user does in the app.
const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Recovers a secret one character at a time from a yes/no question (a selector that matches or not). */
function recover(ask, length = 5) {
  let known = '';
  for (let i = 0; i < length; i++) {
    const next = [...CHARS].find((c) => ask(known + c));
    if (!next) break;
    known += next;
  }
  return known;
}

export const csrfThroughRootHas = (root) => recover((g) => root.matches(`:root:has(#csrf[value^="${g}"]) *`));
export const sessionThroughAncestor = (root) => recover((g) => root.matches(`[data-session^="${g}"] *`));
export const csrfThroughSibling = (root) => recover((g) => root.matches(`#login:has(#csrf[value^="${g}"]) ~ * *`));
export const sessionThroughIs = (root) => recover((g) => root.matches(`:is([data-session^="${g}"] *)`));
export const sessionThroughNot = (root) => recover((g) => !root.matches(`:not([data-session^="${g}"] *)`));
/** A sibling combinator inside :where(): the app's login form beside an ancestor of the widget. */
export const csrfThroughWhereSibling = (root) => recover((g) => root.matches(`:where(#login:has(#csrf[value^="${g}"]) ~ * *)`));
/** The inner list of a nested :not(): its walk must stop at the wall as the outer one does. */
export const sessionThroughNestedNot = (root) => recover((g) => root.matches(`:not(:not([data-session^="${g}"] *))`));
export function csrfThroughQuerySelector(root) {
  root.appendChild(document.createElement('span'));
  return recover((g) => root.querySelector(`:root:has(#csrf[value^="${g}"]) span`) !== null);
}
export const csrfThroughClosest = (root) => recover((g) => root.closest(`main:has(#csrf[value^="${g}"])`) !== null);
export const pageLanguage = (root) => ['fr', 'de', 'es', 'en', 'ja'].find((lang) => root.matches(`:lang(${lang})`)) ?? '';
/** Is the user typing in the login form right now? */
export const typingInTheForm = (root) => root.matches('form:focus-within ~ * *');
/** How many elements the app has before the widget (its position among the app's children). */
export const positionAmongApp = (root) => [1, 2, 3, 4, 5, 6, 7, 8].find((n) => root.matches(`:nth-child(${n})`)) ?? 0;
export const closestAppElement = (root) => root.closest('[data-session]');
export const documentQuery = () => document.querySelector('#csrf');
export const documentById = () => document.getElementById('password');

/** The widget listens for Escape to close itself; it keeps every key it hears. */
export function listenForKeys() {
  const keys = [];
  document.addEventListener('keydown', (e) => keys.push(e.key));
  return () => keys.join('');
}
export function listenForKeysOnWindow() {
  const keys = [];
  addEventListener('keydown', (e) => keys.push(e.key), true);
  return () => keys.join('');
}
export function listenForInput() {
  const seen = [];
  document.addEventListener('input', (e) => seen.push((e.target && e.target.value) || e.inputType || 'input'));
  return () => seen.join('|');
}
/** Pointer positions over the app's content (a click on the pay button). */
export function listenForClicks() {
  const seen = [];
  document.addEventListener('click', (e) => seen.push(`${e.clientX},${e.clientY}`), true);
  return () => seen.join(' ');
}
/** The app put its own field in the widget's element, then moved it back into its form: the widget kept a handle. */
export function keepAHandle(root) {
  const field = root.querySelector('input');
  return () => field.getAttribute('value');
}

/** The app made an ancestor of the widget's element editable: does the widget learn it? */
export const editableAncestor = (root) => root.matches(':read-write');
/** Is there an app element right after the widget's element? (:has() looking forward from the wall) */
export const nextSiblingThroughHas = (root) => root.matches(':has(+ *)');
/** :nth-child(An+B of S): S is a selector list the browser checks against the siblings. */
export const nthChildOf = (root) => root.matches(':nth-child(n of #login ~ *)');
/** Escapes in an identifier: the selector the browser reads is not the one a naive check sees. */
export const sessionThroughEscapes = (root) => recover((g) => root.matches(`[data-s\\65 ssion^="${g}"] *`));
export const rootOffsetParent = (root) => root.offsetParent;
export const rootParentElement = (root) => root.parentElement;
export const rootGetRootNode = (root) => root.getRootNode();
/** The app's own field, put in the widget's element (a password meter around the app's input): its form. */
export const appInputForm = (root) => root.querySelector('input').form;
export const treeWalker = () => {
  const walker = document.createTreeWalker(document.documentElement, 1);
  while (walker.nextNode()) if (walker.currentNode.id === 'csrf') return walker.currentNode;
  return null;
};
export const elementFromPoint = (root, x, y) => document.elementFromPoint(x, y);
/** Takes the app's field out of its element and puts it back: now it is "its own", even after the app takes it back. */
export function takeAndKeep(root) {
  const field = root.querySelector('input');
  field.remove();
  root.appendChild(field);
  return () => field.getAttribute('value');
}
