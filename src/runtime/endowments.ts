// Turns a package's `globals` grants into property descriptors on its compartment global.
// Threat: a grant that hands out more than its path (a dotted grant must not give the whole parent object), or a
// host function whose receiver is lost ("Illegal invocation"), or a timer that runs a string as code, or a real host
// object reaching the package: every granted value crosses the package's host membrane once, when it is read
// (../boundary/host-membrane.ts); only a full-power package (window or document granted) has none.
import type { GlobalGrant } from '../shared/runtime-config.js';
import type { HostMembrane } from '../boundary/host-membrane.js';
import { normalizeGrants } from '../shared/global-path.js';
import { STORAGE_ROOTS } from '../boundary/host-storage.js';
import {
  apply, bind, defineProperty, isArray, objectCreate, reflectGet, reflectHas, reflectSet, split, ProxyCtor, MapCtor,
} from '../boundary/primordials.js';

export interface DenyContext {
  /** Throws (enforce) or reports and returns the real value (report). */
  deny(api: string, kind: 'read' | 'write' | 'call', receiver: unknown): unknown;
  /** Set only in recording mode (`recordGrants`): told each time a granted path is read or written. */
  used?(path: string): void;
  /** The package's host membrane; absent for a full-power package. */
  membrane?: HostMembrane;
  /** The package's own view of a store (`localStorage`, `indexedDB`, …), unless its grant is "origin". */
  store?(name: string, real: unknown): object | undefined;
}

/** `Function` and `eval` are the package's own compartment's, granted or not: never the real window's evaluators. */
const EVALUATORS = new Set(['Function', 'eval']);

/** Recording mode: the same descriptor, but every access is reported first (a value becomes a getter). */
function recorded(descriptor: PropertyDescriptor, path: string, used: (path: string) => void): PropertyDescriptor {
  const { get, set } = descriptor;
  if (!get && !set) {
    const { value } = descriptor;
    return { get: () => (used(path), value), enumerable: descriptor.enumerable, configurable: descriptor.configurable };
  }
  return {
    get: get && (() => (used(path), get())),
    set: set && ((value: unknown) => (used(path), set(value))),
    enumerable: descriptor.enumerable,
    configurable: descriptor.configurable,
  };
}

const TIMERS = new Set(['setTimeout', 'setInterval']);
/** Window functions whose first argument is a callback run later, its result ignored (the membrane's fast path). */
const SCHEDULERS = new Set(['setTimeout', 'setInterval', 'queueMicrotask', 'requestAnimationFrame', 'requestIdleCallback']);

/** Lower-case window functions need the real window as receiver; constructors (URL, Request) must stay unbound. */
export function isHostFunction(name: string, value: unknown): value is (...args: unknown[]) => unknown {
  return typeof value === 'function' && name[0]! >= 'a' && name[0]! <= 'z';
}

export function readPath(root: object, path: readonly string[]): unknown {
  let value: unknown = root;
  for (const segment of path) {
    if (value === null || value === undefined) return undefined;
    value = reflectGet(value as object, segment);
  }
  return value;
}

/**
 * A stand-in object for a dotted grant (`console.warn`): it has only the granted leaves, and reading any other name
 * the real object has is a violation, like the global itself.
 */
function denyingStub(realParent: () => unknown, prefix: string, ctx: DenyContext): object {
  const trap = new ProxyCtor(objectCreate(null) as object, {
    get(_target, key, receiver) {
      if (typeof key !== 'string') return undefined;
      const real = realParent();
      if (real === null || (typeof real !== 'object' && typeof real !== 'function') || !reflectHas(real, key)) {
        return undefined;
      }
      return ctx.deny(`${prefix}.${key}`, 'read', receiver);
    },
    set(_target, key, _value, receiver) {
      ctx.deny(`${prefix}.${String(key)}`, 'write', receiver);
      return true;
    },
    has: () => false,
  });
  return objectCreate(trap) as object;
}

