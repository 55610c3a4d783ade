// Invariant 1's per-package names (THREATS.md row 54) for Web Locks (host-names.ts): a lock name is origin-wide, like
// a BroadcastChannel's. A package granted `navigator.locks` (a tab-sync or token-refresh helper's grant) would hold
// or steal the app's own lock (its token refresh stops, or runs twice) and list the app's lock names with query().
// Each attack first works as the app's own code, then is stopped inside the package.
import { describe, expect, it } from 'vitest';
import { asInterfaces, createRealm, type Realm } from '../plugin/test-realm.js';
import { HOST } from './test-host.js';

// As a browser's: names are the origin's; steal releases the holder (its request's promise rejects); query lists all.
const LOCKS = `{
  const held = new Map(); const pending = [];
  class Lock { #n; #m; constructor(n, m) { this.#n = n; this.#m = m; } get name() { return this.#n; } get mode() { return this.#m; } }
  class LockManager {
    request(name, options, cb) {
      if (typeof options === 'function') { cb = options; options = {}; }
      name = String(name);
      const entry = { name, mode: options.mode || 'exclusive', clientId: 'tab-1' };
      if (held.has(name) && !options.steal) {
        if (options.ifAvailable) return Promise.resolve(Reflect.apply(cb, undefined, [null]));
        pending.push(entry); return new Promise(() => {});
      }
      if (options.steal && held.has(name)) held.get(name).reject(new DOMException('stolen'));
      let reject; const p = new Promise((_, r) => { reject = r; });
      held.set(name, { entry, reject });
      const result = Reflect.apply(cb, undefined, [new Lock(name, entry.mode)]);
      const done = Promise.resolve(result).then((v) => { if (held.get(name)?.entry === entry) held.delete(name); return v; });
      return Promise.race([p, done]);
    }
    query() { return Promise.resolve({ held: [...held.values()].map((h) => ({ ...h.entry })), pending: pending.map((e) => ({ ...e })) }); }
  }
  class Navigator { get locks() { return locks; } get userAgent() { return 'test'; } }
  const locks = new LockManager();
  globalThis.navigator = new Navigator();
  Object.assign(globalThis, { Lock, LockManager, Navigator });
  ${asInterfaces(['Lock', 'LockManager', 'Navigator'])}
  // The app's token refresh: it holds 'app-refresh' while it runs; a steal makes it fail.
  globalThis.appLock = { state: 'held' };
  locks.request('app-refresh', () => new Promise(() => {})).catch(() => { appLock.state = 'stolen'; });
}`;

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function locksRealm(globals: Record<string, true | 'origin'>): Promise<Realm> {
  return createRealm({ pkg: { globals } }, 'enforce', {}, HOST + LOCKS);
}

const STEAL = `export const got = []; export function attack() {
  navigator.locks.request('app-refresh', { steal: true }, (lock) => { got.push(lock.name); return new Promise(() => {}); }).catch(() => {});
  return navigator.locks.query().then((q) => q.held.map((l) => l.name));
}`;

describe('row 54: Web Locks names are the package\'s own unless granted "origin"', () => {
  for (const grant of ['navigator.locks', 'navigator.locks.request', 'navigator'] as const) {
    it(`${grant}: the app's own code steals the app's lock and lists it; the package reaches only its own`, async () => {
      const r = await locksRealm({ [grant]: true, 'navigator.locks.query': true });
      // Plain: stolen, and query shows the app's name.
      const plain = r.run(`(() => { const names = []; navigator.locks.request('app-refresh', { steal: true }, () => new Promise(() => {})).catch(() => {});
        return navigator.locks.query().then((q) => q.held.map((l) => l.name)); })()`);
      await tick();
      expect(r.run('appLock.state')).toBe('stolen');
      expect(await plain).toEqual(['app-refresh']);
      r.run(`appLock.state = 'held'; navigator.locks.request('app-other', () => new Promise(() => {})).catch(() => { appLock.state = 'stolen'; })`);

      const { exports } = await r.load(STEAL);
      const names = await (exports.attack as () => Promise<unknown>)();
      await tick();
      expect(r.run('appLock.state')).toBe('held');
      // Its own lock, by the name it asked for; the app's names are not listed.
      expect(exports.got).toEqual(['app-refresh']);
      expect(names).toEqual(['app-refresh']);
      await expect(r.run('navigator.locks.query().then((q) => q.held.map((l) => l.name))')).resolves.toContain('portcullis:pkg:app-refresh');
    });
  }

  it('ifAvailable and the callback without options keep their meaning; "origin" is the origin\'s names', async () => {
    const r = await locksRealm({ 'navigator.locks': true });
    const { exports } = await r.load(`export async function own() {
      navigator.locks.request('a', () => new Promise(() => {}));
      return [await navigator.locks.request('b', () => 'mine'), await navigator.locks.request('a', { ifAvailable: true }, (l) => l)];
    }`);
    expect(await (exports.own as () => Promise<unknown>)()).toEqual(['mine', null]);

    const origin = await locksRealm({ 'navigator.locks': 'origin' });
    const { exports: e2 } = await origin.load(STEAL);
    expect(await (e2.attack as () => Promise<unknown>)()).toEqual(['app-refresh']);
    await tick();
    expect(origin.run('appLock.state')).toBe('stolen');
  });
});
