// The real DOM's accessors and methods, captured when the runtime starts (before any other script) and uncurried
// (`appendChild(parent, child)`): a package that reaches a real DOM prototype later (one granted `document`)
// cannot redirect what the facade calls (near-membrane's habit, see STYLE.md). Each is its own bound function, so
// every call site stays monomorphic and allocates nothing (measured: a shared Reflect.apply helper was 20% of the
// DOM micro-benchmark).
import { apply, getOwnPropertyDescriptor, FunctionPrototypeBind } from '../boundary/primordials.js';
import { installActingHook, type Acting } from './acting.js';

/** A real DOM function taking its receiver first. Results are the DOM's own types: callers know which. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (thisArg: unknown, ...args: any[]) => any;

const FunctionPrototypeCall = Function.prototype.call;
const uncurry = (fn: unknown): Fn => apply(FunctionPrototypeBind, FunctionPrototypeCall, [fn]) as Fn;

function getterOf(proto: object, name: string): Fn {
  const d = getOwnPropertyDescriptor(proto, name);
  if (!d?.get) throw new Error(`Portcullis: no getter ${name}`);
  return uncurry(d.get);
}

function setterOf(proto: object, name: string): Fn {
  const d = getOwnPropertyDescriptor(proto, name);
  if (!d?.set) throw new Error(`Portcullis: no setter ${name}`);
  return uncurry(d.set);
}

function methodOf(proto: object, name: string): Fn {
  const value = getOwnPropertyDescriptor(proto, name)?.value;
  if (typeof value !== 'function') throw new Error(`Portcullis: no method ${name}`);
  return uncurry(value);
}

/** Calls a function with a receiver (for functions that are not captured DOM methods: listeners, callbacks). */
export function call<R>(fn: (...args: never[]) => unknown, thisArg: unknown, ...args: unknown[]): R {
  return apply(fn, thisArg, args) as R;
}

export interface RealDom {
  window: Window & typeof globalThis;
  document: Document;
  Node: typeof Node;
  Element: typeof Element;
  EventCtor: typeof Event;
  CustomEventCtor: typeof CustomEvent;
  DOMParserCtor: typeof DOMParser;
  node: Record<'parentNode' | 'firstChild' | 'lastChild' | 'nextSibling' | 'previousSibling' | 'nodeType' | 'nodeName' | 'textContent' | 'isConnected' | 'childNodes', Fn>;
  setTextContent: Fn;
  nodeMethods: Record<'appendChild' | 'insertBefore' | 'removeChild' | 'replaceChild' | 'contains' | 'cloneNode' | 'hasChildNodes', Fn>;
  element: Record<'tagName' | 'localName' | 'namespaceURI' | 'children' | 'attributes' | 'id' | 'className' | 'innerHTML' | 'outerHTML' | 'previousElementSibling', Fn>;
  elementMethods: Record<'getAttribute' | 'setAttribute' | 'removeAttribute' | 'hasAttribute' | 'querySelectorAll' | 'matches' | 'getBoundingClientRect' | 'getClientRects' | 'remove', Fn>;
  htmlElement: Record<'style' | 'offsetWidth' | 'offsetHeight' | 'offsetTop' | 'offsetLeft' | 'offsetParent' | 'dataset' | 'hidden', Fn>;
  elementGeometry: Record<'clientWidth' | 'clientHeight' | 'scrollWidth' | 'scrollHeight' | 'scrollTop' | 'scrollLeft', Fn>;
  htmlElementMethods: Record<'focus' | 'blur' | 'click', Fn>;
  documentMethods: Record<'createElement' | 'createElementNS' | 'createTextNode' | 'createDocumentFragment' | 'getElementById', Fn>;
  activeElement: Fn;
  /** A form control's live state (`input.value`, `.checked`, `textarea.value`), by tag. */
  control: Record<'inputValue' | 'setInputValue' | 'inputChecked' | 'setInputChecked' | 'textareaValue' | 'setTextareaValue', Fn>;
  fragmentQuerySelectorAll: Fn;
  /** `getComputedStyle` of the real window (the display of a wall: paint containment applies to boxes only). */
  computedStyle: (el: Element) => CSSStyleDeclaration;
  /** The browser's own `CSS.escape`: selectors rebuilt from a parse are read back as parsed. */
  cssEscape: (text: string) => string;
  acting: Acting;
  /** Reports a listener's exception as the browser does (to the page's error handlers), without throwing. */
  reportError: (error: unknown) => void;
  eventTarget: Record<'addEventListener' | 'removeEventListener' | 'dispatchEvent', Fn>;
  event: Record<'preventDefault' | 'stopPropagation' | 'stopImmediatePropagation' | 'composedPath', Fn>;
  style: Record<'setProperty' | 'getPropertyValue' | 'removeProperty', Fn>;
  canvas: Record<'getContext' | 'toDataURL', Fn> & { width: Fn; height: Fn; setWidth: Fn; setHeight: Fn };
  parseHtml: Fn;
}

