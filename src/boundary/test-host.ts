// Test helper: a fake host that behaves as a browser does where the host membrane cares (timers and listeners call
// back with the real window as `this`, host classes share prototypes, events point at the window), and the realm and
// plain-versus-confined runner the host membrane's tests share.
import { asInterfaces, createRealm, type Realm } from '../plugin/test-realm.js';

export const HOST = `
  const pending = [];
  const call = Reflect.apply; // as a browser calls a callback: [[Call]], no look-up of fn.apply
  globalThis.__flush = () => { while (pending.length) pending.shift()(); };
  const listeners = new WeakMap();
  const of = (t) => { if (!listeners.has(t)) listeners.set(t, []); return listeners.get(t); };
  class EventTarget {
    addEventListener(type, fn) { of(this).push([type, fn]); }
    removeEventListener(type, fn) { const l = of(this); const i = l.findIndex((x) => x[0] === type && x[1] === fn); if (i >= 0) l.splice(i, 1); }
    dispatchEvent(ev) { ev.currentTarget = this; for (const [t, fn] of of(this)) if (t === ev.type) typeof fn === 'function' ? fn.call(this, ev) : fn.handleEvent(ev); return true; }
  }
  class Event { constructor(type) { this.type = type; this.target = globalThis; this.view = globalThis; } composedPath() { return [globalThis]; } }
  // As a browser's: the fields are the prototype's getters over the event's slots.
  const storageInit = new WeakMap();
  class StorageEvent extends Event {
    constructor(type, init) { super(type); storageInit.set(this, init); }
    get key() { return storageInit.get(this).key ?? null; }
    get newValue() { return storageInit.get(this).newValue ?? null; }
    get oldValue() { return null; }
    get url() { return 'http://localhost/'; }
    get storageArea() { return storageInit.get(this).storageArea ?? null; }
  }
  class DOMException extends Error { constructor(m) { super(m); this.name = 'InvalidStateError'; } }
  class Performance extends EventTarget { now() { return 42; } fail() { throw new DOMException('bad state'); } getEntries() { return [new PerformanceEntry()]; } }
  class PerformanceEntry { get name() { return 'mark'; } get source() { return globalThis; } }
  class AbortSignal extends EventTarget { get aborted() { return false; } }
  class IdleDeadline { timeRemaining() { return 5; } get view() { return globalThis; } }
  class Storage {
    #m = new Map();
    getItem(k) { return this.#m.has(String(k)) ? this.#m.get(String(k)) : null; }
    setItem(k, v) { this.#m.set(String(k), String(v)); }
    removeItem(k) { this.#m.delete(String(k)); }
    key(i) { return [...this.#m.keys()][i] ?? null; }
    get length() { return this.#m.size; }
  }
  class IDBFactory { open(name) { __calls.push('indexedDB.open ' + name); return { name }; } deleteDatabase(name) { __calls.push('deleteDatabase ' + name); } }
  class Worker { constructor(url) { __calls.push('Worker ' + url); } }
  Object.assign(globalThis, { IdleDeadline, EventTarget, Event, StorageEvent, DOMException, Performance, PerformanceEntry, AbortSignal, Storage, IDBFactory, Worker });
  globalThis.performance = new Performance();
  globalThis.localStorage = new Storage();
  localStorage.setItem('app-secret', 'hunter2');
  globalThis.indexedDB = new IDBFactory();
  globalThis.signal = new AbortSignal();
  globalThis.setTimeout = function (fn, ms, ...args) { __calls.push('setTimeout'); pending.push(() => call(fn, globalThis, args)); return 1; };
  globalThis.setInterval = function (fn, ms, ...args) { pending.push(() => call(fn, globalThis, args)); return 4; };
  globalThis.queueMicrotask = function (fn) { pending.push(() => call(fn, globalThis, [])); };
  globalThis.requestAnimationFrame = function (fn) { pending.push(() => call(fn, globalThis, [16.5])); return 2; };
  globalThis.requestIdleCallback = function (fn) { pending.push(() => call(fn, globalThis, [new IdleDeadline()])); return 3; };
  globalThis.addEventListener = (type, fn) => EventTarget.prototype.addEventListener.call(globalThis, type, fn);
  globalThis.removeEventListener = (type, fn) => EventTarget.prototype.removeEventListener.call(globalThis, type, fn);
  globalThis.dispatchEvent = (ev) => EventTarget.prototype.dispatchEvent.call(globalThis, ev);
  globalThis.onmessage = null;
  // Another tab of the origin wrote a key: every window listener hears it.
  globalThis.fireStorage = (key, newValue) => dispatchEvent(new StorageEvent('storage', { key, newValue, storageArea: localStorage }));
  globalThis.fireMessage = () => globalThis.onmessage && globalThis.onmessage.call(globalThis, new Event('message'));
  ${asInterfaces(['IdleDeadline', 'EventTarget', 'Event', 'StorageEvent', 'DOMException', 'Performance', 'PerformanceEntry', 'AbortSignal', 'Storage', 'IDBFactory', 'Worker'])}
`;

export async function realm(globals: Record<string, true | 'write' | 'origin' | false>): Promise<Realm> {
  return createRealm({ pkg: { globals } }, 'enforce', {}, HOST);
}

/** Runs `body` as the app's own code (the plain build), then as a package's function; returns both results. */
export async function both(r: Realm, body: string): Promise<{ plain: unknown; confined: unknown }> {
  const plain = r.run(`(() => { ${body} })()`);
  r.run('__flush()');
  const { exports } = await r.load(`export function attack() { ${body} }`);
  const confined = (exports.attack as () => unknown)();
  r.run('__flush()');
  return { plain, confined };
}
