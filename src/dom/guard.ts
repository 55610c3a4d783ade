// Invariant 1 inside the facade: an error the browser throws while a wrapper works (a DOMException: `appendChild`
// of an ancestor, `classList.add('')`, `getImageData(0, 0, 0, 0)`) is a real host object, whose prototype
// (`DOMException.prototype`, shared with the app) a package could then write to spy on the app's own errors (THREATS.md
// row 50's class). Every member of every facade class and object is guarded once, when it is made: what it throws
// reaches the package as a plain error with the DOMException's name and message.
import { apply, defineProperty, getOwnPropertyDescriptor, ownKeys } from '../boundary/primordials.js';

export type Convert = (error: unknown) => unknown;

export function createConvert(win: Window & typeof globalThis): Convert {
  const DOMExceptionCtor = win.DOMException;
  return (error) => {
    if (!(error instanceof DOMExceptionCtor)) return error;
    const Ctor = error.name === 'SyntaxError' ? SyntaxError : TypeError;
    return new Ctor(`${error.name}: ${error.message}`);
  };
}

const guarded = new WeakSet<object>();

/** Wraps every configurable function and accessor of `target` (a prototype or a stand-in object) in place. */
export function guardMembers<T extends object>(target: T, convert: Convert): T {
  if (guarded.has(target)) return target;
  guarded.add(target);
  for (const key of ownKeys(target)) {
    if (key === 'constructor') continue;
    const d = getOwnPropertyDescriptor(target, key)!;
    if (!d.configurable) continue; // only the facade's own fixed readers of primitives (event fields, on* stubs)
    if (typeof d.value === 'function') d.value = guardFunction(d.value as (...a: unknown[]) => unknown, convert);
    else if (d.get || d.set) {
      if (d.get) d.get = guardFunction(d.get, convert);
      if (d.set) d.set = guardFunction(d.set, convert);
    } else continue;
    defineProperty(target, key, d);
  }
  return target;
}

function guardFunction(fn: (...a: unknown[]) => unknown, convert: Convert): (...a: unknown[]) => unknown {
  // A method (not a constructor), `this` passed on.
  return {
    guarded(this: unknown, ...args: unknown[]) {
      try {
        return apply(fn, this, args);
      } catch (error) {
        throw convert(error);
      }
    },
  }.guarded;
}
