// Invariant 1 ("Nothing real crosses") for the app's own live arrays and records granted as globals: `dataLayer` of
// Google Tag Manager, an app's `__APP_CONFIG__`, a `Sentry`-style record of methods. Threats: the app's object shared
// with the package (it replaces `dataLayer.push`, and GTM's click listener then hands it the real element it pushes;
// it rewrites the app's config, freezes or re-prototypes the app's array), or a real object the app keeps in it
// reaching the package; and the other way, a copy made at the crossing, where the package's pushes are lost.
// How: the package holds a *live view*, one per real array or record (a Proxy whose shadow is an empty array, so
// `Array.isArray` holds; the shadow's non-configurable `length` is the one property it reports from itself):
// - every read answers from the real object now and converts: a nested array or record is a live view too, anything
//   else crosses the host membrane (a real node refused or wrapped, the window the package's global, an app function
//   a stand-in, which runs with the real object as `this`);
// - no data property of the app's object is ever written from inside: an array view refuses every write, definition,
//   deletion (so `dataLayer.length = 0`, `splice`, `Array.prototype.push.call` are refused); a record view keeps an
//   assignment as an expando the package alone sees, runs the app's own setters (value converted), refuses deletes;
//   neither can be frozen or given another prototype;
// - the granted array's `push` (GTM's contract) is one function that, at each call, calls the app's *current* push
//   (Array.prototype.push, or the one GTM installs later) with the real array as `this` and the arguments converted
//   for the host (copies, host-callable functions: host-membrane.ts's toHost).
import { CALL, PROTO, type MembraneCore } from './host-stand-in.js';
import { foreign, isRecord } from './host-data.js';
import { apply, freeze, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, isArray, isFrozen, ownKeys, ProxyCtor, reflectGet, reflectHas, WeakSetCtor } from './primordials.js';

const { defineProperty: reflectDefineProperty, deleteProperty: reflectDeleteProperty } = Reflect;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const INDEX = /^(0|[1-9]\d*)$/;

export interface LiveOptions {
  core: MembraneCore;
  /** What the package already holds for a real object (its view, stand-in or fresh value). */
  known(real: object): object | undefined;
  /** Records a view for its real object, both ways (the same view each time; the real one going to the host). */
  remember(real: object, view: object): void;
  isHostObject(value: object): boolean;
  isIntrinsic(value: object): boolean;
}

export interface LiveData {
  /** A granted global's value as the package holds it: a live view for the app's arrays and records. */
  granted(real: unknown, label: string): unknown;
  /** An array or record of the app's own (not a host object, an intrinsic or another window's). */
  isLive(value: unknown): value is object;
}

/** `dataLayer[1]['gtm.element']`: a path for messages. */
function pathOf(label: string, key: PropertyKey): string {
  if (typeof key === 'symbol') return `${label}[${String(key.description)}]`;
  if (INDEX.test(key as string)) return `${label}[${key as string}]`;
  return IDENTIFIER.test(key as string) ? `${label}.${key as string}` : `${label}['${key as string}']`;
}

