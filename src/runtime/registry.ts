// One compartment per package, created on first use, whose global object is what every free identifier of the
// package's modules resolves through (the build rewrote `fetch` to `$pc.fetch`).
// Threat: reaching a power the policy does not grant, by any name or path: `fetch`, `globalThis.fetch`,
// `self['fe' + 'tch']`, `Reflect.get(globalThis, 'fetch')` all end at the deny proxy below, which throws.
import type { RuntimeConfig } from '../shared/runtime-config.js';
import { createEndowments, isHostFunction, readPath } from './endowments.js';
import {
  ObjectPrototype, apply, bind, defineProperties, defineProperty, getOwnPropertyDescriptors, objectCreate, reflectGet, reflectHas,
  ProxyCtor, MapCtor, WeakMapCtor, StringCtor,
} from '../boundary/primordials.js';
import type { Violation, ViolationLog } from './violations.js';
import { createBareNames, engineIntrinsics } from './bare-names.js';
import { createDomFacade, type DomFacade } from '../dom/facade.js';
import type { RealDom } from '../dom/real.js';
import { createHostMembrane, type HostMembrane } from '../boundary/host-membrane.js';
import { captureHostRefs } from '../boundary/host-refs.js';
import { collectIntrinsics, type Intrinsics } from '../boundary/intrinsics.js';
import { namespacedStore, storeGrant } from '../boundary/host-storage.js';
import { createAppCrossings, type AppCrossing } from './app-crossings.js';
import { normalizeGrants } from '../shared/global-path.js';

const SymbolToStringTag = Symbol.toStringTag;

export interface SesGlobals {
  Compartment: new (options: object) => { globalThis: Record<string, unknown> };
  harden: <T>(value: T) => T;
}

export interface Registry {
  /** The compartment global for one module of a package (its `globalThis`, `window` and `self`). */
  compartment(pkg: string, module: string): object;
  /** What the module's bare reads and bare assignments go through (bare-names.ts). */
  names(pkg: string, module: string): object;
  assignments(pkg: string, module: string): object;
  /** A dynamic import with a computed specifier: refused at run time (the bundler could not check it). */
  checkImport(pkg: string, module: string, specifier: unknown): string;
  /** The app grants a dom-mode package an element to draw in; returns the package's wrapper of it. */
  grant(pkg: string, element: Element): object;
  /** Conversions for the app's imports of a package (used by the build's membrane modules; app-crossings.ts). */
  membrane(pkg: string): AppCrossing;
  violations(): Violation[];
  /** With `recordGrants`: per package, the granted paths its code read or wrote so far (sorted); else null. */
  exercisedGrants(): Record<string, string[]> | null;
  onViolation(listener: (violation: Violation) => void): void;
}

const ALIASES = ['globalThis', 'self', 'window'] as const;

