// The traps of a stand-in: what a package holds in place of one real host object (invariant 1, "Nothing real
// crosses"; host-membrane.ts decides when a stand-in is made). The Proxy's target is an empty *shadow* (PITFALLS.md:
// a hardened or frozen real target would pin the answers to real values); every trap answers from the real object and
// converts what it hands out. By construction:
// - no data property of a real object is ever written: an assignment runs a host setter (`xhr.onload = fn`, value
//   converted for the host) or becomes an expando on the shadow, seen by this package alone;
// - a host prototype or constructor is a read-only view: set, defineProperty, deleteProperty throw the policy error;
// - setPrototypeOf and preventExtensions never reach the real object.
import {
  apply, construct, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, isFrozen, ownKeys, reflectGet,
  reflectHas, reflectSet, FunctionPrototypeBind,
} from './primordials.js';

const { deleteProperty: reflectDeleteProperty, defineProperty: reflectDefineProperty } = Reflect;

/** What the traps need from the membrane (host-membrane.ts). */
export interface MembraneCore {
  toPackage(value: unknown, label: string, key?: PropertyKey): unknown;
  toHost(value: unknown): unknown;
  /** `this` for a host function: a stand-in's real object; never the real window by default (see NO_RECEIVER). */
  receiverToHost(value: unknown): unknown;
  /** Converts in place; `label` names the host function, for its callbacks' messages. */
  argsToHost(args: unknown[], label: string): unknown[];
  /** As argsToHost, for a scheduler: a package function as first argument crosses as a one-off closure. */
  scheduleArgsToHost(args: unknown[], label: string): unknown[];
  /** The package's view of a real prototype: a stand-in whose writes are refused. */
  viewOf(realProto: object | null, label: string, key: PropertyKey): unknown;
  /** Throws the policy error naming the package and `api`. */
  refuse(api: string): never;
  /**
   * The stand-in whose own property was read last, and its real object: a one-entry cache of the stand-in → real
   * table that only these traps write, so `performance.now()` converts its receiver without a look-up.
   */
  lastStandIn: object | undefined;
  lastReal: object | undefined;
  /** Checks (and may coerce) a constructor's arguments before the host sees them: workers' URLs. */
  guardConstruct(real: object, args: unknown[], label: string): void;
  /**
   * The same for a call of a real function or setter (already converted for the host): navigations' URLs, lock
   * names. Returns what the call's result becomes before it is converted, where that changes too (`locks.query()`).
   */
  guardCall(real: object, args: unknown[], label: string, receiver?: unknown): ((result: unknown) => unknown) | undefined;
  /** The stand-in of a real instance made for a package class that extends a host constructor. */
  subclassInstance(real: object, label: string, key: PropertyKey, proto: object): object;
}

/**
 * Where a value came from, as text, or as the parent's path and a key, spelled out only if a message needs it: a
 * copy of host data has a member at every key, and almost none is ever named.
 */
export type Label = string | { readonly base: Label; readonly key: PropertyKey | undefined };

/** A path for messages, made only when one is needed: `performance.now`, `callback of addEventListener(arg 0).target`. */
export function describeKey(path: Label, key: PropertyKey | undefined): string {
  const label = typeof path === 'string' ? path : describeKey(path.base, path.key);
  if (key === undefined) return label;
  if (typeof key === 'symbol') return `${label}[${String(key.description)}]`;
  if (typeof key === 'number') return `${label}(arg ${key})`;
  if (key === CALL) return `${label}()`;
  if (key === NEW) return `new ${label}()`;
  if (key === PROTO) return `Object.getPrototypeOf(${label})`;
  return `${label}.${key}`;
}
export const CALL = '()';
export const NEW = 'new()';
export const PROTO = '[[Prototype]]';