export function createLiveData(o: LiveOptions): LiveData {
  const { core } = o;
  /** The granted arrays: their view's `push` appends to them. A nested array is read-only. */
  const appendable = new WeakSetCtor<object>();

  function isLive(value: unknown): value is object {
    if (value === null || typeof value !== 'object') return false;
    if (!isArray(value) && !isRecord(value)) return false;
    return !o.isIntrinsic(value) && !o.isHostObject(value) && !foreign(value);
  }

  const views = new WeakSetCtor<object>();
  /** `granted`: a real one that is the host's copy of a package value is given a view anyway (see below). */
  function view(real: object, label: string, granted = false): object {
    const known = o.known(real);
    if (known !== undefined && (!granted || views.has(known))) return known;
    const handler = new LiveView(real, label);
    const proxy = new ProxyCtor(isArray(real) ? [] : {}, handler);
    handler.proxy = proxy;
    views.add(proxy);
    o.remember(real, proxy);
    return proxy;
  }

  /** A value read from the app's object, for the package. */
  function convert(value: unknown, where: string): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    return isLive(value) ? view(value, where) : core.toPackage(value, where);
  }

  /** The granted array's push: the app's current one, on the real array, with the arguments converted for it. */
  function pushOf(real: object, label: string): (...items: unknown[]) => unknown {
    const api = `${label}.push`;
    return freeze({
      push(...items: unknown[]): unknown {
        const fn = reflectGet(real, 'push', real);
        if (typeof fn !== 'function') throw new TypeError(`${api} is not a function`);
        const args = core.argsToHost(items, api);
        core.guardCall(fn, args, api);
        let result: unknown;
        try {
          result = apply(fn, real, args);
        } catch (error) {
          throw core.toPackage(error, api, CALL);
        }
        return core.toPackage(result, api, CALL);
      },
    }.push);
  }

  class LiveView implements ProxyHandler<object> {
    proxy!: object;
    private readonly array: boolean;
    /** The package's own properties on a record's view (its shadow), seen by it alone. */
    private expandos = false;
    private push: ((...items: unknown[]) => unknown) | undefined;

    constructor(
      private readonly real: object,
      private readonly label: string,
    ) {
      this.array = isArray(real);
    }

    private refuse(what: string): never {
      const kind = this.array ? 'an array' : 'an object';
      const hint = this.array && appendable.has(this.real) ? `; ${this.label}.push(…) appends to it` : '';
      return core.refuse(`${what} (${kind} of the app's own, granted as a global: read-only inside a package${hint})`);
    }

    get(shadow: object, key: PropertyKey, receiver: unknown): unknown {
      if (this.expandos && hasOwn(shadow, key)) return reflectGet(shadow, key, receiver);
      if (key === 'push' && this.array && appendable.has(this.real)) return (this.push ??= pushOf(this.real, this.label));
      let value: unknown;
      try {
        value = reflectGet(this.real, key, this.real); // (an app getter runs on its own object)
      } catch (error) {
        throw core.toPackage(error, pathOf(this.label, key));
      }
      return convert(value, pathOf(this.label, key));
    }

    set(shadow: object, key: PropertyKey, value: unknown, receiver: unknown): boolean {
      if (key === '__proto__') this.refuse(`${this.label}.__proto__`);
      if (receiver !== this.proxy) {
        // An object inheriting from the view: the ordinary assignment defines the property on that object itself.
        if (typeof receiver !== 'object' || receiver === null) return false;
        return reflectDefineProperty(receiver, key, { value, writable: true, enumerable: true, configurable: true });
      }
      if (this.array) this.refuse(`${pathOf(this.label, key)} = …`);
      const setter = appSetter(this.real, key);
      if (setter) {
        const args = [core.toHost(value)];
        core.guardCall(setter, args, pathOf(this.label, key));
        try {
          apply(setter, this.real, args);
        } catch (error) {
          throw core.toPackage(error, pathOf(this.label, key));
        }
        return true;
      }
      if (setter === null) return false; // an accessor without a setter: TypeError in strict code, as unconfined
      this.expandos = true;
      return reflectDefineProperty(shadow, key, { value, writable: true, enumerable: true, configurable: true });
    }

    defineProperty(shadow: object, key: PropertyKey, descriptor: PropertyDescriptor): boolean {
      if (this.array) this.refuse(`Object.defineProperty(${this.label}, ${String(key)})`);
      this.expandos = true;
      return reflectDefineProperty(shadow, key, descriptor);
    }

    deleteProperty(shadow: object, key: PropertyKey): boolean {
      if (!this.array && hasOwn(shadow, key)) return reflectDeleteProperty(shadow, key);
      if (this.array || hasOwn(this.real, key)) this.refuse(`delete ${pathOf(this.label, key)}`);
      return true;
    }

    has(shadow: object, key: PropertyKey): boolean {
      return (this.expandos && hasOwn(shadow, key)) || reflectHas(this.real, key);
    }

    ownKeys(shadow: object): (string | symbol)[] {
      const keys = ownKeys(this.real);
      if (this.expandos) for (const key of ownKeys(shadow)) if (!hasOwn(this.real, key)) keys.push(key);
      return keys;
    }

    getOwnPropertyDescriptor(shadow: object, key: PropertyKey): PropertyDescriptor | undefined {
      // The array shadow's `length` is non-configurable: reported as such (a Proxy may not say otherwise), writable
      // (so its value may differ from the shadow's), with the real array's value.
      if (this.array && key === 'length') return { value: reflectGet(this.real, 'length'), writable: true, enumerable: false, configurable: false };
      const own = getOwnPropertyDescriptor(shadow, key);
      if (own) return own;
      const d = getOwnPropertyDescriptor(this.real, key);
      if (!d) return undefined;
      const where = pathOf(this.label, key);
      if ('value' in d) return { value: convert(d.value, where), writable: d.writable, enumerable: d.enumerable, configurable: true };
      return { get: convert(d.get, where) as () => unknown, set: convert(d.set, where) as (v: unknown) => void, enumerable: d.enumerable, configurable: true };
    }

    getPrototypeOf(): object | null {
      // Array.prototype and Object.prototype are the hardened intrinsics every compartment shares; an app class's
      // prototype (`class Queue extends Array`) is a read-only view.
      return core.viewOf(getPrototypeOf(this.real) as object | null, this.label, PROTO) as object | null;
    }

    setPrototypeOf(): boolean {
      return this.refuse(`Object.setPrototypeOf(${this.label})`);
    }

    preventExtensions(): boolean {
      return this.refuse(`Object.freeze(${this.label})`); // freezing the app's array would break its own push
    }

    isExtensible(): boolean {
      return true;
    }
  }

  return {
    granted(real, label) {
      if (!isLive(real)) return core.toPackage(real, label);
      if (isArray(real)) appendable.add(real);
      // `window.dataLayer = window.dataLayer || []` (a "write" grant, before the app made one) left the host a copy
      // of the package's array, which reads back as the package's own: its pushes would never reach the host. The
      // granted global is the host's array, so the package gets its view (and loses that one identity).
      return view(real, label, true);
    },
    isLive,
  };
}

/** The app's setter for `key` along a record's chain; null for an accessor without one or an intrinsic's (`__proto__`). */
function appSetter(real: object, key: PropertyKey): ((v: unknown) => void) | null | undefined {
  for (let p: object | null = real; p; p = getPrototypeOf(p) as object | null) {
    const d = getOwnPropertyDescriptor(p, key);
    if (!d) continue;
    if ('value' in d) return undefined;
    return isFrozen(p) ? null : (d.set ?? null);
  }
  return undefined;
}
