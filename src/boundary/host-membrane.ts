// Invariant 1 of the design ("The boundary"): NOTHING REAL CROSSES from the host into a package. This module is the
// one place where a real host value becomes what a package holds, and where a package's value becomes what the host
// is handed. Per package (one membrane each, so identity holds per package):
// - primitives and the intrinsics every compartment shares cross as they are; arrays and plain records cross as
//   converted copies, never as the app's own object (it could put a real object there later, read what the package
//   wrote there, or call a function the package left there; every listener of an event shares its `data`); values of the ECMAScript kinds are fresh ones holding converted values (host-fresh.ts: an error's
//   cause, a Map's entries may be the app's elements); a *granted global's* array or record is a live view (host-live.ts);
// - the real window becomes the package's own confined global (a timer's `this.fetch` meets its deny proxy);
// - real nodes, the document and (for a dom-mode package) events become its attenuated-DOM wrappers when it may see
//   them, else the crossing is refused with a PortcullisPolicyError naming the package and the path (`event.target`);
// - objects of another window are refused;
// - every other host object or function becomes a stand-in (host-stand-in.ts), one per real object, whose every trap
//   converts; host promises are mapped, host errors converted.
// Going to the host: stand-ins become their real objects, a package function becomes a host-callable function that
// converts its `this` and arguments (a timer's real window as `this` never reaches the package), and no package
// object crosses live (the browser looks members up when it uses them: `handleEvent` at each dispatch): records and
// arrays are copied, values of the ECMAScript kinds made fresh, other objects seen through a converting proxy.
// Whatever a scheduler runs is run as the package would call it; navigations never get a javascript: URL.
// Only a package whose policy grants `window` or `document` outright has no membrane: full power, labelled so.
import type { HostClassifier } from './host-classify.js';
import type { HostRefs } from './host-refs.js';
import { StandIn, shadowFor, describeKey, type Label, type MembraneCore } from './host-stand-in.js';
import { createStamp } from './stamp.js';
import { forPackage, freshForHost } from './host-fresh.js';
import { convertingView, copyForHost, copyForPackage, dataShape, foreign } from './host-data.js';
import { createLiveData } from './host-live.js';
import { createUrlGuards } from './host-guards.js';
import { createOwnNames } from './host-names.js';
import { createStoreCrossing, storagePrefix } from './host-storage.js';
import { createEventFilter } from './host-events.js';
import {
  apply, ArrayPrototype, construct, getOwnPropertyDescriptor, getPrototypeOf, isArray, objectCreate, ownKeys, reflectGet,
  reflectHas, reflectSet, promiseThen, PromiseCtor, ProxyCtor, StringCtor, WeakMapCtor, WeakSetCtor,
} from './primordials.js';

/** The attenuated DOM of a dom-mode package, as the membrane sees it (src/dom/facade.ts). */
export interface HostDomHook {
  /** The package's wrapper of a real node, event or the document; null when the package may not see it. */
  fromHost(real: object): object | null;
  /** The real node or event behind one of the package's wrappers; undefined for anything else. */
  toHost(value: object): object | undefined;
}

export type { HostRefs } from './host-refs.js';

export interface HostMembrane {
  toPackage(real: unknown, label: string): unknown;
  toHost(value: unknown): unknown;
  /**
   * A stand-in for a window function that always runs with `receiver` (the real window, `crypto`, …). `schedules`:
   * its first argument is a callback the host calls later and whose result it ignores (setTimeout, queueMicrotask,
   * requestAnimationFrame): a package function there crosses as a one-off closure instead of a cached wrapper.
   */
  hostFunction(real: (...args: never[]) => unknown, receiver: object | undefined, label: string, schedules?: boolean): unknown;
  /** Assigns a package value to a real object's property (a "write" grant), converted and checked as a setter's. */
  write(real: object, key: string, value: unknown, label: string): void;
  /** A package-side object made by the runtime (a storage facade): crosses as it is. */
  adopt<T extends object>(value: T): T;
  /** A granted global's value (host-live.ts: the app's arrays and records as live views); isLive: is it one of those. */
  granted(real: unknown, label: string): unknown;
  isLive(value: unknown): boolean;
  isAdopted(value: unknown): boolean;
}