/** The setter a real object's chain has for `key`, if it is a host one (never Object.prototype's `__proto__`). */
function hostSetter(real: object, key: PropertyKey): ((v: unknown) => void) | null | undefined {
  for (let o: object | null = real; o; o = getPrototypeOf(o) as object | null) {
    const d = getOwnPropertyDescriptor(o, key);
    if (!d) continue;
    if (!('get' in d || 'set' in d)) return undefined; // a data property: never written from inside
    if (isFrozen(o)) return null; // an ECMAScript intrinsic's accessor (`__proto__`): refused
    return d.set ?? null;
  }
  return undefined;
}

export class StandIn implements ProxyHandler<object> {
  proxy!: object;
  /** True once the shadow holds expandos (the package's own properties on its view). */
  private expandos = false;

  constructor(
    private readonly m: MembraneCore,
    readonly real: object,
    private readonly labelBase: Label,
    private readonly labelKey: PropertyKey | undefined,
    /** A host prototype or constructor: shared by the whole page, so read-only. */
    private readonly view: boolean,
    /** For window functions: the real receiver they always run with, whatever `this` the package passes. */
    private readonly fixedReceiver: object | undefined,
    /** An instance of a package class that extends a host constructor: its prototype chain. */
    private readonly customProto: object | undefined,
    /** A window function whose first argument is a callback run later, its result ignored (setTimeout). */
    private readonly schedules = false,
  ) {}

  private labelText: string | undefined;
  /** Where the package got this object, for messages (made on first use: most stand-ins never need it). */
  get label(): string {
    return (this.labelText ??= describeKey(this.labelBase, this.labelKey));
  }

  private refuseWrite(key: PropertyKey): never {
    return this.m.refuse(`${describeKey(this.label, key)} (a host prototype or constructor, read-only inside a package)`);
  }

  get(shadow: object, key: PropertyKey, receiver: unknown): unknown {
    if (this.expandos && hasOwn(shadow, key)) return reflectGet(shadow, key, receiver);
    if (this.customProto) return reflectGet(this.customProto, key, receiver);
    const real = this.real;
    const m = this.m;
    let self: unknown = real;
    if (receiver === this.proxy) {
      m.lastStandIn = receiver;
      m.lastReal = real;
    } else {
      self = m.receiverToHost(receiver);
    }
    try {
      return m.toPackage(reflectGet(real, key, self), this.label, key);
    } catch (error) {
      throw this.m.toPackage(error, this.label, key);
    }
  }

  set(shadow: object, key: PropertyKey, value: unknown, receiver: unknown): boolean {
    if (key === '__proto__') return this.m.refuse(`${describeKey(this.label, key)} (the prototype of a host object)`);
    if (receiver !== this.proxy) {
      // An object inheriting from this one: a host setter runs on the receiver's real object, else the ordinary
      // assignment defines the property on the receiver itself (never on this object).
      const setter = hostSetter(this.real, key);
      if (setter) {
        const args = [this.m.toHost(value)];
        this.m.guardCall(setter, args, describeKey(this.label, key));
        apply(setter, this.m.receiverToHost(receiver), args);
        return true;
      }
      return reflectDefineProperty(receiver as object, key, { value, writable: true, enumerable: true, configurable: true });
    }
    if (this.view) this.refuseWrite(key);
    // A package subclass's own setters and methods first; a plain property ends up on the shadow (defineProperty).
    if (this.customProto) return reflectSet(this.customProto, key, value, receiver);
    const setter = hostSetter(this.real, key);
    if (setter) {
      const args = [this.m.toHost(value)];
      this.m.guardCall(setter, args, describeKey(this.label, key));
      try {
        apply(setter, this.real, args);
      } catch (error) {
        throw this.m.toPackage(error, this.label, key);
      }
      return true;
    }
    if (setter === null) return false; // a read-only host attribute: TypeError in strict code, as unconfined
    this.expandos = true;
    return reflectSet(shadow, key, value);
  }

  has(shadow: object, key: PropertyKey): boolean {
    return (this.expandos && hasOwn(shadow, key)) || reflectHas(this.customProto ?? this.real, key);
  }

