// Invariant 1 for the origin's stores (THREATS.md row 54, host-storage.ts), attacked in the fake host of
// test-host.ts: each attack first works as the app's own code, then is stopped inside a package.
import { describe, expect, it } from 'vitest';
import { asInterfaces, createRealm } from '../plugin/test-realm.js';
import { HOST, realm } from './test-host.js';

describe('row 54: stores are the package\'s own unless granted "origin"', () => {
  it('localStorage: the app\'s key is unreadable, listings show own keys only', async () => {
    const r = await realm({ localStorage: true });
    expect(r.run("localStorage.getItem('app-secret')")).toBe('hunter2');
    const { exports } = await r.load(`export function attack() {
      localStorage.setItem('mine', '1'); localStorage.other = '2';
      const keys = []; for (let i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i));
      return [localStorage.getItem('app-secret'), localStorage['app-secret'], keys, Object.keys(localStorage), localStorage.mine];
    }`);
    expect((exports.attack as () => unknown)()).toEqual([null, undefined, ['mine', 'other'], ['mine', 'other'], '1']);
    expect(r.run("localStorage.getItem('portcullis:pkg:mine')")).toBe('1');
    const { exports: e2 } = await r.load(`export function wipe() { localStorage.clear(); }`);
    (e2.wipe as () => void)();
    expect(r.run("localStorage.getItem('app-secret')")).toBe('hunter2');
  });

  it('indexedDB.open (a dotted grant) opens the package\'s own database', async () => {
    const r = await realm({ 'indexedDB.open': true });
    const { exports } = await r.load(`export function attack() { indexedDB.open('app-db'); }`);
    (exports.attack as () => void)();
    expect(r.calls).toContain('indexedDB.open portcullis:pkg:app-db');
    expect(r.calls).not.toContain('indexedDB.open app-db');
  });

  it('"origin" is the origin-wide store', async () => {
    const r = await realm({ localStorage: 'origin' });
    const { exports } = await r.load(`export const got = localStorage.getItem('app-secret');`);
    expect(exports.got).toBe('hunter2');
  });
});

