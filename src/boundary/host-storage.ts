// Invariant 1 for the origin's stores (issue 9, point 6; THREATS.md row 54): a `localStorage`, `sessionStorage`,
// `indexedDB` or `caches` grant is a store of the package's own by default. Keys, databases and caches it makes get a
// per-package prefix, and every listing (`length`, `key()`, `Object.keys`, `databases()`, `caches.keys()`) shows only
// its own, without the prefix: it cannot read, list or delete the app's data or another package's. The origin-wide
// store needs the explicit grant value "origin" (reviewed; `explain` labels it). What the real stores hand back
// (requests, databases, caches, DOMExceptions) crosses through the package's host membrane like anything else.
import type { HostMembrane } from './host-membrane.js';
import {
  apply, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, objectCreate, promiseThen, reflectGet, slice, startsWith, ArrayPrototypePush,
  ProxyCtor, StringCtor,
} from './primordials.js';

export const STORAGE_ROOTS: ReadonlySet<string> = new Set(['localStorage', 'sessionStorage', 'indexedDB', 'caches']);

type Fn = (...args: unknown[]) => unknown;

/** What the package's keys, databases and caches are named with in the real store. */
export const storagePrefix = (pkg: string) => `portcullis:${pkg}:`;

/** The method (or getter) `name` of a real object's prototype chain, captured now. */
function captured(real: object, name: string, getter = false): Fn | undefined {
  for (let o: object | null = real; o; o = getPrototypeOf(o) as object | null) {
    const d = getOwnPropertyDescriptor(o, name);
    if (d) return (getter ? d.get : d.value) as Fn | undefined;
  }
  return undefined;
}

/** The package's namespaced view of the store `name` (one of STORAGE_ROOTS), or undefined if the page has none. */
export function namespacedStore(name: string, real: unknown, pkg: string, membrane: HostMembrane, harden: <T>(v: T) => T): object | undefined {
  if (real === null || typeof real !== 'object') return undefined;
  const prefix = storagePrefix(pkg);
  /** Calls a captured real method; what it returns or throws crosses the membrane. */
  const call = (fn: Fn | undefined, args: unknown[], label: string): unknown => {
    if (!fn) throw new TypeError(`${label} is not supported by this browser`);
    try {
      return membrane.toPackage(apply(fn, real, args), label);
    } catch (error) {
      throw membrane.toPackage(error, label);
    }
  };
  const own = <T extends object>(value: T): T => membrane.adopt(harden(value));
  const ownName = (n: unknown) => prefix + StringCtor(n);
  /** Names of a real listing that belong to the package, without the prefix. */
  const mine = (names: unknown[]): string[] => {
    const out: string[] = [];
    for (const n of names) if (typeof n === 'string' && startsWith(n, prefix)) apply(ArrayPrototypePush, out, [slice(n, prefix.length)]);
    return out;
  };

  if (name === 'localStorage' || name === 'sessionStorage') {
    const getItem = captured(real, 'getItem');
    const setItem = captured(real, 'setItem');
    const removeItem = captured(real, 'removeItem');
    const key = captured(real, 'key');
    const length = captured(real, 'length', true);
    const keys = (): string[] => {
      const all: unknown[] = [];
      const n = call(length, [], `${name}.length`) as number;
      for (let i = 0; i < n; i++) apply(ArrayPrototypePush, all, [call(key, [i], `${name}.key`)]);
      return mine(all);
    };
    const methods: Record<string, Fn> = own({
      getItem: (k: unknown) => call(getItem, [ownName(k)], `${name}.getItem`),
      setItem: (k: unknown, v: unknown) => void call(setItem, [ownName(k), StringCtor(v)], `${name}.setItem`),
      removeItem: (k: unknown) => void call(removeItem, [ownName(k)], `${name}.removeItem`),
      clear: () => {
        for (const k of keys()) call(removeItem, [ownName(k)], `${name}.clear`);
      },
      key: (i: unknown) => keys()[Number(i)] ?? null,
    });
    for (const m of Object.values(methods)) own(m);
    const item = (k: string | symbol) => (typeof k === 'string' ? (call(getItem, [ownName(k)], `${name}.getItem`) as string | null) : null);
    // Adopted, not hardened: freezing the Proxy would pin its (live) list of keys.
    return membrane.adopt(
      new ProxyCtor(objectCreate(null) as object, {
        get: (_t, k) => (k === 'length' ? keys().length : hasOwn(methods, k) ? methods[k as string] : item(k) ?? undefined),
        set(_t, k, v) {
          if (typeof k === 'string' && k !== 'length' && !hasOwn(methods, k)) methods.setItem!(k, v);
          return true;
        },
        has: (_t, k) => k === 'length' || hasOwn(methods, k) || item(k) !== null,
        deleteProperty(_t, k) {
          if (typeof k === 'string') methods.removeItem!(k);
          return true;
        },
        ownKeys: () => keys(),
        getOwnPropertyDescriptor(_t, k) {
          const v = item(k);
          return v === null ? undefined : { value: v, writable: true, enumerable: true, configurable: true };
        },
        defineProperty: () => false,
        setPrototypeOf: () => false,
      }),
    );
  }

  if (name === 'indexedDB') {
    const open = captured(real, 'open');
    const deleteDatabase = captured(real, 'deleteDatabase');
    const databases = captured(real, 'databases');
    const cmp = captured(real, 'cmp');
    const facade = own({
      open: (n: unknown, ...version: unknown[]) => call(open, [ownName(n), ...version], 'indexedDB.open'),
      deleteDatabase: (n: unknown) => call(deleteDatabase, [ownName(n)], 'indexedDB.deleteDatabase'),
      databases: () =>
        promiseThen(call(databases, [], 'indexedDB.databases') as Promise<Array<{ name: string; version: number }>>, (list) => {
          const out: Array<{ name: string; version: number }> = [];
          for (const d of list) if (startsWith(d.name, prefix)) apply(ArrayPrototypePush, out, [{ name: slice(d.name, prefix.length), version: d.version }]);
          return out;
        }),
      cmp: (a: unknown, b: unknown) => call(cmp, [membrane.toHost(a), membrane.toHost(b)], 'indexedDB.cmp'),
    });
    for (const m of Object.values(facade)) own(m);
    return facade;
  }

  if (name === 'caches') {
    const open = captured(real, 'open');
    const has = captured(real, 'has');
    const del = captured(real, 'delete');
    const keys = captured(real, 'keys');
    const ownCaches = () => promiseThen(call(keys, [], 'caches.keys') as Promise<unknown[]>, mine);
    const facade = own({
      open: (n: unknown) => call(open, [ownName(n)], 'caches.open'),
      has: (n: unknown) => call(has, [ownName(n)], 'caches.has'),
      delete: (n: unknown) => call(del, [ownName(n)], 'caches.delete'),
      keys: ownCaches,
      // Only the package's caches are searched, never the app's.
      async match(request: unknown, options?: { cacheName?: unknown; [k: string]: unknown }) {
        const names = options?.cacheName !== undefined ? [StringCtor(options.cacheName)] : await ownCaches();
        for (const n of names) {
          const cache = (await call(open, [ownName(n)], 'caches.match')) as { match(r: unknown, o?: unknown): Promise<unknown> };
          const found = await cache.match(request, options);
          if (found !== undefined) return found;
        }
        return undefined;
      },
    });
    for (const m of Object.values(facade)) own(m);
    return facade;
  }
  return undefined;
}

