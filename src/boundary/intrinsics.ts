// Which values every package already shares with the app (the hardened ECMAScript intrinsics: `Object.prototype`,
// `Array`, `Map.prototype.get`, …), and unspoofable brand checks for the values whose behaviour lives in internal
// slots (a Map's entries, a typed array's bytes, a promise's state). The crossings use both: an intrinsic crosses
// as itself (identity: `x instanceof Object` keeps working on both sides), and a slot-bearing value cannot be
// proxied (its methods throw on a proxy), so it is copied or re-viewed instead.
// Everything here is captured when this module first runs, in the runtime, before any other script.
import { apply, getOwnPropertyDescriptor, getPrototypeOf, ownKeys } from './primordials.js';

const getter = (proto: object, key: PropertyKey) => getOwnPropertyDescriptor(proto, key)!.get!;
const MapSize = getter(Map.prototype, 'size');
const SetSize = getter(Set.prototype, 'size');
const WeakMapHas = WeakMap.prototype.has;
const WeakSetHas = WeakSet.prototype.has;
const TypedArrayProto = getPrototypeOf(Uint8Array.prototype) as object;
const TypedArrayTag = getter(TypedArrayProto, Symbol.toStringTag);
const ArrayBufferByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const DataViewByteLength = getter(DataView.prototype, 'byteLength');
const DateGetTime = Date.prototype.getTime;
const RegExpSource = getter(RegExp.prototype, 'source');
const PromisePrototype = Promise.prototype;
const WeakRefDeref = typeof WeakRef === 'function' ? WeakRef.prototype.deref : undefined;

const brand = (fn: (...args: never[]) => unknown, value: object, args: unknown[] = []): boolean => {
  try {
    apply(fn, value, args);
    return true;
  } catch {
    return false;
  }
};

export type SlotKind = 'Map' | 'Set' | 'Weak' | 'TypedArray' | 'ArrayBuffer' | 'DataView' | 'Date' | 'RegExp' | 'Promise';

/** Each slot-bearing kind: its prototype, and the built-in's own brand check (a prototype can lie; slots cannot). */
const KINDS = new Map<object, [SlotKind, (value: object) => boolean]>([
  [Map.prototype, ['Map', (v) => brand(MapSize, v)]],
  [Set.prototype, ['Set', (v) => brand(SetSize, v)]],
  [TypedArrayProto, ['TypedArray', (v) => apply(TypedArrayTag, v, []) !== undefined]],
  [WeakMap.prototype, ['Weak', (v) => brand(WeakMapHas, v, [{}])]],
  [WeakSet.prototype, ['Weak', (v) => brand(WeakSetHas, v, [{}])]],
  [ArrayBuffer.prototype, ['ArrayBuffer', (v) => brand(ArrayBufferByteLength, v)]],
  [DataView.prototype, ['DataView', (v) => brand(DataViewByteLength, v)]],
  [Date.prototype, ['Date', (v) => brand(DateGetTime, v)]],
  [RegExp.prototype, ['RegExp', (v) => v !== RegExp.prototype && brand(RegExpSource, v)]],
]);
if (WeakRefDeref) KINDS.set(WeakRef.prototype, ['Weak', (v) => brand(WeakRefDeref, v)]);
const MapGet = Map.prototype.get;

/**
 * The kind of internal slots `value` has: looked up by its prototype chain (no exception thrown for the ordinary
 * objects that are nearly every value), then confirmed by the brand check. An object whose prototype was changed to
 * hide its slots is treated as ordinary: a proxy of it has no slots, so nothing inside leaks through one.
 */
export function slotKind(value: object): SlotKind | undefined {
  for (let p = getPrototypeOf(value) as object | null; p; p = getPrototypeOf(p) as object | null) {
    const kind = apply(MapGet, KINDS, [p]) as [SlotKind, (value: object) => boolean] | undefined;
    if (kind) return kind[1](value) ? kind[0] : undefined;
  }
  return undefined;
}

/**
 * A promise, by its prototype chain: no brand check exists that adds no reaction. A fake one (a plain object given
 * Promise.prototype) makes the crossing's own `then` throw, so it fails closed.
 */
export function isPromise(value: object): boolean {
  for (let p = getPrototypeOf(value); p; p = getPrototypeOf(p)) if (p === PromisePrototype) return true;
  return false;
}

export interface Intrinsics {
  /** A value shared by every compartment: crosses as itself. */
  has(value: object): boolean;
  IteratorPrototype: object;
  AsyncIteratorPrototype: object;
}

/**
 * Collects everything reachable (properties, accessors, prototypes) from `roots`: in the runtime, a fresh SES
 * compartment's global, which holds exactly the shared intrinsics. The iterator prototypes, which no property
 * reaches, are added by instance.
 */
export function collectIntrinsics(roots: readonly unknown[]): Intrinsics {
  const set = new WeakSet<object>();
  /* eslint-disable @typescript-eslint/no-empty-function */
  const IteratorPrototype = getPrototypeOf(getPrototypeOf([][Symbol.iterator]()) as object) as object;
  const AsyncIteratorPrototype = getPrototypeOf(getPrototypeOf((async function* () {}).prototype) as object) as object;
  const extra: unknown[] = [
    IteratorPrototype, AsyncIteratorPrototype,
    getPrototypeOf([][Symbol.iterator]()), getPrototypeOf(new Map().entries()), getPrototypeOf(new Set().values()),
    getPrototypeOf(''[Symbol.iterator]()), getPrototypeOf(/a/[Symbol.matchAll]('')),
    getPrototypeOf(function* () {}), getPrototypeOf(async function* () {}), getPrototypeOf(async function () {}),
  ];
  /* eslint-enable @typescript-eslint/no-empty-function */
  const queue: unknown[] = [...roots, ...extra];
  while (queue.length) {
    const value = queue.pop();
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || set.has(value)) continue;
    set.add(value);
    queue.push(getPrototypeOf(value));
    for (const key of ownKeys(value)) {
      const d = getOwnPropertyDescriptor(value, key);
      if (!d) continue;
      if ('value' in d) queue.push(d.value);
      else queue.push(d.get, d.set);
    }
  }
  return { has: (value) => set.has(value), IteratorPrototype, AsyncIteratorPrototype };
}
