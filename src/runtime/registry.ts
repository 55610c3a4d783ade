// One compartment per package, created on first use, whose global object is what every free identifier of the
// package's modules resolves through (the build rewrote `fetch` to `$pc.fetch`).
// Threat: reaching a power the policy does not grant, by any name or path: `fetch`, `globalThis.fetch`,
// `self['fe' + 'tch']`, `Reflect.get(globalThis, 'fetch')` all end at the deny proxy below, which throws.
import type { RuntimeConfig } from '../shared/runtime-config.js';
import { createEndowments, isHostFunction, readPath } from './endowments.js';
import {
  apply, bind, defineProperties, defineProperty, getOwnPropertyDescriptors, objectCreate, reflectGet, reflectHas,
  ProxyCtor, MapCtor, WeakMapCtor, StringCtor,
} from '../boundary/primordials.js';
import type { Violation, ViolationLog } from './violations.js';
import { createDomFacade, type DomFacade } from '../dom/facade.js';
import type { RealDom } from '../dom/real.js';
import { createAppCrossings, type AppCrossing } from './app-crossings.js';

export interface SesGlobals {
  Compartment: new (options: object) => { globalThis: Record<string, unknown> };
  harden: <T>(value: T) => T;
}

export interface Registry {
  /** The compartment global for one module of a package (its `globalThis`, `window` and `self`). */
  compartment(pkg: string, module: string): object;
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
  /** Recording mode only: package → granted paths used. */
  const exercised = config.recordGrants ? new MapCtor<string, Map<string, true>>() : undefined;
  const used = (pkg: string) => {
    if (!exercised) return undefined;
    const paths = new MapCtor<string, true>();
    exercised.set(pkg, paths);
    return (path: string) => void paths.set(path, true);
  };
  const facades = new MapCtor<string, DomFacade>();
  const realDom = options.realDom;
  const crossings = createAppCrossings({ config, realGlobal, ses, log, facadeOf: (pkg) => (packageGlobal(pkg), facades.get(pkg)) });
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
    return isHostFunction(name, value) ? bind(value, parent) : value;
  }

  function packageGlobal(pkg: string): object {
    const existing = packages.get(pkg);
    if (existing) return existing;
    const grants = config.resources[pkg]?.globals ?? {};
    const ctx = { deny: (api: string, kind: Violation['kind'], receiver: unknown) => deny(pkg, api, kind, receiver), used: used(pkg) };
    const compartment = new Compartment({ __options__: true, name: pkg, globals: {} });
    const base = compartment.globalThis;

    let packageGlobal: object;
    const denyAll = new ProxyCtor(objectCreate(null) as object, {
      get(_target, key, receiver) {
        if (typeof key !== 'string' || !reflectHas(realGlobal, key)) return undefined;
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

    const descriptors: PropertyDescriptorMap = getOwnPropertyDescriptors(base);
    // The start compartment's Date and Math: SES's tamed ones throw on Date.now() and Math.random().
    descriptors.Date = { value: realGlobal.Date, writable: true, enumerable: false, configurable: true };
    descriptors.Math = { value: realGlobal.Math, writable: true, enumerable: false, configurable: true };
    for (const alias of ALIASES) delete descriptors[alias];
    const endowed = createEndowments(grants, realGlobal, ctx);
    const domGrant = config.resources[pkg]?.dom;
    if (domGrant && realDom && !grants.document) {
      const facade = createDomFacade({
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
    defineProperties(base, endowed);
    packageGlobal = objectCreate(denyAll, { ...descriptors, ...endowed }) as object;
    // Code evaluated by a granted Function/eval sees the same confined global.
    defineProperty(base, 'globalThis', { value: packageGlobal, writable: true, enumerable: false, configurable: true });
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
      modules.set(key, moduleGlobal);
      return moduleGlobal;
    },
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
