// What a package's value of an ECMAScript built-in kind becomes for the host (invariant 1, the way back; the host
// membrane calls this from toHost). Threat: the host keeping the package's *live* object. WebIDL looks members up
// when it uses them (an EventListener's `handleEvent` at each dispatch, a stream source's `start`), so an object
// the host holds as itself can be given a method after it crossed, and a Proxy can answer the crossing's check one
// way and the browser's look-up another: either way the browser calls the package's function with a real event, a
// real controller, the real window behind them. So the host never holds a package's own object: it gets a fresh
// value of the same kind (the same bytes, time, entries, outcome), kept only by the host, and the package's
// original comes back when the host hands the fresh one back (`getRandomValues(a) === a`, `signal.reason === e`).
// Brands are checked by the built-ins' own methods (a Proxy, or an object given Date.prototype, has no slots and
// is no such value).
import { slotKind } from './intrinsics.js';
import { freshView } from './byte-views.js';
import { apply, construct, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, ownKeys, reflectGet, PromiseCtor, PromisePrototypeThen } from './primordials.js';

const { isExtensible, preventExtensions } = Reflect;
const getter = (proto: object, key: PropertyKey) => getOwnPropertyDescriptor(proto, key)!.get!;
/** Each buffer kind's prototype and its own slice (SharedArrayBuffer's where the page is cross-origin isolated). */
const BUFFERS = new Map<object, (...a: never[]) => unknown>([[ArrayBuffer.prototype, ArrayBuffer.prototype.slice]]);
const SAB = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : undefined;
const SharedByteLength = SAB && getter(SAB.prototype, 'byteLength');
if (SAB) BUFFERS.set(SAB.prototype, SAB.prototype.slice);
const DateGetTime = Date.prototype.getTime;
const MapForEach = Map.prototype.forEach;
const SetForEach = Set.prototype.forEach;
const MapSet = Map.prototype.set;
const SetAdd = Set.prototype.add;
/** The primitive wrappers: a brand check (their valueOf) and their constructor. */
const WRAPPERS: [object, (...a: never[]) => unknown, new (v: unknown) => object][] = [
  [Number.prototype, Number.prototype.valueOf, Number],
  [String.prototype, String.prototype.valueOf, String],
  [Boolean.prototype, Boolean.prototype.valueOf, Boolean],
];
/** The error kinds' prototypes, each with its (hardened, hence trustworthy) constructor. */
const ERRORS = new Map<object, new (message?: string) => Error>();
for (const C of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError]) ERRORS.set(C.prototype, C);

const brand = (fn: (...a: never[]) => unknown, value: object): boolean => {
  try {
    apply(fn, value, []);
    return true;
  } catch {
    return false;
  }
};

/**
 * The buffer a fresh view is made over, or that crosses in place of a bare ArrayBuffer. Bytes hold no object, and the
 * host passes a buffer on rather than looking members up on it; a bare buffer the package handed over (as a listener,
 * say) is made non-extensible, so no method can be hung on it afterwards (its bytes stay writable and transferable).
 * A buffer that already has own properties or another prototype crosses as a copy of its bytes.
 */
function bufferForHost(buffer: object, bare: boolean): object {
  const proto = getPrototypeOf(buffer) as object;
  if (ownKeys(buffer).length === 0 && BUFFERS.has(proto)) {
    if (!bare || !isExtensible(buffer) || preventExtensions(buffer)) return buffer;
  }
  // (A buffer given another prototype: sliced by its kind's own method, which checks the slots.)
  const slice = SharedByteLength && brand(SharedByteLength, buffer) ? SAB!.prototype.slice : ArrayBuffer.prototype.slice;
  return apply(slice, buffer, [0]) as object;
}

export interface FreshOptions {
  /** Converts a value inside (a Map's entries, an error's cause, a promise's outcome) for the host. */
  toHost(value: unknown): unknown;
  /** A promise's rejection, converted for the host. */
  thrownToHost(error: unknown): unknown;
}

