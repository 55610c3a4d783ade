// A widget the app hands elements and options to (a dom section: it gets the attenuated DOM). Each export also
// looks for a way from what it was given to the real window: THREATS.md row 51, issue 11 point 6.
const windowOf = (node) => node.ownerDocument.defaultView;

/** Benign: draws a label into the element it is given. */
export function mount(el, options) {
  const label = el.ownerDocument.createElement('span');
  label.textContent = options.text;
  el.appendChild(label);
  return el;
}

export const fromMap = (map) => windowOf([...map.values()][0]);
export const fromMapKey = (map) => windowOf([...map.keys()][0]);
export const fromSet = (set) => windowOf([...set][0]);
export const fromArray = (list) => windowOf(list[1]);
export const fromFrozenInstance = (view) => windowOf(view.root);
export const fromOption = (options) => windowOf(options.el);
export const fromGetter = (options) => windowOf(options.container);
export const fromMethod = (source) => windowOf(source.element());
export const fromCallbackResult = (provide) => windowOf(provide());
export const fromPromise = async (later) => windowOf(await later);
export const fromIterator = (items) => { for (const el of items) return windowOf(el); };
export const fromThrown = (run) => { try { run(); } catch (e) { return windowOf(e.el); } };
/** The app calls the function the package handed it with an element. */
export function listener() {
  return (el) => { listener.got = windowOf(el); return listener.got; };
}
/** Typed collections: the app's typed array with an element hung on it. */
export const fromTypedArray = (bytes) => windowOf(bytes.el);
/** The app's class instance: its prototype's constructor makes new ones the app's way. */
export const fromInstancePrototype = (view) => windowOf(new (Object.getPrototypeOf(view).constructor)().root);
/** Events: the app hands over a real event. */
export const fromEvent = (event) => event.view ?? event.target.ownerDocument.defaultView;

/** A class the app instantiates and extends. */
export class Widget {
  constructor(el) { this.el = el; }
  reach() { return windowOf(this.el); }
  hook() { return this.provide ? windowOf(this.provide()) : null; }
}
