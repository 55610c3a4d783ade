// The stand-in for an object or function that crosses by reference (an app class instance, a frozen object, the
// package's widget, a callback): a Proxy over a *shadow* target of the same kind, every trap answered from the real
// object and every value converted on the way through, so nothing of one side is handed to the other unconverted.
// Threat: a proxy over the real object itself must report the real values of its frozen properties (Proxy
// invariants), so it could not substitute a wrapper for a node inside a frozen object (PITFALLS, "Membranes in one
// realm"). The shadow starts empty and extensible; a property is copied onto it (converted) only when an invariant
// needs it: a non-configurable property is described, or the real object is found non-extensible.
import {
  apply, construct, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, objectCreate, ownKeys, ProxyCtor,
  reflectGet, reflectHas, reflectSet, setPrototypeOf,
} from './primordials.js';

const { isExtensible, preventExtensions, deleteProperty: reflectDelete, defineProperty: reflectDefine } = Reflect;

/** How values cross, seen from the real object: `there` to the side the proxy is on, `back` to the real's side. */
export interface Crossing {
  there(value: unknown, label: string): unknown;
  back(value: unknown, label: string): unknown;
  /** A thrown value, converted for the proxy's side (a real DOMException becomes a plain error). */
  thrown(error: unknown): unknown;
  /** Told after each call through a proxy on this side returns (the membrane module's live bindings). */
  settled?(): void;
  /**
   * The prototype the proxy reports, when not the real one converted: a package sees only the intrinsic part of an
   * app object's chain (no app class to construct, no app prototype to call with a `this` of its choosing).
   */
  prototypeOf?(real: object): object | null;
}

const argLabel = (label: string, i: number) => `argument ${i + 1} of ${label}()`;
export const childLabel = (parent: string, key: PropertyKey): string => {
  const name = typeof key === 'symbol' ? `[${String(key.description)}]` : key;
  const call = /^argument \d+ of (.*)$/.exec(parent);
  return call ? `option ${name} of ${call[1]}` : `${name} of ${parent}`;
};

function convertDescriptor(d: PropertyDescriptor, convert: (v: unknown, label: string) => unknown, label: string): PropertyDescriptor {
  const out: PropertyDescriptor = { enumerable: d.enumerable, configurable: d.configurable };
  if ('value' in d) {
    out.value = convert(d.value, label);
    out.writable = d.writable;
  } else {
    out.get = convert(d.get, `getter ${label}`) as (() => unknown) | undefined;
    out.set = convert(d.set, `setter ${label}`) as ((v: unknown) => void) | undefined;
  }
  return out;
}

export function shadowProxy(real: object, c: Crossing, label: string): object {
  const isFn = typeof real === 'function';
  /* eslint-disable @typescript-eslint/no-empty-function */
  // Same kind as the real one: callable if it is, with an own `prototype` only if it has one (ownKeys invariant).
  const shadow: object = !isFn
    ? Array.isArray(real) ? [] : objectCreate(null)
    : getOwnPropertyDescriptor(real, 'prototype') ? function () {} : () => {};
  /* eslint-enable @typescript-eslint/no-empty-function */
  let proxy: object;
  /** Copies a non-configurable property onto the shadow (once), so the proxy may report it. */
  const pin = (key: PropertyKey, d: PropertyDescriptor): PropertyDescriptor => {
    const s = getOwnPropertyDescriptor(shadow, key);
    if (s && !s.configurable && (!('writable' in s) || !s.writable || d.writable)) return s;
    const converted = convertDescriptor(d, c.there, childLabel(label, key));
    defineProperty(shadow, key, converted);
    return converted;
  };
  const lock = () => {
    if (!isExtensible(shadow)) return;
    for (const key of ownKeys(real)) {
      const d = getOwnPropertyDescriptor(real, key);
      if (d) pin(key, d);
    }
    setPrototypeOf(shadow, protoOf());
    preventExtensions(shadow);
  };
  const protoOf = () => (c.prototypeOf ? c.prototypeOf(real) : (c.there(guard(() => getPrototypeOf(real)), `prototype of ${label}`) as object | null));
  const receiverBack = (receiver: unknown) => (receiver === proxy ? real : c.back(receiver, label));
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw c.thrown(error);
    }
  };

  proxy = new ProxyCtor(shadow, {
    get(_s, key, receiver) {
      if (key === 'constructor' && c.prototypeOf) {
        const proto = c.prototypeOf(real);
        return proto === null ? undefined : reflectGet(proto, 'constructor');
      }
      if (!isExtensible(shadow) || (isFn && key === 'prototype')) {
        const d = getOwnPropertyDescriptor(real, key);
        if (d && !d.configurable) {
          const pinned = pin(key, d);
          if ('value' in pinned && !pinned.writable) return pinned.value;
        }
      }
      const value = guard(() => reflectGet(real, key, receiverBack(receiver)));
      return c.there(value, typeof value === 'function' ? String(key) : childLabel(label, key));
    },
    set: (_s, key, value, receiver) =>
      guard(() => reflectSet(real, key, c.back(value, childLabel(label, key)), receiverBack(receiver))),
    has: (_s, key) => guard(() => reflectHas(real, key)),
    deleteProperty: (_s, key) => {
      const done = guard(() => reflectDelete(real, key));
      if (done) reflectDelete(shadow, key);
      return done;
    },
    ownKeys: () => {
      const keys = guard(() => ownKeys(real));
      if (!isExtensible(real)) lock();
      return keys;
    },
    getOwnPropertyDescriptor(_s, key) {
      const d = guard(() => getOwnPropertyDescriptor(real, key));
      if (!d) return undefined;
      if (!d.configurable) return pin(key, d);
      return convertDescriptor(d, c.there, childLabel(label, key));
    },
    defineProperty(_s, key, d) {
      const backed = convertDescriptor(d, c.back, childLabel(label, key));
      if ('value' in d && d.writable === undefined) delete backed.writable;
      const done = guard(() => reflectDefine(real, key, backed));
      if (done && d.configurable === false) {
        const now = getOwnPropertyDescriptor(real, key);
        if (now) pin(key, now);
      }
      return done;
    },
    getPrototypeOf: () => protoOf(),
    setPrototypeOf: (_s, proto) => guard(() => Reflect.setPrototypeOf(real, c.back(proto, label) as object | null)),
    isExtensible: () => {
      const extensible = guard(() => isExtensible(real));
      if (!extensible) lock();
      return extensible;
    },
    preventExtensions: () => {
      const done = guard(() => preventExtensions(real));
      if (done) lock();
      return done;
    },
    apply(_s, thisArg, args) {
      const backArgs: unknown[] = [];
      for (let i = 0; i < args.length; i++) backArgs[i] = c.back(args[i], argLabel(label, i));
      const self = c.back(thisArg, `this of ${label}()`);
      const result = guard(() => apply(real as (...a: unknown[]) => unknown, self, backArgs));
      c.settled?.();
      return c.there(result, `result of ${label}()`);
    },
    construct(_s, args, newTarget) {
      const backArgs: unknown[] = [];
      for (let i = 0; i < args.length; i++) backArgs[i] = c.back(args[i], argLabel(label, i));
      const target = newTarget === proxy ? real : c.back(newTarget, `subclass of ${label}`);
      const result = guard(() => construct(real as new (...a: unknown[]) => object, backArgs, target as new (...a: unknown[]) => object));
      c.settled?.();
      return c.there(result, `new ${label}()`) as object;
    },
  });
  return proxy;
}
