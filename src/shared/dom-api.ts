// The attenuated DOM a package with a `dom` policy section gets, as names: the build's policy generator uses them to
// decide whether a package's DOM use fits the facade (then it writes a `dom` section) or needs the real `document`.
// The runtime's facade (src/dom) implements exactly these members.

/** Members of the facade `document`. Anything else a package reads on `document` means it needs the real one. */
export const FACADE_DOCUMENT_MEMBERS: ReadonlySet<string> = new Set([
  'createElement', 'createElementNS', 'createTextNode', 'createDocumentFragment',
  'body', 'head', 'documentElement', 'querySelector', 'querySelectorAll', 'getElementById',
  'addEventListener', 'removeEventListener', 'readyState', 'visibilityState', 'hidden',
]);

/** DOM interfaces the facade provides (for `instanceof` and constants): no grant needed in dom mode. */
export const FACADE_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'Node', 'Element', 'HTMLElement', 'SVGElement', 'Text', 'DocumentFragment', 'Event', 'EventTarget',
  'MouseEvent', 'KeyboardEvent', 'PointerEvent', 'CustomEvent', 'HTMLCanvasElement',
]);

/** `window.*` members that, in dom mode, listen through the facade (event types come from `dom.events`). */
export const FACADE_WINDOW_MEMBERS: ReadonlySet<string> = new Set(['addEventListener', 'removeEventListener']);

/** Other window globals the facade provides in dom mode, taking and giving the package's wrappers. */
export const FACADE_GLOBALS: ReadonlySet<string> = new Set(['MutationObserver']);

