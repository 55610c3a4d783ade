// Invariant 1 ("Nothing real crosses", ../shared/DESIGN.md), the app's side, for packages that do not handle the
// page (no `dom` section, no `document` grant): the one measured exception. The app's values reach such a package
// as themselves, so a data library's loop over the app's array runs at full speed; a real host object (node,
// event, document, window) is refused wherever it can be found cheaply, with a PortcullisPolicyError naming the
// package and the path ("option el of render()").
// Checked: each argument of a package function or constructor the app calls (exports, functions and methods the
// package hands back, its classes' statics), the `this` of such a call, what the app's callbacks return to the
// package (and throw), values the app assigns to the package's objects, what the app's promises resolve to; each
// of these and one level into it: the first SCAN_LIMIT elements of an array, the first SCAN_LIMIT own enumerable
// properties of an object (plain, class instance, frozen or not), the first SCAN_LIMIT entries of a Map or Set.
// An object with more than SCAN_LIMIT own enumerable properties (a table, not an option bag) is scanned the first
// time it crosses only. Not checked: deeper levels, elements past SCAN_LIMIT, getters and methods of the app's objects (a package calling
// `options.getElement()` gets what it returns), an app subclass's overriding methods the package calls, anything
// the app reaches through the prototype of a package object, statics read or written through an app subclass of a
// package class (and that subclass and its prototype, which reach the package as themselves). README, "The way in",
// states the same line.
import { apply, construct, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, ProxyCtor, reflectGet, reflectSet, setPrototypeOf, WeakMapCtor } from './primordials.js';
import { isPromise, slotKind, type Intrinsics } from './intrinsics.js';
import { copyOwnConverted } from './crossing-values.js';
import { isPlainArray } from './host-data.js';

/**
 * How far one level is looked into (elements, own enumerable properties, entries): every call pays for it, so it is
 * small (measured: a lookup loop passing a 1000-key table pays the scan on each of its calls).
 */
export const SCAN_LIMIT = 32;

export interface ShallowMembraneOptions {
  intrinsics: Intrinsics;
  isHostObject(value: unknown): boolean;
  /** A real host object found at `label`: throws the refusal (report mode: reports and returns, the value passes). */
  refuseHost(value: object, label: string): void;
  /** Called after each call the app makes into the package returns. */
  settled?(): void;
  /** Dom-mode packages that import this one, when there are any: their values the app relays here. */
  peers?: PeerValues;
}

/**
 * The app handing this package a value of a dom-mode package that imports it (`app.use(pinia)`: pinia imports vue):
 * the two exchange values directly, so this package gets the value itself, not the stand-in made for the app, which
 * would reach the dom-mode package again through this one (`inject()`) and be worked on as the app's (its Map a copy
 * at each read). Such a value coming back to the app is that stand-in again. Top level only, like the rest here.
 */
export interface PeerValues {
  valueOf(standIn: object): unknown;
  standInOf(value: object): object | undefined;
}

const isObject = (v: unknown): v is object => v !== null && (typeof v === 'object' || typeof v === 'function');
const ObjectPrototype = Object.prototype;
const objectKeys = Object.keys;
const { isArray } = Array;
const MapEntries = Map.prototype.entries;
const SetValues = Set.prototype.values;
const PromiseThen = Promise.prototype.then;
const ErrorCtor = TypeError;
const rethrow = (error: unknown) => {
  throw error;
};
const KEY_OF = Symbol('a key'), VALUE_OF = Symbol('a value'), ENTRY_OF = Symbol('an entry');