export function createRegistry(options: {
  config: RuntimeConfig;
  realGlobal: typeof globalThis;
  ses: SesGlobals;
  log: ViolationLog;
  /** The real DOM, captured at start; absent outside a browser. */
  realDom?: RealDom;
}): Registry {
  const { config, realGlobal, ses, log } = options;
  const { harden, Compartment } = ses;
  const enforce = config.mode === 'enforce';
  const moduleOf = new WeakMapCtor<object, string>();
  const packages = new MapCtor<string, object>();
  const modules = new MapCtor<string, object>();
  const engine = engineIntrinsics(realGlobal);
  const bare = createBareNames({ realGlobal, register: (object, moduleGlobal) => void moduleOf.set(object, moduleOf.get(moduleGlobal)!) });
  /** Recording mode only: package → granted paths used. */
  const exercised = config.recordGrants ? new MapCtor<string, Map<string, true>>() : undefined;
  const used = (pkg: string) => {
    if (!exercised) return undefined;
    const paths = new MapCtor<string, true>();
    exercised.set(pkg, paths);
    return (path: string) => void paths.set(path, true);
  };
  const facades = new MapCtor<string, DomFacade>();
  const membranes = new MapCtor<string, HostMembrane>();
  /** Every package's and module's global object: never handed to the host, never a host function's `this`. */
  const globals = new WeakSet<object>();
  const realDom = options.realDom;
  // What every compartment shares (a fresh compartment's global, and the start compartment's Date and Math, which
  // every package gets): collected on first use, for both membranes.
  let sharedIntrinsics: Intrinsics | undefined;
  const intrinsics = () => (sharedIntrinsics ??= collectIntrinsics([new Compartment({ __options__: true }).globalThis, realGlobal.Date, realGlobal.Math]));
  const host = captureHostRefs(realGlobal, intrinsics);
  const crossings = createAppCrossings({ config, realGlobal, ses, log, classifier: host.classifier(), intrinsics, facadeOf: (pkg) => (packageGlobal(pkg), facades.get(pkg)) });
  /** The facade of a dom-mode package (creating its compartment if needed), for the app-side crossings. */
  const facadeOf = (pkg: string): DomFacade => {
    packageGlobal(StringCtor(pkg));
    const facade = facades.get(StringCtor(pkg));
    if (!facade) throw new TypeError(`Portcullis: package "${pkg}" has no dom section in its policy`);
    return facade;
  };

  /** Reading a name the real global has, without a grant. In report mode: allowed, reported, real value returned. */
  function deny(pkg: string, api: string, kind: Violation['kind'], receiver: unknown): unknown {
    if (kind === 'read' && config.resources[pkg]?.globals[api] === false) return undefined; // reviewed: quietly absent
    const module = (typeof receiver === 'object' && receiver !== null && moduleOf.get(receiver)) || '(unknown module)';
    const error = log.report(pkg, api, module, kind);
    if (enforce) throw error;
    if (kind !== 'read') return undefined;
    const segments = api.split('.');
    const name = segments.pop()!;
    const parent = segments.length ? readPath(realGlobal, segments) : realGlobal;
    const value = parent == null ? undefined : reflectGet(parent as object, name);
    // As if granted: `document` granted is full power (the real one); anything else crosses the membrane.
    const membrane = segments[0] === 'document' || (!segments.length && name === 'document') ? undefined : membranes.get(pkg);
    if (membrane) return isHostFunction(name, value) ? membrane.hostFunction(value, parent as object, api) : membrane.granted(value, api);
    return isHostFunction(name, value) ? bind(value, parent) : value;
  }

  let shared: PropertyDescriptorMap | undefined;
  /**
   * The shared compartment global's properties, as writable as in a compartment of its own. That global is then
   * hardened: its evaluators (reachable through a package global's prototype) see a frozen global, so no package
   * can leave anything there for another.
   */
  function sharedDescriptors(): PropertyDescriptorMap {
    if (shared) return shared;
    const global = new Compartment({ __options__: true, name: '(shared)', globals: {} }).globalThis;
    shared = getOwnPropertyDescriptors(global);
    harden(global);
    return shared;
  }

  function packageGlobal(pkg: string): object {
    const existing = packages.get(pkg);
    if (existing) return existing;
    const grants = config.resources[pkg]?.globals ?? {};
    // A package's own SES compartment only where its evaluators can run code (a Function/eval grant, or report mode,
    // where the stand-ins call them): its global then holds the grants too. Every other package copies the
    // intrinsics of one shared, hardened compartment global (one Compartment per page instead of one per package).
    const base = grants.Function || grants.eval || !enforce ? new Compartment({ __options__: true, name: pkg, globals: {} }).globalThis : undefined;

    let packageGlobal: object;
    let facade: DomFacade | undefined;
    // Full power (the real window or document granted outright): nothing to mediate, and labelled so by `explain`.
    const fullPower = grants.window === true || grants.document === true;
    const membrane = fullPower
      ? undefined
      : createHostMembrane({
          pkg,
          host,
          packageGlobal: () => packageGlobal,
          isPackageGlobal: (value) => typeof value === 'object' && value !== null && globals.has(value),
          refuse: (api) => {
            throw log.report(pkg, api, '(host)', 'dom');
          },
          dom: () => facade,
          storeView: (name, real) => storeView(name, real),
          harden,
          ownChannels: storeGrant(grants, 'BroadcastChannel') !== 'origin',
          ownNames: {
            locks: storeGrant(grants, 'navigator.locks') !== 'origin',
            files: storeGrant(grants, 'navigator.storage') !== 'origin',
            buckets: storeGrant(grants, 'navigator.storageBuckets') !== 'origin',
            sharedWorkers: storeGrant(grants, 'SharedWorker') !== 'origin',
          },
          pageEvents: normalizeGrants(grants).addEventListener === 'origin' || !enforce,
          report: (api) => void log.report(pkg, api, '(host)', 'call'),
        });
    if (membrane) membranes.set(pkg, membrane);
    const ctx = {
      deny: (api: string, kind: Violation['kind'], receiver: unknown) => deny(pkg, api, kind, receiver),
      used: used(pkg),
      membrane,
      // The grant's own view; undefined where the grant reads the real store ("origin").
      store(name: string, real: unknown) {
        if (!membrane) return undefined;
        const view = storeView(name, real as object);
        return view === real ? undefined : view;
      },
    };
    // One answer per store and package, whichever path reaches it (the grant, `event.storageArea`): its own view, the
    // real store ("origin"), or undefined (no grant: refused).
    const storeViews = new MapCtor<string, object | undefined>();
    function storeView(name: string, real: object): object | undefined {
      if (!storeViews.has(name)) {
        const grant = storeGrant(grants, name);
        // Report mode allows what it reports: the real store, as the read of an ungranted one returned it.
        storeViews.set(name, grant === 'own' ? namespacedStore(name, real, pkg, membrane!, harden) : grant === 'origin' || !enforce ? real : undefined);
      }
      return storeViews.get(name);
    }
    const denyAll = new ProxyCtor(objectCreate(null) as object, {
      get(_target, key, receiver) {
        if (typeof key !== 'string' || !reflectHas(realGlobal, key)) return bare.isBareRead(receiver) ? bare.notDefined(key) : undefined;
        // A free `toString` or `hasOwnProperty` is the window's, inherited from Object.prototype: a hardened
        // intrinsic every package shares, powerless.
        if (reflectHas(ObjectPrototype, key)) return reflectGet(ObjectPrototype, key);
        return deny(pkg, key, 'read', receiver);
      },
      set(_target, key, value, receiver) {
        if (typeof key === 'string' && reflectHas(realGlobal, key)) {
          deny(pkg, key, 'write', receiver);
          (realGlobal as unknown as Record<string, unknown>)[key] = value; // report mode only: deny threw otherwise
          return true;
        }
        // A name the browser does not have: a global of this package alone.
        defineProperty(packageGlobal, key, { value, writable: true, enumerable: true, configurable: true });
        return true;
      },
      // `'fetch' in globalThis` and `typeof fetch` are feature probes: a denied name is simply absent.
      has: () => false,
    });

    const descriptors: PropertyDescriptorMap = base ? getOwnPropertyDescriptors(base) : { ...sharedDescriptors() };
    // The start compartment's Date and Math: SES's tamed ones throw on Date.now() and Math.random().
    descriptors.Date = { value: realGlobal.Date, writable: true, enumerable: false, configurable: true };
    descriptors.Math = { value: realGlobal.Math, writable: true, enumerable: false, configurable: true };
    // SES leaves the float arrays off child compartments' globals (a NaN side channel it guards), yet a bare
    // `Float32Array` is the start compartment's hardened one (left un-rewritten): `globalThis.Float32Array` must be too.
    // Only a hardened intrinsic: an engine without Float16Array may have the app's polyfill there, which stays the app's.
    for (const name of ['Float16Array', 'Float32Array', 'Float64Array'] as const) {
      const real = reflectHas(realGlobal, name) ? realGlobal[name as 'Float32Array'] : undefined;
      if (!descriptors[name] && real && Object.isFrozen(real)) descriptors[name] = { value: real, writable: true, enumerable: false, configurable: true };
    }
    for (const name of Object.keys(engine)) descriptors[name] ??= engine[name]!;
    for (const alias of ALIASES) delete descriptors[alias];
    // SES puts `Compartment` on every compartment global, and its `evaluate(text)` runs code no build saw: dynamic
    // code needs the reviewed grant an evaluator needs (`Function` or `eval`), or `Compartment` granted itself.
    if (enforce && !grants.Function && !grants.eval) delete descriptors.Compartment;
    // `{}.toString.call(window) === '[object Window]'` is how konva's `isBrowser` (and others) tell a page from Node:
    // the confined global answers as the window it stands for (a tag, no power), `[object Object]` otherwise.
    const tag = reflectGet(realGlobal, SymbolToStringTag);
    if (typeof tag === 'string') descriptors[SymbolToStringTag as unknown as string] = { value: tag, writable: false, enumerable: false, configurable: true };
    const endowed = createEndowments(grants, realGlobal, ctx);
    const domGrant = config.resources[pkg]?.dom;
    if (domGrant && realDom && !grants.document) {
      facade = createDomFacade({
        pkg,
        grant: domGrant,
        real: realDom,
        deny: (api) => {
          throw log.report(pkg, api, '(DOM)', 'dom');
        },
        note: (api) => void log.report(pkg, `${api} (removed)`, '(DOM)', 'dom'),
        harden,
        crossing: crossings.shared(pkg),
      });
      facades.set(pkg, facade);
      endowed.document = { value: facade.document, writable: false, enumerable: true, configurable: true };
      for (const [name, value] of Object.entries(facade.globals)) {
        if (!grants[name]) endowed[name] = { value, writable: false, enumerable: false, configurable: true };
      }
    }
    if (base) defineProperties(base, endowed);
    packageGlobal = objectCreate(denyAll, { ...descriptors, ...endowed }) as object;
    globals.add(packageGlobal);
    if (base) {
      globals.add(base);
      // Code evaluated by a granted Function/eval (the compartment's own, never the real window's) sees the same
      // confined global under each of its names.
      for (const alias of ALIASES) defineProperty(base, alias, { value: packageGlobal, writable: true, enumerable: false, configurable: true });
    }
    packages.set(pkg, packageGlobal);
    return packageGlobal;
  }

  /** Per module, so the error names it. Keeps `x instanceof Function` and `Function.prototype` working. */
  function evaluatorStandIn(pkg: string, name: 'Function' | 'eval', real: FunctionConstructor, moduleGlobal: object) {
    const standIn = function (this: unknown, ...args: unknown[]) {
      deny(pkg, name, 'call', moduleGlobal);
      return apply(real, this, args); // report mode only: deny threw otherwise
    };
    if (name === 'Function') defineProperty(standIn, 'prototype', { value: real.prototype, writable: false, enumerable: false, configurable: false });
    return harden(standIn);
  }

  const registry: Registry = {
    compartment(pkg, module) {
      const key = `${pkg}\u0000${module}`;
      let moduleGlobal = modules.get(key);
      if (moduleGlobal) return moduleGlobal;
      const pkgGlobal = packageGlobal(StringCtor(pkg));
      moduleGlobal = objectCreate(pkgGlobal) as object;
      for (const alias of ALIASES) defineProperty(moduleGlobal, alias, { value: moduleGlobal, writable: true, enumerable: false, configurable: true });
      const grants = config.resources[pkg]?.globals ?? {};
      for (const name of ['Function', 'eval'] as const) {
        if (grants[name]) continue;
        const real = reflectGet(pkgGlobal, name) as FunctionConstructor;
        defineProperty(moduleGlobal, name, { value: evaluatorStandIn(pkg, name, real, moduleGlobal), writable: true, enumerable: false, configurable: true });
      }
      moduleOf.set(moduleGlobal, StringCtor(module));
      globals.add(moduleGlobal);
      modules.set(key, moduleGlobal);
      return moduleGlobal;
    },
    names: (pkg, module) => bare.names(registry.compartment(pkg, module)),
    assignments: (pkg, module) => bare.assignments(registry.compartment(pkg, module)),
    checkImport(pkg, module, specifier) {
      const text = StringCtor(specifier); // coerce once: a getter-shaped specifier cannot change between check and use
      const error = log.report(StringCtor(pkg), `import(${JSON.stringify(text)})`, StringCtor(module), 'import');
      if (enforce) throw error;
      return text;
    },
    grant: (pkg, element) => facadeOf(pkg).grantRoot(element),
    membrane: (pkg) => crossings.membrane(StringCtor(pkg)),
    violations: () => log.list(),
    exercisedGrants() {
      if (!exercised) return null;
      const result: Record<string, string[]> = {};
      for (const [pkg, paths] of exercised) result[pkg] = [...paths.keys()].sort();
      return result;
    },
    onViolation: (listener) => log.subscribe(listener),
  };
  return harden(registry);
}
