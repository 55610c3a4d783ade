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

/** The kind of internal slots `value` has, told by the built-ins' own brand checks (a prototype can lie; slots cannot). */
export function slotKind(value: object): SlotKind | undefined {
  if (brand(MapSize, value)) return 'Map';
  if (brand(SetSize, value)) return 'Set';
  if (apply(TypedArrayTag, value, []) !== undefined) return 'TypedArray';
  if (brand(WeakMapHas, value, [{}]) || brand(WeakSetHas, value, [{}]) || (WeakRefDeref && brand(WeakRefDeref, value))) return 'Weak';
  if (brand(ArrayBufferByteLength, value)) return 'ArrayBuffer';
  if (brand(DataViewByteLength, value)) return 'DataView';
  if (brand(DateGetTime, value)) return 'Date';
  if (value !== RegExp.prototype && brand(RegExpSource, value)) return 'RegExp';
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