  getOwnPropertyDescriptor(shadow: object, key: PropertyKey): PropertyDescriptor | undefined {
    const own = getOwnPropertyDescriptor(shadow, key);
    if (own) return own;
    const d = getOwnPropertyDescriptor(this.real, key);
    if (!d) return undefined;
    // Reported configurable: the shadow does not have it, and a Proxy may not claim otherwise.
    const out: PropertyDescriptor = { enumerable: d.enumerable, configurable: true };
    if ('value' in d) {
      out.value = this.m.toPackage(d.value, this.label, key);
      out.writable = d.writable;
    } else {
      out.get = this.m.toPackage(d.get, this.label, key) as () => unknown;
      out.set = this.m.toPackage(d.set, this.label, key) as (v: unknown) => void;
    }
    return out;
  }

  defineProperty(shadow: object, key: PropertyKey, descriptor: PropertyDescriptor): boolean {
    if (this.view || key === '__proto__') this.refuseWrite(key);
    this.expandos = true;
    return reflectDefineProperty(shadow, key, descriptor);
  }

  deleteProperty(shadow: object, key: PropertyKey): boolean {
    if (this.view) this.refuseWrite(key);
    if (hasOwn(shadow, key)) return reflectDeleteProperty(shadow, key);
    if (hasOwn(this.real, key)) this.m.refuse(`delete ${describeKey(this.label, key)} (a property of a real host object)`);
    return true;
  }

  ownKeys(shadow: object): (string | symbol)[] {
    const keys = ownKeys(this.real);
    if (this.expandos) for (const key of ownKeys(shadow)) if (!hasOwn(this.real, key)) keys.push(key);
    return keys;
  }

  getPrototypeOf(): object | null {
    if (this.customProto) return this.customProto;
    return this.m.viewOf(getPrototypeOf(this.real) as object | null, this.label, PROTO) as object | null;
  }

  setPrototypeOf(): boolean {
    return this.m.refuse(`Object.setPrototypeOf(${this.label}) (the prototype of a host object)`);
  }

  preventExtensions(): boolean {
    return false; // freezing a view would pin the real object's answers; TypeError, as for a non-freezable object
  }

  isExtensible(): boolean {
    return true;
  }

  apply(_shadow: object, thisArg: unknown, args: unknown[]): unknown {
    const receiver = this.fixedReceiver ?? this.m.receiverToHost(thisArg);
    const hostArgs = this.schedules ? this.m.scheduleArgsToHost(args, this.label) : this.m.argsToHost(args, this.label);
    const after = this.m.guardCall(this.real, hostArgs, this.label, receiver);
    let result: unknown;
    try {
      result = apply(this.real as (...a: unknown[]) => unknown, receiver, hostArgs);
      if (after) result = after(result);
    } catch (error) {
      throw this.m.toPackage(error, this.label, CALL);
    }
    return this.m.toPackage(result, this.label, CALL);
  }

  construct(_shadow: object, args: unknown[], newTarget: object): object {
    this.m.guardConstruct(this.real, args, this.label);
    const hostArgs = this.m.argsToHost(args, this.label);
    let result: object;
    try {
      result = construct(this.real as new (...a: unknown[]) => object, hostArgs);
    } catch (error) {
      throw this.m.toPackage(error, this.label, NEW);
    }
    if (newTarget === this.proxy) return this.m.toPackage(result, this.label, NEW) as object;
    // `class Emitter extends EventTarget`: the real instance, seen through the package class's prototype chain.
    return this.m.subclassInstance(result, this.label, NEW, reflectGet(newTarget, 'prototype') as object);
  }
}

/** An empty shadow of the right kind: callable and constructible for functions, with no own property at all. */
export function shadowFor(real: object): object {
  if (typeof real !== 'function') return {};
  // A bound function: constructible, and (unlike a plain function) without an own `prototype`.
  const shadow = apply(FunctionPrototypeBind, function () {}, [null]) as object;
  reflectDeleteProperty(shadow, 'length');
  reflectDeleteProperty(shadow, 'name');
  return shadow;
}