describe('row 54: a store reached by another path than the grant (a storage event)', () => {
  // The package hears window events (a whole addEventListener grant) and stores its own state.
  const LISTEN = `export const heard = [];
    export function listen() {
      addEventListener('storage', (e) => {
        let area; try { area = e.storageArea.getItem('app-secret'); } catch (x) { area = x.message; }
        heard.push([e.key, e.newValue, area, e.url, e.storageArea === localStorage]);
      });
    }`;

  it('the app hears every key and reads the origin store through storageArea; the package hears its own keys only', async () => {
    const r = await realm({ addEventListener: true, localStorage: true });
    r.run(`globalThis.appHeard = []; addEventListener('storage', (e) => appHeard.push([e.key, e.storageArea.getItem('app-secret'), e.url]));`);
    const { exports } = await r.load(LISTEN);
    (exports.listen as () => void)();
    r.run("fireStorage('app-secret', 'rotated'); fireStorage('portcullis:pkg:theme', 'dark'); fireStorage(null, null)");
    // Plain: the app's listener got the app's key and read the secret through the event's store.
    const url = 'http://localhost/';
    expect(r.run('appHeard')).toEqual([['app-secret', 'hunter2', url], ['portcullis:pkg:theme', 'hunter2', url], [null, 'hunter2', url]]);
    // Confined: not told of the app's key; its own key unprefixed, storageArea its own localStorage (no app-secret),
    // and not the address of the page that wrote it.
    expect(exports.heard).toEqual([['theme', 'dark', null, '', true], [null, null, null, '', true]]);
  });

  it('without a storage grant the package hears no storage event, and "origin" hears them all', async () => {
    const none = await realm({ addEventListener: true });
    const { exports } = await none.load(LISTEN.replace(', e.storageArea === localStorage', ''));
    (exports.listen as () => void)();
    none.run("fireStorage('app-secret', 'x'); fireStorage('portcullis:pkg:theme', 'dark')");
    expect(exports.heard).toEqual([]);

    const origin = await realm({ addEventListener: true, localStorage: 'origin' });
    const { exports: e2 } = await origin.load(LISTEN.replace(', e.storageArea === localStorage', ''));
    (e2.listen as () => void)();
    origin.run("fireStorage('app-secret', 'x')");
    expect(e2.heard).toEqual([['app-secret', 'x', 'hunter2', 'http://localhost/']]);
  });

  it('the real store reached through a held event is the package\'s own view, or refused without a grant', async () => {
    for (const [globals, expected] of [
      [{ event: true, localStorage: true }, null],
      [{ event: true }, /storage event about a key that is not the package's/],
    ] as const) {
      const r = await realm(globals);
      // window.event during a dispatch (the package reads it from inside an app callback).
      r.run("Object.defineProperty(globalThis, 'event', { get: () => globalThis.__current, configurable: true })");
      const { exports } = await r.load(`export function peek() { try { return event.storageArea.getItem('app-secret'); } catch (x) { return x; } }`);
      r.run("globalThis.__current = new StorageEvent('storage', { key: 'portcullis:pkg:theme', storageArea: localStorage })");
      expect(r.run("event.storageArea.getItem('app-secret')")).toBe('hunter2');
      const got = (exports.peek as () => unknown)();
      if (expected === null) expect(got).toBe(null);
      else expect(String((got as Error).message)).toMatch(expected);
    }
  });
});

describe('row 54: BroadcastChannel names are the package\'s own unless granted "origin"', () => {
  // As a browser's: a message posted on a channel reaches every other channel object of that name in the origin.
  const CHANNELS = `
    const byName = new Map();
    class BroadcastChannel {
      #name; #onmessage = null;
      constructor(name) { this.#name = String(name); if (!byName.has(this.#name)) byName.set(this.#name, []); byName.get(this.#name).push(this); }
      get name() { return this.#name; }
      get onmessage() { return this.#onmessage; }
      set onmessage(fn) { this.#onmessage = fn; }
      postMessage(data) { for (const c of byName.get(this.#name)) if (c !== this && c.onmessage) Reflect.apply(c.onmessage, c, [{ data }]); }
    }
    globalThis.BroadcastChannel = BroadcastChannel;
    ${asInterfaces(['BroadcastChannel'])}
  `;
  const appChannel = `globalThis.appAuth = new BroadcastChannel('auth'); globalThis.appHeard = []; appAuth.onmessage = (e) => appHeard.push(e.data);
    globalThis.sayToken = () => new BroadcastChannel('auth').postMessage('token-123');`;
  const spy = `export const heard = []; export const ch = new BroadcastChannel('auth'); ch.onmessage = (e) => heard.push(e.data);
    export const say = () => ch.postMessage('forged-logout');`;

  it('the app\'s channel: heard and written by its own code; confined, the package hears and reaches only its own', async () => {
    for (const [grant, reaches] of [[true, false], ['origin', true]] as const) {
      const r = await createRealm({ pkg: { globals: { BroadcastChannel: grant } } }, 'enforce', {}, HOST + CHANNELS);
      r.run(appChannel);
      // Plain: a second channel object of the app's code hears the app's message.
      r.run("globalThis.plainHeard = []; new BroadcastChannel('auth').onmessage = (e) => plainHeard.push(e.data); sayToken()");
      expect(r.run('plainHeard')).toEqual(['token-123']);
      const { exports } = await r.load(spy);
      r.run('sayToken()');
      (exports.say as () => void)();
      expect(exports.heard).toEqual(reaches ? ['token-123'] : []);
      expect(r.run('appHeard')).toEqual(reaches ? ['token-123', 'token-123', 'forged-logout'] : ['token-123', 'token-123']);
    }
  });

  it('two channels of the package still talk to each other', async () => {
    const r = await createRealm({ pkg: { globals: { BroadcastChannel: true } } }, 'enforce', {}, HOST + CHANNELS);
    const { exports } = await r.load(`export const heard = []; const a = new BroadcastChannel('sync'); a.onmessage = (e) => heard.push(e.data);
      new BroadcastChannel('sync').postMessage('hi');`);
    expect(exports.heard).toEqual(['hi']);
  });
});