/**
 * A fresh host-side value of the same built-in kind as `value`, or undefined when it is of none (the caller then
 * copies or views it as any package object). WeakMap, WeakSet and WeakRef cross as undefined too: their entries
 * cannot be converted, so they get the generic view (whose methods throw).
 */
export function freshForHost(value: object, o: FreshOptions): object | undefined {
  // Methods hung on it (a Date given handleEvent): the caller's converting view, which sees them live.
  if (hasFunction(value)) return undefined;
  const kind = slotKind(value);
  switch (kind) {
    case 'TypedArray':
    case 'DataView':
      return freshView(kind, value, (buffer) => bufferForHost(buffer, false));
    case 'ArrayBuffer':
      return bufferForHost(value, true);
    case 'Date':
      return new Date(apply(DateGetTime, value, []) as number);
    case 'RegExp':
      return new RegExp(value as RegExp);
    case 'Map': {
      const out = new Map();
      apply(MapForEach, value, [(v: unknown, k: unknown) => apply(MapSet, out, [o.toHost(k), o.toHost(v)])]);
      return out;
    }
    case 'Set': {
      const out = new Set();
      apply(SetForEach, value, [(v: unknown) => apply(SetAdd, out, [o.toHost(v)])]);
      return out;
    }
    case 'Weak':
    case 'Promise':
      return undefined;
  }
  for (let p = getPrototypeOf(value) as object | null; p; p = getPrototypeOf(p) as object | null) {
    // A promise (a subclass's too): a promise of this realm of its outcome, whatever the package's `then` or species
    // say. A fake one (no slots) makes the built-in `then` throw, and the crossing fails closed.
    if (p === Promise.prototype) {
      return new PromiseCtor((resolve, reject) => {
        apply(PromisePrototypeThen, value, [(v: unknown) => resolve(o.toHost(v)), (e: unknown) => reject(o.thrownToHost(e))]);
      });
    }
    if (SAB && p === SAB.prototype) return brand(SharedByteLength!, value) ? bufferForHost(value, true) : undefined;
    for (const [proto, valueOf, Ctor] of WRAPPERS) {
      if (p === proto) return brand(valueOf, value) ? new Ctor(apply(valueOf, value, [])) : undefined;
    }
    const ErrorCtor = ERRORS.get(p);
    if (ErrorCtor) return freshError(value, ErrorCtor, o);
  }
  return undefined;
}

/** A real error of the same kind, its own properties (message, stack, cause, …) read once and converted. */
function freshError(value: object, ErrorCtor: new (message?: string) => Error, o: FreshOptions): object {
  const out = construct(ErrorCtor, []) as object;
  for (const key of ownKeys(value)) {
    const d = getOwnPropertyDescriptor(value, key);
    if (!d) continue;
    let v: unknown;
    try {
      v = 'value' in d ? d.value : reflectGet(value, key); // (an engine's own `stack` accessor, a package getter)
    } catch {
      continue;
    }
    defineProperty(out, key, { value: o.toHost(v), writable: true, enumerable: Boolean(d.enumerable), configurable: true });
  }
  return out;
}

export interface ForPackageOptions {
  /** Converts a value the host value holds (a Map's entry, an error's cause) for the package. */
  toPackage(value: unknown, key: PropertyKey): unknown;
  /** A fresh value made for a real one: the same one the next time the real crosses, and the real going back. */
  remember(real: object, fresh: object): void;
  refuse(what: string): never;
}

/**
 * A host value of an ECMAScript built-in kind as the package gets it (invariant 1: what a Map, a Set, an Error holds
 * is the app's, and may be a real element: `new Error('x', { cause: el })` in an `error` event, a registry `Map` of
 * the app's). A container (Map, Set, Error) is a fresh one of its kind holding the converted values, never the app's
 * live one; typed arrays and DataViews become fresh views of the same bytes (whatever was hung on the real one stays
 * there); a Date, RegExp or primitive wrapper with nothing hung on it crosses as itself; WeakMap, WeakSet and WeakRef
 * are refused, as their contents cannot be converted. Undefined for a value of no such kind (and for promises, which
 * the membrane maps itself). Errors and views are remembered: the same real one gives the same fresh one.
 */
