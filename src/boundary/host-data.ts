// The host membrane's look at plain data (host-membrane.ts): which arrays and records hold nothing to convert, their
// copies, objects of another window, and package objects that carry behaviour.
import {
  ArrayPrototype, getOwnPropertyDescriptor, getPrototypeOf, isArray, objectCreate, ObjectPrototype, ownKeys, ProxyCtor, reflectGet, reflectHas, reflectSet,
} from './primordials.js';

/** How deep a clean-data check looks before it calls the value not clean (then it is copied, converted). */
const MAX_DEPTH = 32;

/** Another window's object: its chain ends at another realm's Object.prototype (or is hidden, cross-origin). */
export function foreign(value: object): boolean {
  let last: object = value;
  for (let p = getPrototypeOf(value) as object | null; p; p = getPrototypeOf(p) as object | null) last = p;
  return last !== ObjectPrototype && last !== value;
}

/** An array or record from the host holds nothing that needs converting (primitives, nested clean data). */
export function clean(value: object, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const keys = ownKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const d = getOwnPropertyDescriptor(value, keys[i]!);
    if (!d) continue;
    if (!('value' in d)) return false;
    const v: unknown = d.value;
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) continue;
    if (typeof v === 'function') return false;
    if (isPlainArray(v) || isRecord(v)) {
      if (!clean(v, depth + 1)) return false;
      continue;
    }
    return false; // a Map, an Error, a typed array: converted by forPackage (what it holds may be the app's)
  }
  return true;
}
/**
 * An array of this window: Array.isArray holds for another window's too, whose `constructor` is that window's Array
 * (its Function evaluates there), and for an instance of the app's subclass (whose constructor is the app's class).
 */
export const isPlainArray = (v: object) => isArray(v) && getPrototypeOf(v) === ArrayPrototype;
export const isRecord = (v: object) => {
  const p = getPrototypeOf(v);
  return p === ObjectPrototype || p === null;
};


export function copy(value: object, convert: (v: unknown, key: PropertyKey) => unknown): object {
  const out: Record<PropertyKey, unknown> = isArray(value) ? [] : objectCreate(getPrototypeOf(value) as object | null);
  const keys = ownKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const d = getOwnPropertyDescriptor(value, key);
    if (!d || (!d.enumerable && !isArray(value))) continue;
    out[key as string] = convert('value' in d ? d.value : reflectGet(value, key), key);
  }
  return out;
}

/** An own accessor or function-valued property: behaviour, which a copy would freeze in time. */
export const hasCode = (value: object) => {
  const keys = ownKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const d = getOwnPropertyDescriptor(value, keys[i]!);
    if (d && (!('value' in d) || typeof d.value === 'function')) return true;
  }
  return false;
};

/**
 * The host's view of a package object with behaviour (a handleEvent listener, a record with getters): live, every
 * read converted for the host (a package getter runs on the package's own object, whatever receiver the host uses),
 * every value the host stores converted for the package.
 */
export function convertingView(
  value: object,
  toHost: (v: unknown) => unknown,
  toPackage: (v: unknown, key: PropertyKey) => unknown,
  thrownToHost: (error: unknown) => unknown,
): object {
  /** A trap runs the package's code (a getter, its Proxy's traps): what that throws is converted too. */
  const guarded = <A extends unknown[], R>(trap: (...args: A) => R) => (...args: A): R => {
    try {
      return trap(...args);
    } catch (error) {
      throw thrownToHost(error);
    }
  };
  return new ProxyCtor(objectCreate(null) as object, {
    get: guarded((_t: object, key: PropertyKey) => toHost(reflectGet(value, key, value))),
    set: guarded((_t: object, key: PropertyKey, v: unknown) => reflectSet(value, key, toPackage(v, key), value)),
    has: guarded((_t: object, key: PropertyKey) => reflectHas(value, key)),
    ownKeys: guarded(() => ownKeys(value)),
    getOwnPropertyDescriptor: guarded((_t: object, key: PropertyKey) => {
      const d = getOwnPropertyDescriptor(value, key);
      return d && { value: toHost('value' in d ? d.value : reflectGet(value, key, value)), writable: true, enumerable: d.enumerable, configurable: true };
    }),
  });
}