/** `this` for a host method called with none (or with the package's global): never the real window. */
const NO_RECEIVER = Object.freeze({});

export function createHostMembrane(options: {
  pkg: string;
  host: HostRefs;
  packageGlobal(): object;
  isPackageGlobal(value: unknown): boolean;
  refuse(api: string): never;
  dom(): HostDomHook | undefined;
  /** The package's view of the store `name` reached by any path: its own facade, the real store ("origin"), or none. */
  storeView(name: string, real: object): object | undefined;
  harden: <T>(value: T) => T;
  /** BroadcastChannel names get the package's prefix (no "origin" grant): it hears no channel of the app's. */
  ownChannels: boolean;
  /** Web Locks names and the private file system's root are the package's own (no "origin" grant; host-names.ts). */
  ownNames: { locks: boolean; files: boolean; buckets: boolean; sharedWorkers?: boolean };
  /** `addEventListener` granted "origin" (or report mode): it hears every event of the page (host-events.ts). */
  pageEvents: boolean;
  /** Records a violation naming the package, without throwing (a listener it is not told of). */
  report(api: string): void;
}): HostMembrane {
  const { host, refuse, isPackageGlobal } = options;
  const { realGlobal } = host;
  // Two stamp tables, one per direction (a WeakMap for stand-in → real cost a third of the listener bench: each new
  // stand-in's entry, then the garbage collector's walk of the ephemerons).
  const packageSide = createStamp<object>(); // host side → package: a real's stand-in, a host-held wrapper's package value (adopted values: themselves)
  const hostSide = createStamp<object>(); // package side → host: a stand-in's real, a package function's host-callable wrapper, a package object's view
  const views = new WeakSetCtor<object>(); // reals reached as prototypes
  const promises = new WeakMapCtor<object, object>();
  const ownPrototypes = new WeakSetCtor<object>(); // host prototypes whose chain ends at this window's Object.prototype
  const ofThisWindow = (proto: object) => ownPrototypes.has(proto) || (!foreign(proto) && (ownPrototypes.add(proto), true));
  let classifier: HostClassifier | undefined;
  const classify = () => (classifier ??= host.classifier());

  function makeStandIn(real: object, label: Label, key: PropertyKey | undefined, fixedReceiver?: object, customProto?: object, isView?: boolean): object {
    const c = classify();
    const view = isView ?? (views.has(real) || c.isHostPrototype(real) || c.isHostConstructor(real));
    const handler = new StandIn(core, real, label, key, view, fixedReceiver, customProto);
    const proxy = new ProxyCtor(shadowFor(real), handler);
    handler.proxy = proxy;
    packageSide.set(real, proxy);
    hostSide.set(proxy, real);
    core.lastStandIn = proxy; // (`dispatchEvent(new Event('x'))`)
    core.lastReal = real;
    return proxy;
  }

  function toPackage(value: unknown, label: Label, key?: PropertyKey): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    if (value === realGlobal || value === NO_RECEIVER) return options.packageGlobal();
    const known = packageSide.get(value); // adopted values map to themselves
    if (known !== undefined) return known;
    // Data from the host (a JSON result, an array of entries, the app's state handed to a callback), first as it is
    // the most met: a copy. Host objects with Object.prototype as their prototype (EventTarget.prototype, console)
    // are not data.
    const shape = dataShape(value, false);
    if (shape !== undefined && (shape === ArrayPrototype || !classify().isHostObject(value))) {
      return copyForPackage(value, shape, { base: label, key }, toPackage);
    }
    // (A host prototype such as HTMLElement.prototype passes instanceof Node too: it is a view, below.)
    const isEvent = host.isEvent(value);
    // (Read as `window.event`, or handed over any other way: an event of the page it may not hear is not there.)
    if (isEvent && value !== delivering && !events.heard(value)) return undefined;
    if (isEvent && host.isStorageEvent(value)) {
      const seen = stores.event(value);
      if (seen === null) return refuse(`${describeKey(label, key)} (a storage event about a key that is not the package's)`);
      if (seen !== value) return seen;
    }
    if ((isEvent || host.isNode(value)) && !classify().isHostPrototype(value)) {
      const dom = options.dom();
      const wrapper = dom?.fromHost(value);
      if (wrapper) return wrapper;
      // An instance (not a prototype, not a constructor, never reached as a prototype: it has no stand-in yet).
      if (!dom && isEvent) return makeStandIn(value, label, key, undefined, undefined, false);
      return refuse(`${describeKey(label, key)} (a real ${isEvent ? 'event' : 'node'} of the page: give the package a dom section that covers it, or grant document)`);
    }
    // An instance of a host interface (a PerformanceEntry, an IdleDeadline): its prototype is one of this window's
    // host prototypes, so it is neither data, nor a promise, nor another window's; not a prototype itself, and never
    // reached as one (it has no stand-in yet). What the checks below conclude, in one look-up.
    // A frame's interface prototypes pass for host prototypes too (unfrozen, native named constructors): its
    // document or Storage must be refused below, not stood in for (`frame.document.cookie`).
    const proto = getPrototypeOf(value) as object | null;
    if (proto !== null && typeof value === 'object' && classify().isHostPrototype(proto) && !classify().isHostPrototype(value) && ofThisWindow(proto)) {
      const store = host.stores.get(value);
      if (store !== undefined) {
        const view = options.storeView(store, value);
        if (view === undefined) return refuse(`${describeKey(label, key)} (the origin's ${store}: grant it to the package)`);
        if (view !== value) return view;
      }
      return makeStandIn(value, label, key, undefined, undefined, false);
    }
    if (typeof value === 'function') {
      // Only the functions every compartment shares; a function the app froze is still the app's (a stand-in).
      if (host.intrinsics().has(value)) return value;
    } else if (value instanceof PromiseCtor) {
      return promiseToPackage(value as Promise<unknown>, describeKey(label, key));
    } else if (!classify().isHostObject(value)) {
      const where = describeKey(label, key);
      const kind = forPackage(value, { toPackage: (v, k) => toPackage(v, where, k), remember, refuse: (what) => refuse(`${where} (${what})`) });
      if (kind !== undefined) return kind;
    }
    if (foreign(value)) return refuse(`${describeKey(label, key)} (an object of another window)`);
    return makeStandIn(value, label, key);
  }

  /** A fresh value made for a real one (host-fresh.ts): the same one each time, and the real one going back. */
  function remember(real: object, fresh: object): void {
    packageSide.set(real, fresh);
    hostSide.set(fresh, real);
  }

  function promiseToPackage(promise: Promise<unknown>, label: string): object {
    let mapped = promises.get(promise);
    if (!mapped) {
      mapped = promiseThen(promise, (v) => toPackage(v, label), (e) => {
        throw toPackage(e, label);
      });
      promises.set(promise, mapped);
    }
    return mapped;
  }

  /** A package function as the host calls it: `this` and arguments converted for the package, the result for the host. */
  function hostCallable(fn: (...args: unknown[]) => unknown, hostLabel: string): object {
    const label = `callback of ${hostLabel}`;
    const wrapper = function (this: unknown, ...args: unknown[]) {
      try {
        if (!argsToPackage(args, label)) return undefined;
        if (new.target) return toHost(construct(fn as unknown as new (...a: unknown[]) => object, args));
        return toHost(apply(fn, thisToPackage(this, label), args));
      } catch (error) {
        throw thrownToHost(error);
      }
    };
    hostSide.set(fn, wrapper);
    packageSide.set(wrapper, fn);
    return wrapper;
  }

  /**
   * Converts in place; primitives (most callback arguments: a timestamp, a timer's extra arguments) stay. Null when
   * the callback must not run: a storage event it may not hear (a listener is simply not told).
   */
  function argsToPackage(args: unknown[], label: string): unknown[] | null {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === null || (typeof a !== 'object' && typeof a !== 'function')) continue;
      if (i === 0 && host.isEvent(a)) {
        if (host.isStorageEvent(a) && stores.event(a) === null) return null;
        if (!events.heard(a)) return null; // a key typed into the app, another window's message (host-events.ts)
        delivering = a;
      }
      args[i] = toPackage(a, label, i);
      delivering = undefined;
    }
    return args;
  }
  /** The event argsToPackage has just let through (toPackage need not ask again). */
  let delivering: object | undefined;
  const thisToPackage = (self: unknown, label: string) => (self === realGlobal ? options.packageGlobal() : toPackage(self, label, 'this'));

  /**
   * A package function handed to a scheduler (setTimeout, queueMicrotask, requestAnimationFrame): the host calls it
   * later, as a function, and ignores its result. A closure per call, converting `this` (the real window becomes the
   * package's global) and the arguments as any callback's; unlike hostCallable, nothing is stamped on the package's
   * function (a fresh arrow per setTimeout would otherwise cost two stamps and a wrapper kept as long as it lives).
   */
  function scheduled(fn: (...args: unknown[]) => unknown, label: string): (...args: unknown[]) => void {
    // A method: not constructible, as the scheduler never constructs it.
    return {
      callback(this: unknown, ...args: unknown[]): void {
        try {
          if (argsToPackage(args, label)) apply(fn, thisToPackage(this, label), args);
        } catch (error) {
          throw thrownToHost(error);
        }
      },
    }.callback;
  }

  /** A package object the host reads (a class instance, a record with getters): every read converted for the host. */
  function hostView(value: object, label: string): object {
    const view = convertingView(value, (v) => toHost(v), (v, key) => toPackage(v, label, key), thrownToHost);
    hostSide.set(value, view);
    packageSide.set(view, value);
    return view;
  }

  function toHost(value: unknown, label = 'the host'): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    if (value === core.lastStandIn) return core.lastReal;
    const real = hostSide.get(value);
    if (real !== undefined) return real;
    // The package's global stands for the window it was given instead of the real one; the host gets a brand-less
    // object (a host method on it throws "Illegal invocation"), and it comes back as that global.
    if (isPackageGlobal(value)) return NO_RECEIVER;
    const node = options.dom()?.toHost(value);
    if (node) return node;
    if (typeof value === 'function') return hostCallable(value as (...args: unknown[]) => unknown, label);
    // Never the package's live object: a copy, a fresh value of its kind (host-fresh.ts) or a converting view, each
    // of which the package cannot change after it crossed, and which comes back to it as its own.
    // Data (an option bag, a message) is a snapshot the host can clone; an object with methods or accessors (a
    // handleEvent listener) is one converting view, live and the same each time (removeEventListener finds it).
    const shape = dataShape(value, true);
    const out = shape === undefined ? freshForHost(value, fresher) : copyForHost(value, shape, (v) => toHost(v));
    if (out) {
      packageSide.set(out, value); // handed back, it is the package's object
      return out;
    }
    return hostView(value, 'a value the host handed back');
  }
  /**
   * What a package's code throws to the host (a callback's error, a getter's): converted like any value it hands
   * over, so the host's error handler never holds the package's live object (an app that annotates the error, as
   * error reporters do, would put its real values where the package reads them). A policy error keeps its name and
   * message (a fresh error of its kind, its own properties copied).
   */
  const thrownToHost = (error: unknown): unknown => toHost(error);
  const fresher = { toHost: (v: unknown) => toHost(v), thrownToHost };
  function argsToHost(args: unknown[], label: string, from = 0): unknown[] {
    for (let i = from; i < args.length; i++) {
      const a = args[i];
      if (a !== null && (typeof a === 'object' || typeof a === 'function')) args[i] = toHost(a, label);
    }
    return args;
  }

  const guards = createUrlGuards(host, toHost, refuse);
  const names = createOwnNames(options.pkg, host, options.ownNames, refuse);
  const events = createEventFilter({
    host, pageEvents: options.pageEvents, dom: options.dom, report: options.report, refuse,
    // The window's own stand-in is the package's global to it (`event.target`, `event.currentTarget`).
    ownTarget: (own, target) => {
      if (target === realGlobal) packageSide.set(own, options.packageGlobal());
    },
  });
  const stores = createStoreCrossing({ pkg: options.pkg, stores: host.stores, view: options.storeView, remember, harden: options.harden });

  const core: MembraneCore = {
    lastStandIn: undefined,
    lastReal: undefined,
    toPackage,
    toHost,
    receiverToHost(value) {
      if (value === null || value === undefined) return NO_RECEIVER;
      if (value === core.lastStandIn) return core.lastReal;
      // An element or event of the attenuated DOM as `this` of a real host function, getter or setter (reached
      // through any host prototype: `EventTarget.prototype.dispatchEvent` from `performance`, an `innerHTML` setter):
      // the real node would act with none of the DOM's rules (its event bubbling to the app's listeners, row 70).
      // Its wrapper's own members are the package's; as an argument (`observe(el)`) it still crosses.
      if ((typeof value === 'object' || typeof value === 'function') && hostSide.get(value) === undefined && options.dom()?.toHost(value)) {
        return refuse('a host function called on an element or event of the attenuated DOM (use its own members)');
      }
      return toHost(value);
    },
    argsToHost,
    scheduleArgsToHost(args, label) {
      const fn = args[0];
      // Whatever function the package schedules runs as the package would call it. A stand-in of a host function
      // (EventTarget.prototype.addEventListener, reached through performance) handed back as itself would run with
      // the scheduler's `this`, the real window, and the package's extra arguments: a listener nobody granted.
      if (typeof fn !== 'function') return argsToHost(args, label);
      args[0] = scheduled(fn as (...a: unknown[]) => unknown, `callback of ${label}`);
      return argsToHost(args, label, 1);
    },
    viewOf(realProto, label, key) {
      if (realProto === null) return null;
      const known = packageSide.get(realProto);
      if (known) return known;
      if (host.intrinsics().has(realProto)) return realProto; // Object.prototype, %IteratorPrototype%
      views.add(realProto);
      return makeStandIn(realProto, label, key);
    },
    refuse,
    guardConstruct(real, args, label) {
      if (options.ownChannels && host.channels.has(real)) args[0] = storagePrefix(options.pkg) + StringCtor(toHost(args[0]));
      if (options.ownNames.sharedWorkers && real === host.sharedWorker) names.sharedWorkerName(args);
      guards.guardConstruct(real, args, label);
    },
    guardCall(real, args, label, receiver) {
      if (real === host.events.addEventListener) events.listening(receiver, args, label);
      else if (real === host.events.removeEventListener) events.unlistening(receiver, args);
      else if (real === host.events.postMessage && receiver === realGlobal) events.posted(args);
      guards.guardCall(real, args, label);
      return names.guardCall(real, args, label);
    },
    subclassInstance(real, label, key, proto) {
      return makeStandIn(real, label, key, undefined, proto);
    },
  };

  const isHostObject = (v: object) => classify().isHostObject(v);
  const live = createLiveData({ core, known: (real) => packageSide.get(real), remember, isHostObject, isIntrinsic: (v) => host.intrinsics().has(v) });
  return {
    granted: live.granted,
    isLive: live.isLive,
    toPackage: (value, label) => toPackage(value, label),
    toHost,
    hostFunction(real, receiver, label, schedules) {
      // Not in the real → stand-in table: the same real function reached through a prototype keeps its own `this`.
      // The window's dispatchEvent and postMessage send to the package's own listeners (row 70, host-events.ts).
      // The package's own handler read back (`onmessage`) is its own function; the app's may only pass on an event.
      if (events.isStored(real)) return packageSide.get(real);
      real = (events.sender(real, receiver) ?? events.appHandler(real, receiver, label) ?? real) as typeof real;
      const shadow = shadowFor(real);
      const handler = new StandIn(core, real, label, undefined, false, receiver ?? NO_RECEIVER, undefined, schedules === true);
      const proxy = new ProxyCtor(shadow, handler);
      handler.proxy = proxy;
      hostSide.set(proxy, real);
      return proxy;
    },
    write(real, key, value, label) {
      const args = [toHost(value)];
      const stored = events.handlerWritten(real, key, label, args[0]);
      if (stored !== args[0]) {
        packageSide.set(stored as object, value as object); // read back, it is the package's own function
        args[0] = stored;
      }
      for (let o: object | null = real; o; o = getPrototypeOf(o) as object | null) {
        const d = getOwnPropertyDescriptor(o, key);
        if (!d) continue;
        if (d.set) core.guardCall(d.set, args, label);
        break;
      }
      reflectSet(real, key, args[0]);
    },
    adopt(value) {
      packageSide.set(value, value);
      return value;
    },
    isAdopted: (value) => (typeof value === 'object' || typeof value === 'function') && value !== null && packageSide.get(value) === value,
  };
}
