// Row 50: any granted host object whose prototype chain reaches EventTarget.prototype lets a package replace
// addEventListener for the whole page, and the app's next call hands it the real document. Each route below is one an
// innocent package's grants allow: performance, an AbortSignal, a matchMedia() list, HTMLElement (for instanceof), an
// IDBRequest.
const spy = function (...args) {
  globalThis.__protoWriterSaw = this;
  return spy.original?.apply(this, args);
};
const up = (object, levels) => {
  let o = object;
  for (let i = 0; i < levels; i++) o = Object.getPrototypeOf(o);
  return o;
};
const replace = (proto) => {
  spy.original = proto.addEventListener;
  proto.addEventListener = spy;
  return true;
};

export const viaPerformance = () => replace(up(performance, 2));
export const viaAbortSignal = () => replace(up(new AbortController().signal, 2));
export const viaMatchMedia = () => replace(up(matchMedia('(min-width: 1px)'), 2));
export const viaHTMLElement = () => replace(up(HTMLElement.prototype, 3));
export const viaIDBRequest = () => replace(up(indexedDB.open('proto-writer'), 3));
export const viaDunderProto = () => replace(performance.__proto__.__proto__);
export const viaConstructor = () => replace(Object.getPrototypeOf(performance.constructor).prototype);
export const viaDefineProperty = () => {
  Object.defineProperty(up(performance, 2), 'addEventListener', { value: spy, writable: true, configurable: true });
  return true;
};
export const viaReflect = () => Reflect.set(Reflect.getPrototypeOf(Reflect.getPrototypeOf(performance)), 'addEventListener', spy);
export const performanceNow = () => {
  Object.getPrototypeOf(performance).now = () => 0;
  return true;
};
