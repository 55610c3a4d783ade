// Invariant 1 for the page's own events (host-events.ts; THREATS.md rows 33, 41, 49, 63 for packages without a dom
// section): a whole `addEventListener` grant (what the generator writes for `addEventListener(type, fn)` with a type in
// a variable, and for events the attenuated DOM cannot take) heard every keydown over the app and every message posted
// to the window (a login popup's token, the app's iframe). Each attack first works as the app's own code, then the
// package is not told, the violation names it, and an "origin" grant (labelled by explain) tells it all.
import { describe, expect, it } from 'vitest';
import { asInterfaces, createRealm, type Realm } from '../plugin/test-realm.js';
import { HOST } from './test-host.js';

// As a browser: a message posted to the window arrives later, its source the posting window, its data a clone; the
// window's `event` is the event being dispatched.
const EVENTS = `{
  class MessageEvent extends Event { constructor(type, init = {}) { super(type); this.data = init.data; this.source = init.source ?? null; this.ports = init.ports ?? []; } }
  class KeyboardEvent extends Event { constructor(type, init = {}) { super(type); this.key = init.key; } }
  Object.assign(globalThis, { MessageEvent, KeyboardEvent });
  ${asInterfaces(['MessageEvent', 'KeyboardEvent'])}
  // (The window's addEventListener is EventTarget.prototype's, as in a browser.)
  globalThis.addEventListener = EventTarget.prototype.addEventListener;
  const dispatch = globalThis.dispatchEvent;
  globalThis.dispatchEvent = (ev) => { globalThis.event = ev; try { const r = dispatch(ev); if (globalThis['on' + ev.type]) Reflect.apply(globalThis['on' + ev.type], globalThis, [ev]); return r; } finally { globalThis.event = undefined; } };
  globalThis.event = undefined;
  globalThis.onkeydown = null;
  const clone = (v) => (v !== null && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v);
  globalThis.postMessage = function (data) { const ev = new MessageEvent('message', { data: clone(data), source: globalThis }); pending.push(() => dispatchEvent(ev)); };
  // Another window of the page (the app's login popup, its iframe) posting to this one.
  globalThis.popup = Object.freeze({ closed: false });
  globalThis.fromPopup = (data) => dispatchEvent(new MessageEvent('message', { data, source: popup }));
  globalThis.typed = (key) => dispatchEvent(new KeyboardEvent('keydown', { key }));
}`;

async function eventsRealm(globals: Record<string, true | 'write' | 'origin'>, mode: 'enforce' | 'report' = 'enforce'): Promise<Realm> {
  return createRealm({ pkg: { globals } }, mode, {}, HOST + EVENTS);
}
const violations = (r: Realm) => (r.run('__portcullis__.violations()') as { package: string; api: string; snippet: string }[]).map((v) => ({ ...v }));

/** A listener for `type` that keeps what it hears (`read` of each event); the app then does `act`. */
const LISTEN = (type: string, read: string) =>
  `export const heard = []; export function listen() { addEventListener('${type}', (e) => { heard.push(${read}); }); }`;

