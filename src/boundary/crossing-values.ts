// Values whose behaviour lives in internal slots cross as new values of the same kind, never as a proxy (their
// methods throw on one) and never as themselves (a Map of the app's could hold a real node): a Map or Set is copied
// with every key and value converted, a typed array becomes a fresh view of the same bytes, a Date or RegExp a copy,
// a promise a promise of the converted result, an iterator one whose results are converted.
import { apply, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, objectCreate, ownKeys, reflectGet } from './primordials.js';
import type { Intrinsics, SlotKind } from './intrinsics.js';
import { freshView } from './byte-views.js';

type Convert = (value: unknown, label: string) => unknown;

const MapCtor = Map;
const SetCtor = Set;
const MapForEach = Map.prototype.forEach;
const SetForEach = Set.prototype.forEach;
const MapSet = Map.prototype.set;
const SetAdd = Set.prototype.add;
const PromiseThen = Promise.prototype.then;
const ArrayBufferSlice = ArrayBuffer.prototype.slice;
const DateGetTime = Date.prototype.getTime;
const DateCtor = Date;
const RegExpCtor = RegExp;
/**
 * An ArrayBuffer crosses as itself (bytes hold no object) unless it has properties of its own or a prototype that
 * is not the built-in one, which could carry anything: then as a copy of its bytes.
 */
function plainBuffer(buffer: object, intrinsics: Intrinsics): object {
  const proto = getPrototypeOf(buffer);
  if (ownKeys(buffer).length === 0 && proto && intrinsics.has(proto)) return buffer;
  return apply(ArrayBufferSlice, buffer, [0]) as object;
}

/** Converts a slot-bearing value; `memo` is this crossing's record of copies (cycles, shared entries). */
export function crossSlotted(kind: SlotKind, value: object, convert: Convert, label: string, intrinsics: Intrinsics, memo: Map<object, unknown>): unknown {
  switch (kind) {
    case 'Map': {
      const out = new MapCtor();
      memo.set(value, out);
      apply(MapForEach, value, [(v: unknown, k: unknown) => apply(MapSet, out, [convert(k, `a key of ${label}`), convert(v, `a value of ${label}`)])]);
      return out;
    }
    case 'Set': {
      const out = new SetCtor();
      memo.set(value, out);
      apply(SetForEach, value, [(v: unknown) => apply(SetAdd, out, [convert(v, `an entry of ${label}`)])]);
      return out;
    }
    case 'TypedArray':
    case 'DataView':
      return freshView(kind, value, (buffer) => plainBuffer(buffer, intrinsics));
    case 'ArrayBuffer':
      return plainBuffer(value, intrinsics);
    case 'Date':
      return new DateCtor(apply(DateGetTime, value, []) as number);
    case 'RegExp':
      return new RegExpCtor(value as RegExp);
    case 'Promise':
    case 'Weak':
      throw new TypeError(`Portcullis: a ${kind} cannot cross between the app and a package (${label})`);
  }
}

/**
 * A promise of the converted outcome: the result converted one way, a rejection converted the same way. The
 * promise's own properties (ky's `.json()` on the promise it returns) are carried over, converted.
 */
export function crossPromise(value: object, convert: Convert, thrown: (e: unknown) => unknown, label: string): Promise<unknown> {
  const promise = apply(PromiseThen, value, [
    (v: unknown) => convert(v, `result of ${label}`),
    (e: unknown) => {
      throw thrown(e);
    },
  ]) as Promise<unknown>;
  copyOwnConverted(value, promise, convert);
  return promise;
}

/** Own string-keyed data properties of `from`, converted, onto `to` (a promise's expando methods). */
export function copyOwnConverted(from: object, to: object, convert: Convert): void {
  for (const key of ownKeys(from)) {
    const d = getOwnPropertyDescriptor(from, key);
    if (!d || !('value' in d) || typeof key !== 'string') continue;
    defineProperty(to, key, { value: convert(d.value, key), writable: true, enumerable: Boolean(d.enumerable), configurable: true });
  }
}

/** True for an iterator whose `next` the built-ins implement (generators, array/Map/Set/string iterators). */
export function isIteratorObject(value: object, intrinsics: Intrinsics): boolean {
  for (let p = getPrototypeOf(value) as object | null; p; p = getPrototypeOf(p) as object | null) {
    if (p === intrinsics.IteratorPrototype || p === intrinsics.AsyncIteratorPrototype) return true;
  }
  return false;
}

/**
 * An iterator of the other side, driven through its own `next`/`return`/`throw` (called on the real one, whose
 * slots they need); every result and every value sent in is converted. Async iterators give converted promises.
 */
export function crossIterator(value: object, convert: Convert, back: Convert, thrown: (e: unknown) => unknown, label: string, intrinsics: Intrinsics): object {
  let async = false;
  for (let p = getPrototypeOf(value) as object | null; p; p = getPrototypeOf(p) as object | null) if (p === intrinsics.AsyncIteratorPrototype) async = true;
  const result = (r: unknown) => {
    const done = Boolean(reflectGet(r as object, 'done'));
    return { done, value: convert(reflectGet(r as object, 'value'), `a value of ${label}`) };
  };
  const step = (name: string) =>
    function (this: unknown, arg?: unknown) {
      const method = reflectGet(value, name) as ((v: unknown) => unknown) | undefined;
      if (typeof method !== 'function') return name === 'next' ? { done: true, value: undefined } : { done: true, value: arg };
      try {
        const r = apply(method, value, [back(arg, `a value sent to ${label}`)]);
        return async ? apply(PromiseThen, r, [result, (e: unknown) => { throw thrown(e); }]) : result(r);
      } catch (error) {
        throw thrown(error);
      }
    };
  const standIn = objectCreate(async ? intrinsics.AsyncIteratorPrototype : intrinsics.IteratorPrototype) as Record<string, unknown>;
  standIn.next = step('next');
  standIn.return = step('return');
  standIn.throw = step('throw');
  return standIn;
}