export function createShallowMembrane(options: ShallowMembraneOptions) {
  const { intrinsics, isHostObject, refuseHost, settled, peers } = options;
  const appOf = new WeakMapCtor<object, unknown>(); // the package's stand-in for an app function → the function
  const packageOf = new WeakMapCtor<object, unknown>(); // the app's stand-in for a package value → the value
  const inward = new WeakMapCtor<object, object>();
  const outward = new WeakMapCtor<object, object>();
  const large = new WeakSet<object>();
  const subclasses = new WeakSet<object>();

  /** Host objects among the first SCAN_LIMIT entries of an iterator (a Map's, a Set's). */
  const scanEntries = (iterator: Iterator<unknown>, label: string) => {
    for (let i = 0; i < SCAN_LIMIT; i++) {
      const step = iterator.next();
      if (step.done) return;
      const entry = step.value;
      if (isArray(entry)) {
        checkOne(entry[0], label, KEY_OF);
        checkOne(entry[1], label, VALUE_OF);
      } else checkOne(entry, label, ENTRY_OF);
    }
  };
  /**
   * One value found inside `label` under `key`: plain objects and arrays are never host objects, so most values cost
   * a prototype read; the path is spelled out only for the error.
   */
  function checkOne(value: unknown, label: string, key: PropertyKey | number): void {
    if (!isObject(value) || isPlainArray(value)) return; // (another window's array is that window's host object)
    if (typeof value === 'object' && getPrototypeOf(value) === ObjectPrototype) return;
    if (isHostObject(value)) refuseHost(value, typeof key === 'number' ? `element ${key} of ${label}` : childLabel(label, key));
  }
  function check(value: object, label: string): void {
    if (isHostObject(value)) return refuseHost(value, label);
    if (typeof value === 'function') return;
    if (isArray(value)) {
      const n = value.length < SCAN_LIMIT ? value.length : SCAN_LIMIT;
      for (let i = 0; i < n; i++) {
        const v: unknown = value[i];
        if (isObject(v)) checkOne(v, label, i);
      }
      return;
    }
    const kind = slotKind(value);
    if (kind === 'Map') scanEntries(apply(MapEntries, value, []) as Iterator<unknown>, label);
    else if (kind === 'Set') scanEntries(apply(SetValues, value, []) as Iterator<unknown>, label);
    else if (kind) return;
    const keys = ownKeysOf(value);
    if (keys === undefined) return;
    const n = keys.length < SCAN_LIMIT ? keys.length : SCAN_LIMIT;
    for (let i = 0; i < n; i++) checkOne(reflectGet(value, keys[i]!), label, keys[i]!);
  }
  /**
   * Own enumerable keys, or undefined for an object already found to have more than SCAN_LIMIT of them: a table
   * passed to every call of a lookup loop is listed once, not on each call (listing 1000 keys cost 200 µs a call).
   */
  function ownKeysOf(value: object): string[] | undefined {
    if (large.has(value)) return undefined;
    const keys = objectKeys(value);
    if (keys.length > SCAN_LIMIT) large.add(value);
    return keys;
  }

  /** A value of the app's going into the package. */
  function toPackage(value: unknown, label: string): unknown {
    if (!isObject(value)) return value;
    if (packageOf.has(value)) return packageOf.get(value);
    if (peers !== undefined) {
      const own = peers.valueOf(value);
      if (own !== undefined) return own;
    }
    // The common case, an option bag or a table: never a host object, a promise or slot-bearing.
    if (typeof value === 'object' && getPrototypeOf(value) === ObjectPrototype) {
      const keys = ownKeysOf(value);
      if (keys !== undefined) {
        const n = keys.length < SCAN_LIMIT ? keys.length : SCAN_LIMIT;
        for (let i = 0; i < n; i++) checkOne(reflectGet(value, keys[i]!), label, keys[i]!);
      }
      return value;
    }
    const cached = inward.get(value);
    if (cached) return cached;
    if (typeof value === 'object' && prototypeOfSubclass(value)) return value;
    check(value, label);
    if (typeof value === 'function') return subclassOfPackage(value) ? value : remember(value, wrap(value as Fn, label, false), true);
    if (isPromise(value)) return remember(value, then(value, (v) => toPackage(v, `result of ${label}`), true), true);
    return value;
  }

  /** A value of the package's reaching the app: functions and objects with methods get stand-ins. */
  function toApp(value: unknown, label: string): unknown {
    if (!isObject(value)) return value;
    if (appOf.has(value)) return appOf.get(value);
    const cached = outward.get(value);
    if (cached) return cached;
    const peer = peers?.standInOf(value);
    if (peer !== undefined) return peer;
    if (typeof value === 'function') return intrinsics.has(value) || subclasses.has(value) ? value : remember(value, wrap(value as Fn, label, true), false);
    if (isArray(value) || intrinsics.has(value) || isHostObject(value)) return value;
    if (isPromise(value)) return remember(value, then(value, (v) => toApp(v, `result of ${label}`), false), false);
    return hasMethods(value) ? remember(value, objectStandIn(value, label), false) : value;
  }

  /** A class instance (its methods are on a prototype of the package's) or an object with a function of its own. */
  function hasMethods(value: object): boolean {
    const proto = getPrototypeOf(value);
    if (proto !== null && proto !== ObjectPrototype) return !intrinsics.has(proto) && !slotKind(value);
    const keys = ownKeysOf(value);
    if (keys === undefined) return false;
    const n = keys.length < SCAN_LIMIT ? keys.length : SCAN_LIMIT;
    for (let i = 0; i < n; i++) {
      const v: unknown = reflectGet(value, keys[i]!);
      if (typeof v === 'function' && !appOf.has(v)) return true;
    }
    return false;
  }

  /**
   * An app class extending a package class (`class MyElement extends LitElement`) reaches the package as itself: the
   * package constructs it, registers it (`customElements.define`, whose registry must know the class `new.target`
   * is) and calls its statics. Its own methods are the app's subclass methods the header leaves unchecked.
   */
  function subclassOfPackage(fn: object): boolean {
    if (subclasses.has(fn)) return true;
    for (let p = getPrototypeOf(fn); p !== null && typeof p === 'function'; p = getPrototypeOf(p)) {
      if (packageOf.has(p)) {
        subclasses.add(fn);
        return true;
      }
    }
    return false;
  }

  /**
   * The prototype of such a subclass (a decorator's target: `@property() count` hands over MyElement.prototype): the
   * package reaches it from the class anyway. Its chain may reach a host prototype (HTMLElement.prototype), which
   * the class's own chain, passed as itself, already shows.
   */
  function prototypeOfSubclass(value: object): boolean {
    const d = getOwnPropertyDescriptor(value, 'constructor');
    const ctor: unknown = d && 'value' in d ? d.value : undefined;
    return typeof ctor === 'function' && getOwnPropertyDescriptor(ctor, 'prototype')?.value === value && subclassOfPackage(ctor);
  }

  function remember(value: object, standIn: object, toPkg: boolean): object {
    (toPkg ? inward : outward).set(value, standIn);
    (toPkg ? appOf : packageOf).set(standIn, value);
    return standIn;
  }

  const then = (promise: object, convert: (v: unknown) => unknown, toPkg: boolean) => {
    const derived = apply(PromiseThen, promise, [convert, rethrow]) as object;
    copyOwnConverted(promise, derived, toPkg ? toPackage : toApp);
    return derived;
  };
  const thisToPackage = (self: unknown, label: string) => {
    if (!isObject(self)) return self;
    if (packageOf.has(self)) return packageOf.get(self);
    const own = peers?.valueOf(self);
    if (own !== undefined) return own;
    if (isHostObject(self)) refuseHost(self, `this of ${label}()`);
    return self;
  };

  /**
   * `outward`: a package function the app calls (arguments checked, result given stand-ins); otherwise an app
   * function the package calls (arguments given stand-ins for the app, result and thrown value checked). A closure,
   * not a proxy: measured twice as fast per call. Statics come through a converting proxy of the function, set as
   * the stand-in's prototype; `prototype` is the real one, so `instanceof` and `class X extends Widget` work.
   */
  function wrap(fn: Fn, label: string, out: boolean): Fn {
    const argLabels: string[] = [];
    const argLabel = (i: number) => (argLabels[i] ??= `argument ${i + 1} of ${label}()`);
    const resultLabel = `result of ${label}()`;
    const newLabel = `new ${label}()`;
    const standIn: Fn = out
      ? function (this: unknown, ...args: unknown[]): unknown {
          for (let i = 0; i < args.length; i++) {
            const a = args[i];
            if (isObject(a)) args[i] = toPackage(a, argLabel(i));
          }
          const result: unknown = new.target
            ? construct(fn as never, args, new.target === standIn ? fn : new.target)
            : apply(fn, thisToPackage(this, label), args);
          settled?.();
          return isObject(result) ? toApp(result, new.target ? newLabel : resultLabel) : result;
        }
      : function (this: unknown, ...args: unknown[]): unknown {
          for (let i = 0; i < args.length; i++) {
            const a = args[i];
            if (isObject(a)) args[i] = toApp(a, argLabel(i));
          }
          let result: unknown;
          try {
            result = new.target ? construct(fn as never, args, new.target === standIn ? fn : new.target) : apply(fn, toApp(this, label), args);
          } catch (error) {
            if (isObject(error) && isHostObject(error)) throw new ErrorCtor(`${String(reflectGet(error, 'name'))}: ${String(reflectGet(error, 'message'))}`);
            throw error;
          }
          return isObject(result) ? toPackage(result, resultLabel) : result;
        };
    const proto = getOwnPropertyDescriptor(fn, 'prototype');
    if (proto) defineProperty(standIn, 'prototype', { value: proto.value, writable: Boolean(proto.writable), enumerable: false, configurable: false });
    defineProperty(standIn, 'name', { value: reflectGet(fn, 'name'), configurable: true });
    defineProperty(standIn, 'length', { value: reflectGet(fn, 'length'), configurable: true });
    const convert = out ? toApp : toPackage;
    const back = out ? toPackage : toApp;
    // A read or write through an app subclass (`MyElement.finalize()`, `this.finalized = true` in a static method of
    // the package's class, which calls its other statics through `this`) is the package's own class machinery: it
    // runs as without a membrane, with the subclass as receiver, like the real prototype's methods on its instances.
    setPrototypeOf(standIn, new ProxyCtor(fn, {
      get: (target, key, receiver) => {
        if (receiver !== standIn) return reflectGet(target, key, receiver);
        const v = reflectGet(target, key, target);
        return convert(v, typeof v === 'function' ? String(key) : childLabel(label, key));
      },
      set: (target, key, v, receiver) =>
        receiver === standIn ? reflectSet(target, key, back(v, childLabel(label, key)), target) : reflectSet(target, key, v, receiver),
    }));
    return standIn;
  }

  /** The app's view of a package object with methods: each function read from it is a stand-in. */
  function objectStandIn(target: object, label: string): object {
    const standIn: object = new ProxyCtor(target, {
      get(t, key, receiver) {
        const v = reflectGet(t, key, receiver === standIn ? t : receiver);
        if (!isObject(v)) return v;
        const converted = toApp(v, typeof v === 'function' ? String(key) : childLabel(label, key));
        if (converted === v) return v;
        const d = getOwnPropertyDescriptor(t, key);
        return d && !d.configurable && d.writable === false ? v : converted;
      },
      set: (t, key, v, receiver) => reflectSet(t, key, toPackage(v, childLabel(label, key)), receiver === standIn ? t : receiver),
      defineProperty: (t, key, d) => {
        if ('value' in d) d = { ...d, value: toPackage(d.value, childLabel(label, key)) };
        return Reflect.defineProperty(t, key, d);
      },
    });
    return standIn;
  }

  return {
    toPackage: (value: unknown, label = 'a value') => toPackage(value, label),
    toApp: (value: unknown, label = 'a value') => toApp(value, label),
  };
}

type Fn = (...args: unknown[]) => unknown;

function childLabel(parent: string, key: PropertyKey): string {
  if (key === KEY_OF || key === VALUE_OF || key === ENTRY_OF) return `${String((key as symbol).description)} of ${parent}`;
  const name = typeof key === 'symbol' ? `[${String(key.description)}]` : key;
  const call = /^argument \d+ of (.*)$/.exec(parent);
  return call ? `option ${name} of ${call[1]}` : `${name} of ${parent}`;
}
