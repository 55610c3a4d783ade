// Per-membrane tables keyed by objects, as private fields stamped on the keys (host-membrane.ts, src/dom/tables.ts).
//
// Why a package can neither read nor forge a stamp: a private field is not a property. No reflection sees it
// (Reflect.ownKeys, getOwnPropertyDescriptors, for-in, spread, JSON, structuredClone), a Proxy's traps are never
// called for it (`#f in proxy` asks the proxy itself, not its target), and only code inside the class body that
// declared it can name it. Each table is a class made inside its own call here and never handed out, so no code
// outside this module, package or app, holds a way to read, write or test one, and the tables of different
// packages are different fields. What gets stamped are the host-side keys (real nodes, real events, reals behind
// stand-ins), which packages never hold; were one to reach a package, it would still see nothing. A Symbol key
// would be visible to Reflect.ownKeys on the key: that is why there is none.
import { WeakMapCtor } from './primordials.js';

export interface Stamp<V extends object> {
  get(key: object): V | undefined;
  set(key: object, value: V): void;
  has(key: object): boolean;
}

/** A membership set: `add` and `has`, never `delete` (the DOM's owned and taken nodes stay so). */
export interface Marks<K extends object> {
  add(key: K): void;
  has(key: K): boolean;
}

/** Returns its argument from a constructor, so a subclass's field initialisers stamp that object. */
class Base {
  constructor(key: object) {
    return key;
  }
}

/**
 * A per-membrane table from objects to objects, kept as a private field stamped on the key (the constructor
 * return-override trick), with a WeakMap for objects that refuse one. A WeakMap per event made the listener and
 * timer paths 4× slower than plain: every garbage collection walks its ephemerons (measured: 100k real/stand-in
 * pairs, 1.4 s in two WeakMaps, 0.14 s as stamps). The field is invisible to any code but this closure's.
 */
export function createStamp<V extends object>(): Stamp<V> {
  class Stamped extends Base {
    #value: V;
    constructor(key: object, value: V) {
      super(key);
      this.#value = value;
    }
    static read(key: object): V | undefined {
      return #value in key ? (key as Stamped).#value : undefined;
    }
    static write(key: object, value: V): boolean {
      if (!(#value in key)) return false;
      (key as Stamped).#value = value;
      return true;
    }
  }
  let fallback: WeakMap<object, V> | undefined;
  const get = (key: object): V | undefined => Stamped.read(key) ?? (fallback && fallback.get(key));
  return {
    get,
    set(key, value) {
      if (Stamped.write(key, value)) return;
      try {
        new Stamped(key, value);
      } catch {
        // A WindowProxy, an engine that refuses a private field on a Proxy or a non-extensible object.
        (fallback ??= new WeakMapCtor<object, V>()).set(key, value);
      }
    },
    has: (key) => get(key) !== undefined,
  };
}