describe('row 63 without a dom section: a whole addEventListener grant hears no page event with data', () => {
  it("keydown: the app's own listener hears the key typed into the app; the package is not told, the violation names it", async () => {
    const r = await eventsRealm({ addEventListener: true });
    r.run("globalThis.appHeard = []; globalThis.addEventListener('keydown', (e) => appHeard.push(e.key)); typed('hunter2')");
    expect(r.run('appHeard')).toEqual(['hunter2']); // plain: a listener on the window hears every key
    const { exports } = await r.load(LISTEN('keydown', 'e.key'));
    (exports.listen as () => void)();
    r.run("typed('hunter2')");
    expect(exports.heard).toEqual([]);
    const v = violations(r).find((x) => x.package === 'pkg');
    expect(v?.api).toMatch(/^addEventListener\('keydown'\) on the window or document \(page events/);
    expect(v?.snippet).toBe('{"resources":{"pkg":{"globals":{"addEventListener":"origin"}}}}');
  });

  it('keydown through an on* handler stored by a "write" grant, and window.event read while the app handles a keydown', async () => {
    const r = await eventsRealm({ onkeydown: 'write', event: true, addEventListener: true });
    const body = `export const heard = []; export function listen() {
      onkeydown = (e) => { heard.push(e && e.key); };
      addEventListener('resize', () => { heard.push(globalThis.event && globalThis.event.key); });
    }
    export const peek = () => { const e = globalThis.event; return e && e.key; };`;
    // Plain: the handler hears the key, and so does any code the app's listener calls (window.event).
    r.run("globalThis.appHeard = []; onkeydown = (e) => appHeard.push(e.key, globalThis.event.key); typed('hunter2'); onkeydown = null");
    expect(r.run('appHeard')).toEqual(['hunter2', 'hunter2']);
    const { exports } = await r.load(body);
    (exports.listen as () => void)();
    r.context.peek = exports.peek;
    r.run("globalThis.peeked = []; globalThis.addEventListener('keydown', () => peeked.push(peek())); typed('hunter2')");
    expect(exports.heard).toEqual([]);
    expect(r.run('peeked')).toEqual([undefined]);
    expect(violations(r).some((v) => /^onkeydown\('keydown'\) on the window/.test(v.api))).toBe(true);
    // window.event during a data-free dispatch is that event.
    r.run("dispatchEvent(new KeyboardEvent('resize', { key: 'resize-key' }))");
    expect(exports.heard).toEqual(['resize-key']);
  });

  it("a message another window posts (the login popup's token): the app hears it; the package is not told", async () => {
    const r = await eventsRealm({ addEventListener: true });
    r.run("globalThis.appHeard = []; globalThis.addEventListener('message', (e) => appHeard.push(e.data)); fromPopup({ token: 'oauth-token' })");
    expect(r.run('appHeard')).toEqual([{ token: 'oauth-token' }]);
    const { exports } = await r.load(LISTEN('message', 'e.data'));
    (exports.listen as () => void)();
    r.run("fromPopup({ token: 'oauth-token' }); fromPopup('oauth-token')");
    expect(exports.heard).toEqual([]);
    expect(violations(r).some((v) => v.package === 'pkg' && /^addEventListener\('message'\)/.test(v.api))).toBe(true);
  });

  it('its own message to its own window (setImmediate, core-js): heard back once, the app\'s same-window messages not', async () => {
    const r = await eventsRealm({ addEventListener: true, postMessage: true });
    const body = `export const heard = []; export function run() {
      addEventListener('message', (e) => { heard.push(e.data); });
      postMessage('setImmediate$1', '*');
    }`;
    const { exports } = await r.load(body);
    (exports.run as () => void)();
    // The app posts to itself too (an extension's content script, the app's own bus): same source, the window.
    r.run("postMessage({ session: 'app-secret' }); postMessage('setImmediate$1'); __flush()");
    expect(exports.heard).toEqual(['setImmediate$1']); // its own, once; the app's record and the app's copy of it not
  });

  it('data-free types (resize, visibilitychange, online) are heard; events of its own objects are its own', async () => {
    const r = await eventsRealm({ addEventListener: true, EventTarget: true, Event: true });
    const body = `export const heard = []; export function run() {
      addEventListener('resize', (e) => heard.push(e.type)); addEventListener('online', (e) => heard.push(e.type));
      const own = new EventTarget(); own.addEventListener('keydown', (e) => heard.push('own ' + e.type)); own.dispatchEvent(new Event('keydown'));
    }`;
    const { exports } = await r.load(body);
    (exports.run as () => void)();
    r.run("dispatchEvent(new Event('resize')); dispatchEvent(new Event('online'))");
    expect(exports.heard).toEqual(['own keydown', 'resize', 'online']);
    expect(violations(r).filter((v) => v.package === 'pkg')).toEqual([]);
  });

  it('addEventListener "origin" (labelled): every event; report mode: every event too', async () => {
    for (const [grant, mode] of [['origin', 'enforce'], [true, 'report']] as const) {
      const r = await eventsRealm({ addEventListener: grant }, mode);
      const { exports } = await r.load(LISTEN('keydown', 'e.key'));
      (exports.listen as () => void)();
      r.run("typed('hunter2')");
      expect(exports.heard, `${grant} ${mode}`).toEqual(['hunter2']);
    }
  });

  it('a type that answers differently when read twice is checked and registered as one string', async () => {
    const r = await eventsRealm({ addEventListener: true });
    const body = `export const heard = []; export function listen() {
      let n = 0; const type = { toString() { return n++ === 0 ? 'resize' : 'keydown'; } };
      addEventListener(type, (e) => heard.push(e.type));
    }`;
    const { exports } = await r.load(body);
    (exports.listen as () => void)();
    r.run("typed('hunter2'); dispatchEvent(new Event('resize'))");
    expect(exports.heard).toEqual(['resize']);
  });
});

describe('row 41 and 70 through on* handlers of the window ("write" grants)', () => {
  it("window.onerror stored by the package is not told of the app's errors (the browser calls it with no event)", async () => {
    const r = await eventsRealm({ onerror: 'write' });
    r.run('globalThis.onerror = null');
    const code = `export const heard = []; export function attack() { onerror = (m, s, l, c, e) => { heard.push(m, e && e.message); }; }`;
    r.run(`globalThis.appHeard = []; onerror = (m) => appHeard.push(m);`);
    r.run(`onerror('app secret message', 'http://localhost/app.js', 1, 2, new Error('app secret error'))`);
    expect(r.run('appHeard.join()')).toBe('app secret message'); // (as the app's own code: heard)
    const { exports } = await r.load(code);
    (exports.attack as () => void)();
    r.run(`onerror('app secret message', 'http://localhost/app.js', 1, 2, new Error('app secret error'))`);
    expect(exports.heard).toEqual([]);
    // Read back, the handler is the package's own function.
    const { exports: again } = await r.load(`export function read() { const f = () => 1; onerror = f; return onerror === f; }`);
    expect((again.read as () => boolean)()).toBe(true);
  });

  it("the app's onmessage read through a write grant cannot be called with a forged event; passing on one it is told of works", async () => {
    const r = await eventsRealm({ onmessage: 'write', onresize: 'write', onerror: 'write', Event: true });
    r.run(`globalThis.appTokens = []; globalThis.onmessage = function (e) { appTokens.push(e.data && e.data.token); };`);
    r.run(`globalThis.appResizes = 0; globalThis.onresize = function () { appResizes++; };`);
    const { exports } = await r.load(`
      export function forge() { const prev = onmessage; prev({ origin: 'http://localhost', data: { token: 'forged' } }); }
      export function forgeEvent() { onmessage(new Event('message')); }
      export function chain() { const prev = onresize; onresize = function (e) { return prev.call(this, e); }; }`);
    expect(() => (exports.forge as () => void)()).toThrow(/may not use onmessage\(\) \(the app's handler, called with an event the page did not deliver/);
    expect(() => (exports.forgeEvent as () => void)()).toThrow(/may not use onmessage\(\)/);
    expect(r.run('appTokens.length')).toBe(0);
    (exports.chain as () => void)();
    r.run(`dispatchEvent(new Event('resize'))`);
    expect(r.run('appResizes')).toBe(1);
    // Put back (setimmediate's probe: `old = onmessage; onmessage = f; postMessage(''); onmessage = old`), the app's
    // handler is its own function again, called as the browser calls it.
    r.run(`globalThis.appOnerror = function (m) { appTokens.push(m); }; onerror = appOnerror;`);
    const { exports: probe } = await r.load(`export function probe() { const old = onmessage; onmessage = () => {}; onmessage = old; const e = onerror; onerror = null; onerror = e; }`);
    (probe.probe as () => void)();
    expect(r.run('onerror === appOnerror')).toBe(true);
    r.run(`onerror('app error')`);
    expect(r.run('appTokens.join()')).toBe('app error');
  });
});