export function captureRealDom(win: Window & typeof globalThis): RealDom {
  const NodeProto = win.Node.prototype;
  const ElementProto = win.Element.prototype;
  const HTMLElementProto = win.HTMLElement.prototype;
  const DocumentProto = win.Document.prototype;
  const EventTargetProto = win.EventTarget.prototype;
  const StyleProto = win.CSSStyleDeclaration.prototype;
  const CanvasProto = win.HTMLCanvasElement.prototype;
  const pick = <K extends string>(proto: object, names: K[], how: (p: object, n: string) => Fn) => {
    const out = {} as Record<K, Fn>;
    for (const name of names) out[name] = how(proto, name);
    return out;
  };
  const eventTarget = pick(EventTargetProto, ['addEventListener', 'removeEventListener', 'dispatchEvent'], methodOf);
  const event = pick(win.Event.prototype, ['preventDefault', 'stopPropagation', 'stopImmediatePropagation', 'composedPath'], methodOf);
  return {
    window: win,
    document: win.document,
    Node: win.Node,
    Element: win.Element,
    EventCtor: win.Event,
    CustomEventCtor: win.CustomEvent,
    DOMParserCtor: win.DOMParser,
    node: pick(NodeProto, ['parentNode', 'firstChild', 'lastChild', 'nextSibling', 'previousSibling', 'nodeType', 'nodeName', 'textContent', 'isConnected', 'childNodes'], getterOf),
    setTextContent: setterOf(NodeProto, 'textContent'),
    nodeMethods: pick(NodeProto, ['appendChild', 'insertBefore', 'removeChild', 'replaceChild', 'contains', 'cloneNode', 'hasChildNodes'], methodOf),
    element: pick(ElementProto, ['tagName', 'localName', 'namespaceURI', 'children', 'attributes', 'id', 'className', 'innerHTML', 'outerHTML', 'previousElementSibling'], getterOf),
    elementMethods: pick(ElementProto, ['getAttribute', 'setAttribute', 'removeAttribute', 'hasAttribute', 'querySelectorAll', 'matches', 'getBoundingClientRect', 'getClientRects', 'remove'], methodOf),
    htmlElement: pick(HTMLElementProto, ['style', 'offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft', 'offsetParent', 'dataset', 'hidden'], getterOf),
    elementGeometry: pick(ElementProto, ['clientWidth', 'clientHeight', 'scrollWidth', 'scrollHeight', 'scrollTop', 'scrollLeft'], getterOf),
    htmlElementMethods: pick(HTMLElementProto, ['focus', 'blur', 'click'], methodOf),
    documentMethods: pick(DocumentProto, ['createElement', 'createElementNS', 'createTextNode', 'createDocumentFragment', 'getElementById'], methodOf),
    activeElement: getterOf(DocumentProto, 'activeElement'),
    control: {
      inputValue: getterOf(win.HTMLInputElement.prototype, 'value'),
      setInputValue: setterOf(win.HTMLInputElement.prototype, 'value'),
      inputChecked: getterOf(win.HTMLInputElement.prototype, 'checked'),
      setInputChecked: setterOf(win.HTMLInputElement.prototype, 'checked'),
      textareaValue: getterOf(win.HTMLTextAreaElement.prototype, 'value'),
      setTextareaValue: setterOf(win.HTMLTextAreaElement.prototype, 'value'),
    },
    fragmentQuerySelectorAll: methodOf(win.DocumentFragment.prototype, 'querySelectorAll'),
    cssEscape: apply(FunctionPrototypeBind, win.CSS.escape, [win.CSS]) as (text: string) => string,
    computedStyle: apply(FunctionPrototypeBind, win.getComputedStyle, [win]) as (el: Element) => CSSStyleDeclaration,
    reportError: apply(FunctionPrototypeBind, win.reportError, [win]) as (error: unknown) => void,
    acting: installActingHook(win, eventTarget.addEventListener, event.stopImmediatePropagation),
    eventTarget,
    event,
    style: pick(StyleProto, ['setProperty', 'getPropertyValue', 'removeProperty'], methodOf),
    canvas: {
      ...pick(CanvasProto, ['getContext', 'toDataURL'], methodOf),
      width: getterOf(CanvasProto, 'width'),
      height: getterOf(CanvasProto, 'height'),
      setWidth: setterOf(CanvasProto, 'width'),
      setHeight: setterOf(CanvasProto, 'height'),
    },
    parseHtml: methodOf(win.DOMParser.prototype, 'parseFromString'),
  };
}