export function createEndowments(
  policyGrants: Record<string, GlobalGrant>,
  realGlobal: typeof globalThis,
  ctx: DenyContext,
): PropertyDescriptorMap {
  // `window.trustedTypes` and `trustedTypes` are one grant: the package reaches both as its global's `trustedTypes`.
  const grants = normalizeGrants(policyGrants);
  const boundCache = new MapCtor<string, { fn: unknown; bound: unknown }>();
  const { membrane } = ctx;
  /**
   * What the package holds for a granted value, made once per path and value so that `x.f === x.f` holds: through the
   * membrane, a stand-in (a window function runs with its real parent as receiver); without one, host functions
   * bound to their real parent.
   */
  function present(path: string, name: string, parent: unknown, value: unknown): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    if (membrane?.isAdopted(value)) return value;
    if (!membrane && !isHostFunction(name, value)) return value;
    const cached = boundCache.get(path);
    if (cached && cached.fn === value) return cached.bound;
    let presented: unknown;
    if (TIMERS.has(path) && typeof value === 'function') {
      const timer = value;
      const guarded = function (handler: unknown, ...rest: unknown[]) {
        // A string handler is eval: refuse it with the same error as any other denied power.
        if (typeof handler !== 'function') ctx.deny(`${path} with a string of code`, 'call', undefined);
        return apply(timer, parent, [handler, ...rest]);
      };
      presented = membrane ? membrane.hostFunction(guarded, undefined, path, true) : guarded;
    } else if (name === 'push' && isArray(parent) && membrane?.isLive(parent)) {
      // `dataLayer.push` granted (what the generator writes): the app's array's push as its view gives it, which
      // calls the app's current one (GTM installs its own later).
      presented = reflectGet(membrane.granted(parent, path.slice(0, -'.push'.length)) as object, 'push');
    } else if (isHostFunction(name, value)) {
      presented = membrane ? membrane.hostFunction(value, parent as object, path, SCHEDULERS.has(path)) : bind(value, parent);
    } else {
      presented = membrane!.granted(value, path);
    }
    boundCache.set(path, { fn: value, bound: presented });
    return presented;
  }
  /** Stores are read through the package's own view of them (namespaced), where it has one. */
  const stores = new MapCtor<string, object | undefined>();
  function readGranted(segments: readonly string[]): unknown {
    const root = segments[0]!;
    if (!ctx.store || !STORAGE_ROOTS.has(root)) return readPath(realGlobal, segments);
    if (!stores.has(root)) stores.set(root, ctx.store(root, reflectGet(realGlobal, root)));
    const view = stores.get(root);
    return view ? readPath(view, segments.slice(1)) : readPath(realGlobal, segments);
  }

  const top: PropertyDescriptorMap = {};
  const stubs = new MapCtor<string, object>();

  function stubFor(segments: readonly string[]): object {
    const key = segments.join('.');
    let stub = stubs.get(key);
    if (stub) return stub;
    stub = denyingStub(() => readPath(realGlobal, segments), key, ctx);
    stubs.set(key, stub);
    if (segments.length === 1) top[segments[0]!] = { value: stub, writable: false, enumerable: true, configurable: true };
    else defineProperty(stubFor(segments.slice(0, -1)), segments[segments.length - 1]!, { value: stub, enumerable: true, configurable: true });
    return stub;
  }

  // Shorter paths first: a whole-object grant (`console`) makes its dotted grants (`console.warn`) redundant.
  const paths = Object.keys(grants).sort((a, b) => a.split('.').length - b.split('.').length || (a < b ? -1 : 1));
  const whole = new Set<string>();
  for (const path of paths) {
    const grant = grants[path]!;
    if (grant === false) continue; // quietly denied: the deny proxy reads it as absent
    const segments = split(path, '.');
    if (segments.some((_, i) => whole.has(segments.slice(0, i).join('.')))) continue;
    whole.add(path);
    const name = segments[segments.length - 1]!;
    const parentPath = segments.slice(0, -1);
    if (EVALUATORS.has(path)) continue; // the compartment's own stay in place
    const parentOf = () => (parentPath.length ? readGranted(parentPath) : realGlobal);
    let descriptor: PropertyDescriptor;
    const initial = readGranted(segments);
    // A member of the app's own array or record (`Sentry.captureException`) may be replaced by the app: read live too.
    const underAppData = parentPath.length > 0 && membrane !== undefined && membrane.isLive(parentOf());
    if (grant === 'write' || underAppData || initial === null || (typeof initial !== 'object' && typeof initial !== 'function')) {
      // Live: primitives change (innerWidth, location.hash) and written names must reach the real object.
      descriptor = {
        get: () => {
          const parent = parentOf();
          return present(path, name, parent, parent == null ? undefined : reflectGet(parent as object, name));
        },
        set: (value: unknown) => {
          if (grant !== 'write') {
            ctx.deny(path, 'write', undefined);
            return;
          }
          // A package function stored on the host (`onmessage`) runs with converted `this` and arguments; a URL
          // stored in `location` is checked as any navigation's.
          if (membrane) membrane.write(parentOf() as object, name, value, path);
          else reflectSet(parentOf() as object, name, value);
        },
        enumerable: true,
        configurable: true,
      };
    } else {
      // Objects and functions are read once: the look-up cost stays off the hot path.
      descriptor = { value: present(path, name, parentOf(), initial), writable: false, enumerable: true, configurable: true };
    }
    if (ctx.used) descriptor = recorded(descriptor, path, ctx.used);
    if (segments.length === 1) {
      if (!reflectHas(realGlobal, name) && grant !== 'write') continue; // the browser has no such global
      top[name] = descriptor;
    } else {
      defineProperty(stubFor(parentPath), name, descriptor);
    }
  }
  return top;
}
