// The host membrane's look at plain data (host-membrane.ts): arrays and records of this window, their (cycle-safe)
// copies, objects of another window, and package objects that carry behaviour.
import {
  apply, ArrayPrototype, getOwnPropertyDescriptor, getOwnPropertySymbols, getPrototypeOf, isArray, objectCreate, MapCtor, ObjectPrototype, ownKeys,
  propertyIsEnumerable, ProxyCtor, reflectGet, reflectHas, reflectSet,
} from './primordials.js';
import type { Label } from './host-stand-in.js';

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

/**
 * Plain data's shape, read once: Array.prototype for an array, else the prototype a record's copy gets
 * (Object.prototype or null), or undefined for anything else. The copy is given this answer and never asks again: a
 * package's Proxy answers getPrototypeOf anew each time, and a copy made on a second answer would inherit from the
 * package's own object (its `handleEvent` getter) where the host looks members up.
 */
export function dataShape(value: object, anyArray: boolean): object | null | undefined {
  if (isArray(value)) return anyArray || getPrototypeOf(value) === ArrayPrototype ? ArrayPrototype : undefined;
  const p = getPrototypeOf(value);
  return p === ObjectPrototype || p === null ? p : undefined;
}

type Out = Record<PropertyKey, unknown>;
/** Runs a copy under its direction's cycle guard (the outermost copy clears it); undefined when `fill` gives up. */
function guarded(value: object, shape: object | null, direction: 'package' | 'host', fill: (out: Out) => boolean): object | undefined {
  const outer = copying[direction] === undefined;
  const seen = (copying[direction] ??= new MapCtor<object, object>());
  try {
    const done = seen.get(value);
    if (done) return done;
    const out: Out = shape === ArrayPrototype ? [] : objectCreate(shape);
    seen.set(value, out);
    if (fill(out)) return out;
    seen.delete(value);
    return undefined;
  } finally {
    if (outer) copying[direction] = undefined;
  }
}

/**
 * The app's plain data as a package gets it (a JSON result, an entries array, the app's state): a fresh copy, each
 * object in it converted. An array's elements by index (a hole reads as undefined; other properties an array was
 * given are not copied); a record's enumerable properties, symbols included (`for…in`: its prototype is
 * Object.prototype, frozen with no enumerable property, or null). An accessor's value is read (the app's getter runs
 * as the app's code), as structured cloning does. No descriptor per property: this is the hot path of a data
 * library fed by host APIs (a descriptor each cost 3× the copy).
 */
export function copyForPackage(value: object, shape: object | null, where: Label, convert: (v: object, where: Label, key: string | symbol) => unknown): object {
  return guarded(value, shape, 'package', (out) => {
    if (shape === ArrayPrototype) {
      const n = reflectGet(value, 'length') as number;
      for (let i = 0; i < n; i++) {
        const v: unknown = (value as unknown[])[i];
        out[i] = v !== null && (typeof v === 'object' || typeof v === 'function') ? convert(v, where, `${i}`) : v;
      }
      out.length = n; // (trailing holes)
      return true;
    }
    for (const key in value) {
      const v: unknown = (value as Out)[key];
      out[key] = v !== null && (typeof v === 'object' || typeof v === 'function') ? convert(v, where, key) : v;
    }
    const symbols = getOwnPropertySymbols(value);
    for (let i = 0; i < symbols.length; i++) {
      const key = symbols[i]!;
      if (!apply(propertyIsEnumerable, value, [key])) continue;
      const v: unknown = reflectGet(value, key);
      out[key as unknown as string] = v !== null && (typeof v === 'object' || typeof v === 'function') ? convert(v, where, key) : v;
    }
    return true;
  })!;
}

/**
 * A package's plain data as the host gets it (an option bag, a message): a snapshot copy, each value converted, or
 * undefined when it carries behaviour (an accessor, a function-valued property), which the caller views live, as a
 * snapshot would freeze it in time. One pass, one descriptor per property, and the value used is the one checked
 * (a Proxy's traps are asked once).
 */
export function copyForHost(value: object, shape: object | null, convert: (v: unknown) => unknown): object | undefined {
  return guarded(value, shape, 'host', (out) => {
    const keys = ownKeys(value);
    const array = shape === ArrayPrototype;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const d = getOwnPropertyDescriptor(value, key);
      if (!d) continue;
      if (!('value' in d) || typeof d.value === 'function') return false;
      if (d.enumerable || array) out[key as string] = convert(d.value);
    }
    return true;
  });
}

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