/** A package's grant of the store `name` (the name itself or a dotted path under it): 'origin', 'own', or none. */
export function storeGrant(grants: Readonly<Record<string, unknown>>, name: string): 'origin' | 'own' | undefined {
  let found: 'origin' | 'own' | undefined;
  for (const path of Object.keys(grants)) {
    if (grants[path] === false || (path !== name && !startsWith(path, `${name}.`))) continue;
    if (grants[path] === 'origin') return 'origin';
    found = 'own';
  }
  return found;
}

/**
 * A `storage` event about an origin store, heard by a path other than the grant (a granted `addEventListener`): its
 * `storageArea` is the package's own view of the store (the grant's), the real store only under an "origin" grant,
 * and without a storage grant the event is not the package's to hear. Nor is one about a key outside the package's
 * prefix (the app's, another package's); its own arrive without the prefix. (A store reached alone, with no event,
 * is the membrane's `storeView` answer.)
 */
export function createStoreCrossing(options: {
  pkg: string;
  /** The page's real stores (localStorage, sessionStorage, indexedDB, caches) → their global name. */
  stores: ReadonlyMap<object, string>;
  /** The package's view of the store `name`: its facade, the real store itself ("origin"), or undefined (no grant). */
  view(name: string, real: object): object | undefined;
  /** Records a fresh value made for a real one (identity: every listener of the package gets the same). */
  remember(real: object, fresh: object): void;
  harden: <T>(v: T) => T;
}) {
  const prefix = storagePrefix(options.pkg);
  return {
    /**
     * What the package gets for a real StorageEvent: the event itself when it crosses as any event (another store's,
     * or under an "origin" grant), its own view of it, or null: not the package's to hear.
     */
    event(real: object): object | null {
      const area = reflectGet(real, 'storageArea') as object | null;
      if (area === null || typeof area !== 'object' || !options.stores.has(area)) return real;
      const view = options.view(options.stores.get(area)!, area);
      if (view === area) return real;
      if (view === undefined) return null;
      const key = reflectGet(real, 'key') as string | null;
      // key null: the store was cleared (the package's keys too), which it may hear.
      if (key !== null && !startsWith(key, prefix)) return null;
      const method = (name: string) => {
        const fn = captured(real, name);
        return () => void (fn && apply(fn, real, []));
      };
      const fresh = options.harden({
        type: reflectGet(real, 'type') as string,
        key: key === null ? null : slice(key, prefix.length),
        oldValue: reflectGet(real, 'oldValue') as string | null,
        newValue: reflectGet(real, 'newValue') as string | null,
        // Not the page that wrote it: another tab's address (a reset link's token) is not the package's to read.
        url: '',
        storageArea: view,
        timeStamp: reflectGet(real, 'timeStamp') as number,
        isTrusted: reflectGet(real, 'isTrusted') as boolean,
        preventDefault: method('preventDefault'),
        stopPropagation: method('stopPropagation'),
        stopImmediatePropagation: method('stopImmediatePropagation'),
      });
      options.remember(real, fresh);
      return fresh;
    },
  };
}
