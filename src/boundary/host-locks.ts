// Invariant 1's per-package names (THREATS.md row 54) for Web Locks: a lock's name is the origin's, like a
// BroadcastChannel's, so a package granted `navigator.locks` (a tab-sync or token-refresh helper) could wait on,
// hold or `steal` the app's own lock (the app's token refresh stalls, or runs twice at once) and list every lock
// name of the origin with `query()`. Unless its grant is "origin", the names a package asks for get its prefix,
// the lock its callback gets carries the name it asked for, and `query()` lists only its own locks, unprefixed.
// The host membrane calls this for every call of a real host function (whatever path reached it: the grant,
// `LockManager.prototype`), after the arguments are converted for the host.
import type { HostRefs } from './host-refs.js';
import { storagePrefix } from './host-storage.js';
import { apply, isArray, promiseThen, reflectGet, slice, startsWith, ArrayPrototypePush, StringCtor } from './primordials.js';

type Fn = (...args: unknown[]) => unknown;

export function createLockNames(pkg: string, locks: HostRefs['locks']) {
  const prefix = storagePrefix(pkg);
  const unprefixed = (name: unknown) => (typeof name === 'string' && startsWith(name, prefix) ? slice(name, prefix.length) : undefined);
  /** A query()'s list of {name, mode, clientId}: the package's own entries, without the prefix. */
  const own = (list: unknown): unknown[] => {
    const out: unknown[] = [];
    if (!isArray(list)) return out;
    for (const entry of list as unknown[]) {
      const name = unprefixed(reflectGet(entry as object, 'name'));
      if (name === undefined) continue;
      apply(ArrayPrototypePush, out, [{ name, mode: reflectGet(entry as object, 'mode'), clientId: reflectGet(entry as object, 'clientId') }]);
    }
    return out;
  };
  return {
    /** Rewrites a call's (host-side) arguments; returns what its result becomes, if that changes too. */
    guardCall(real: object, args: unknown[]): ((result: unknown) => unknown) | undefined {
      if (real === locks.request) {
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
      if (real === locks.query) {
        return (result) =>
          promiseThen(result as Promise<unknown>, (snapshot) => ({
            held: own(reflectGet(snapshot as object, 'held')),
            pending: own(reflectGet(snapshot as object, 'pending')),
          }));
      }
      return undefined;
    },
  };
}
