// Invariant 1's per-package names (THREATS.md row 54) for what the origin names through host *functions* rather than
// store objects (host-storage.ts has those): a grant there reaches the app's own data or state by name.
// - Web Locks: a lock's name is the origin's, like a BroadcastChannel's, so a package granted `navigator.locks` (a
//   tab-sync or token-refresh helper) could wait on, hold or `steal` the app's own lock (the app's token refresh
//   stalls, or runs twice at once) and list every lock of the origin with `query()`. Its names get its prefix, the
//   lock its callback gets carries the name it asked for, and `query()` lists only its own locks, unprefixed.
// - The origin private file system: `navigator.storage.getDirectory()` is the origin's root, every file the app (its
//   SQLite database) and every other package keeps there. The package's root is a directory of its own under it (a
//   directory handle gives no way up to its parent).
// - Storage buckets (`navigator.storageBuckets.open(name)`): a bucket's name is the origin's, and a bucket holds
//   databases, caches and files. Bucket names allow no prefix that could not collide (lower-case letters, digits,
//   `_` and `-`, 64 at most), so the manager's methods are refused.
// Each unless the grant is "origin". The host membrane calls this for every call of a real host function, whatever
// path reached it (the grant, `LockManager.prototype`), after the arguments are converted for the host.
import type { HostRefs } from './host-refs.js';
import { storagePrefix } from './host-storage.js';
import { apply, isArray, promiseThen, reflectGet, slice, startsWith, ArrayPrototypePush, StringCtor } from './primordials.js';

type Fn = (...args: unknown[]) => unknown;

/** The name of a package's own root directory in the origin's: no `/` (a scoped package's name has one). */
export const ownDirectoryName = (pkg: string) => `portcullis:${encodeURIComponent(pkg)}`;

export function createOwnNames(
  pkg: string,
  refs: Pick<HostRefs, 'locks' | 'files' | 'buckets'>,
  own: { locks: boolean; files: boolean; buckets: boolean },
  refuse: (api: string) => never,
) {
  const prefix = storagePrefix(pkg);
  const unprefixed = (name: unknown) => (typeof name === 'string' && startsWith(name, prefix) ? slice(name, prefix.length) : undefined);
  /** A query()'s list of {name, mode, clientId}: the package's own entries, without the prefix. */
  const ownLocks = (list: unknown): unknown[] => {
    const out: unknown[] = [];
    if (!isArray(list)) return out;
    for (const entry of list as unknown[]) {
      const name = unprefixed(reflectGet(entry as object, 'name'));
      if (name === undefined) continue;
      apply(ArrayPrototypePush, out, [{ name, mode: reflectGet(entry as object, 'mode'), clientId: reflectGet(entry as object, 'clientId') }]);
    }
    return out;
  };
  const directory = ownDirectoryName(pkg);

  return {
    /**
     * `new SharedWorker(url, name | options)`: a running shared worker is found by its URL and name, origin-wide, so the
     * app's own name joins the app's worker (its state, its other clients' messages). Its name becomes the package's
     * own; the options are read once into a fresh record (a getter cannot answer the check and the browser apart).
     */
    sharedWorkerName(args: unknown[]): void {
      const given = args[1];
      if (given !== null && typeof given === 'object') {
        const name = reflectGet(given, 'name');
        const type = reflectGet(given, 'type');
        const credentials = reflectGet(given, 'credentials');
        const options: Record<string, unknown> = { name: prefix + (name === undefined ? '' : StringCtor(name)) };
        if (type !== undefined) options.type = StringCtor(type);
        if (credentials !== undefined) options.credentials = StringCtor(credentials);
        args[1] = options;
      } else {
        args[1] = prefix + (given === undefined ? '' : StringCtor(given));
      }
    },
    /** Rewrites a call's (host-side) arguments; returns what its result becomes, if that changes too. */
    guardCall(real: object, args: unknown[], label: string): ((result: unknown) => unknown) | undefined {
      if (own.buckets && refs.buckets.has(real)) {
        refuse(`${label} (storage bucket names are the origin's: grant navigator.storageBuckets "origin")`);
      }
      if (own.locks && real === refs.locks.request) {
        const name = StringCtor(args[0]); // coerced once: the name checked is the name used
        // Names starting with '-' are reserved: unprefixed, the browser refuses them as it would unconfined.
        args[0] = name[0] === '-' ? name : prefix + name;
        // request(name, callback) or request(name, options, callback), by the count of arguments (WebIDL's overloads).
        const at = args.length >= 3 ? 2 : 1;
        const callback = args[at];
        if (typeof callback === 'function') {
          args[at] = (lock: unknown) =>
            apply(callback as Fn, undefined, [lock === null || typeof lock !== 'object' ? lock : { name, mode: reflectGet(lock, 'mode') }]);
        }
        return undefined;
      }
      if (own.locks && real === refs.locks.query) {
        return (result) =>
          promiseThen(result as Promise<unknown>, (snapshot) => ({
            held: ownLocks(reflectGet(snapshot as object, 'held')),
            pending: ownLocks(reflectGet(snapshot as object, 'pending')),
          }));
      }
      if (own.files && real === refs.files.getDirectory) {
        return (result) =>
          promiseThen(result as Promise<object>, (root) => apply(refs.files.getDirectoryHandle as Fn, root, [directory, { create: true }]));
      }
      return undefined;
    },
  };
}
