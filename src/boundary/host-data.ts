// The host membrane's look at plain data (host-membrane.ts): arrays and records of this window, their (cycle-safe)
// copies, objects of another window, and package objects that carry behaviour.
import {
  ArrayPrototype, getOwnPropertyDescriptor, getPrototypeOf, isArray, objectCreate, MapCtor, ObjectPrototype, ownKeys, ProxyCtor, reflectGet, reflectHas, reflectSet,
} from './primordials.js';

/** Another window's object: its chain ends at another realm's Object.prototype (or is hidden, cross-origin). */
export function foreign(value: object): boolean {
  let last: object = value;
  for (let p = getPrototypeOf(value) as object | null; p; p = getPrototypeOf(p) as object | null) last = p;
  return last !== ObjectPrototype && last !== value;
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


/** Per direction, the copies made so far by the copy under way: a cycle (a parent pointer) is copied as a cycle. */
const copying: Record<'package' | 'host', Map<object, object> | undefined> = { package: undefined, host: undefined };

export function copy(value: object, convert: (v: unknown, key: PropertyKey) => unknown, direction: 'package' | 'host'): object {
  const outer = copying[direction] === undefined;
  const seen = (copying[direction] ??= new MapCtor<object, object>());
  try {
    const done = seen.get(value);
    if (done) return done;
    const out: Record<PropertyKey, unknown> = isArray(value) ? [] : objectCreate(getPrototypeOf(value) as object | null);
    seen.set(value, out);
    const keys = ownKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const d = getOwnPropertyDescriptor(value, key);
      if (!d || (!d.enumerable && !isArray(value))) continue;
      out[key as string] = convert('value' in d ? d.value : reflectGet(value, key), key);
    }
    return out;
  } finally {
    if (outer) copying[direction] = undefined;
  }
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