export function forPackage(value: object, o: ForPackageOptions): unknown {
  const kind = slotKind(value);
  switch (kind) {
    case 'TypedArray':
    case 'DataView': {
      const fresh = freshForHost(value, { toHost: (v) => v, thrownToHost: (e) => e })!;
      o.remember(value, fresh);
      return fresh;
    }
    case 'ArrayBuffer':
      return ownKeys(value).length === 0 && getPrototypeOf(value) === ArrayBuffer.prototype ? value : apply(ArrayBuffer.prototype.slice, value, [0]);
    case 'Weak':
      return o.refuse('a WeakMap, WeakSet or WeakRef of the page (its contents cannot be converted)');
    // Always a copy, never the app's live container: a real element it is given later would reach the package too.
    case 'Map': {
      const out = new Map();
      apply(MapForEach, value, [(v: unknown, k: unknown) => apply(MapSet, out, [o.toPackage(k, 'key'), o.toPackage(v, typeof k === 'string' ? k : 'value')])]);
      return out;
    }
    case 'Set': {
      const out = new Set();
      apply(SetForEach, value, [(v: unknown) => apply(SetAdd, out, [o.toPackage(v, 'entry')])]);
      return out;
    }
    case 'Date':
      return hasOwnKeys(value) ? new Date(apply(DateGetTime, value, []) as number) : value;
    case 'RegExp':
      return onlyPrimitives(value) ? value : new RegExp(value as RegExp);
  }
  for (let p = getPrototypeOf(value) as object | null; p; p = getPrototypeOf(p) as object | null) {
    if (SAB && p === SAB.prototype) return value; // bytes, shared by design
    for (const [proto, valueOf, Ctor] of WRAPPERS) {
      if (p === proto) return onlyPrimitives(value) ? value : new Ctor(apply(valueOf, value, []));
    }
    const ErrorCtor = ERRORS.get(p);
    if (ErrorCtor) {
      // A fresh error each time it is new (an app's error may be given a cause, or an element, later).
      const fresh = construct(ErrorCtor, []) as object;
      for (const key of ownKeys(value)) {
        const d = getOwnPropertyDescriptor(value, key);
        if (!d) continue;
        const v = o.toPackage('value' in d ? d.value : reflectGet(value, key), key);
        defineProperty(fresh, key, { value: v, writable: true, enumerable: Boolean(d.enumerable), configurable: true });
      }
      o.remember(value, fresh);
      return fresh;
    }
  }
  return undefined;
}

const hasOwnKeys = (value: object) => ownKeys(value).length !== 0;
/** The engine's own `stack` accessor of errors (Chromium's is an own accessor, the same functions on every error). */
const ENGINE_STACK = getOwnPropertyDescriptor(new Error(), 'stack');
/** An own function-valued property or accessor, typed arrays' indices aside (reading those keys is O(length)). */
function hasFunction(value: object): boolean {
  if (slotKind(value) === 'TypedArray') return false; // a fresh view drops whatever was hung on it
  for (const key of ownKeys(value)) {
    const d = getOwnPropertyDescriptor(value, key);
    if (!d) continue;
    if ('value' in d ? typeof d.value === 'function' : !(key === 'stack' && d.get === ENGINE_STACK?.get && d.set === ENGINE_STACK?.set)) return true;
  }
  return false;
}
/** Every own property a data property holding a primitive (an error's message and stack, a RegExp's lastIndex). */
function onlyPrimitives(value: object): boolean {
  for (const key of ownKeys(value)) {
    const d = getOwnPropertyDescriptor(value, key);
    if (!d || !('value' in d)) return false;
    const v: unknown = d.value;
    if (v !== null && (typeof v === 'object' || typeof v === 'function')) return false;
  }
  return true;
}
