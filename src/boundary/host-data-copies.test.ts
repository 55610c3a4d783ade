// Invariant 1 for the app's data that reaches a package other than as a granted global (host-membrane.ts, the data
// branch): a host function's result, a callback's argument, a promise's value, an event's field (`CustomEvent.detail`,
// `MessageEvent.data`) cross as converted copies, never as the app's own object. Each attack first works as the app's
// own code (it holds the real object, and what the app stores there later), then is stopped inside the package.
import { describe, expect, it } from 'vitest';
import { asInterfaces, createRealm, type Realm } from '../plugin/test-realm.js';
import { HOST } from './test-host.js';

// The app's own API (as a granted global, what the generator writes for `app.getRefs()`), a store it notifies
// subscribers with, and a CustomEvent as a browser's: `detail` a getter over the event's slot.
const APP = `
  const detailOf = new WeakMap();
  class CustomEvent extends Event { constructor(type, init) { super(type); detailOf.set(this, init ? init.detail : null); } get detail() { return detailOf.get(this); } }
  globalThis.CustomEvent = CustomEvent;
  ${asInterfaces(['CustomEvent'])}
  const refs = {}; const items = []; const state = {}; const subs = [];
  globalThis.app = {
    refs,
    getRefs() { return refs; },
    getItems() { return items; },
    load() { return Promise.resolve(refs); },
    subscribe(cb) { subs.push(cb); cb(state); },
    // Later, the app stores its real objects where it always keeps them (the real window stands for any of them).
    mount() { refs.win = globalThis; items.push(globalThis); state.win = globalThis; },
    announce() { dispatchEvent(new CustomEvent('app:ready', { detail: state })); },
    // The app calls back what it finds in its own state object, with its real objects.
    notify() { if (typeof state.onReady === 'function') state.onReady(globalThis); },
    reset() { for (const o of [refs, state]) for (const k of Object.keys(o)) delete o[k]; items.length = 0; },
  };
`;

async function appRealm(): Promise<Realm> {
  return createRealm({ pkg: { globals: { app: true, addEventListener: 'origin' } } }, 'enforce', {}, HOST + APP);
}

/** Resets the app's state objects between the plain and the confined run (both() runs the body twice). */
const RESET = 'app.reset()';

describe('row 49: the app\'s data crosses as a copy', () => {
  it('the granted record\'s own nested object `app.refs` is a live view: the window later stored is the package global', async () => {
    const r = await appRealm();
    const { exports } = await r.load(`export function attack() { const refs = app.refs; app.mount(); return refs.win; }`);
    const got = (exports.attack as () => unknown)();
    expect(got === r.run('globalThis')).toBe(false);
  });

  for (const [kind, get] of [
    ['a host function\'s result (app.getRefs())', 'const held = app.getRefs(); app.mount(); return held.win;'],
    ['an array result (app.getItems())', 'const held = app.getItems(); app.mount(); return held[0];'],
    ['a callback argument (app.subscribe(cb))', 'let held; app.subscribe((s) => { held = s; }); app.mount(); return held.win;'],
    ['a CustomEvent detail (whole addEventListener)', "let held; addEventListener('app:ready', (e) => { held = e.detail; }); app.announce(); app.mount(); return held.win;"],
  ] as const) {
    it(`${kind}: the real window the app stores in it later reaches the app's own code, not the package`, async () => {
      const r = await appRealm();
      const plain = r.run(`(() => { ${get} })()`);
      expect(plain === r.run('globalThis')).toBe(true); // the app's own code: the real window
      r.run(RESET);
      const { exports } = await r.load(`export function attack() { ${get} }`);
      const confined = (exports.attack as () => unknown)();
      expect(confined === r.run('globalThis'), 'the package holds the real window').toBe(false);
    });
  }

  it('through what it was handed, the real window\'s fetch (never granted) does not run', async () => {
    const r = await appRealm();
    const { exports } = await r.load(`export function attack() { const held = app.getRefs(); app.mount(); return held.win.fetch('/steal?cookie=' + held.win.document.cookie); }`);
    let outcome: unknown;
    try {
      outcome = (exports.attack as () => unknown)();
    } catch (error) {
      outcome = (error as Error).message;
    }
    expect(r.calls.filter((c) => c.startsWith('fetch')), `outcome: ${String(outcome)}`).toEqual([]);
  });

  it('a promise result (await app.load()) is a copy', async () => {
    const r = await appRealm();
    const { exports } = await r.load(`export async function attack() { const held = await app.load(); app.mount(); return held.win; }`);
    const confined = await (exports.attack as () => Promise<unknown>)();
    expect(confined === r.run('globalThis')).toBe(false);
  });

  it('a function the package leaves in what it was handed is not the app\'s to call with its real window', async () => {
    const r = await appRealm();
    const body = `let got; app.subscribe((s) => { s.onReady = (w) => { got = w; }; }); app.notify(); return got;`;
    const plain = r.run(`(() => { ${body} })()`);
    expect(plain === r.run('globalThis')).toBe(true);
    r.run(RESET);
    const { exports } = await r.load(`export function attack() { ${body} }`);
    const confined = (exports.attack as () => unknown)();
    expect(confined === r.run('globalThis'), 'the package function got the real window').toBe(false);
  });
});

describe('row 49: a package listener cannot rewrite the event data the app reads next', () => {
  // A browser hands every listener of one event the same `data`/`detail` object: a package listener registered
  // first (whole addEventListener, what the generator writes) holds the app's live object and rewrites it before
  // the app's own listener reads it. Here the app navigates to the URL its (origin-checked) message names.
  const MSG = `
    const dataOf = new WeakMap();
    class MessageEvent extends Event { constructor(type, init) { super(type); dataOf.set(this, init.data); } get data() { return dataOf.get(this); } get origin() { return 'http://localhost'; } }
    globalThis.MessageEvent = MessageEvent;
    ${asInterfaces(['MessageEvent'])}
    globalThis.__went = [];
    globalThis.appListen = () => addEventListener('message', (e) => { if (e.origin === 'http://localhost') __went.push(e.data.url); });
    globalThis.frameSays = () => dispatchEvent(new MessageEvent('message', { data: { cmd: 'go', url: '/home' } }));
  `;
  it('a package listener\'s write to the message data does not reach the app\'s own listener', async () => {
    const r = await createRealm({ pkg: { globals: { addEventListener: 'origin' } } }, 'enforce', {}, HOST + MSG);
    const body = `addEventListener('message', (e) => { e.data.url = 'javascript:void(window.__stolen = fetch)'; });`;
    // Plain: the app's own (unconfined) code can of course do it.
    r.run(`(() => { ${body} })()`);
    r.run('appListen(); frameSays()');
    expect(r.run('__went.splice(0)')).toEqual(['javascript:void(window.__stolen = fetch)']);
    // Confined, in a fresh page: the package listener runs first, the app's after it.
    const c = await createRealm({ pkg: { globals: { addEventListener: 'origin' } } }, 'enforce', {}, HOST + MSG);
    const { exports } = await c.load(`export function attack() { ${body} }`);
    (exports.attack as () => void)();
    c.run('appListen(); frameSays()');
    expect(c.run('__went.slice()')).toEqual(['/home']);
  });
});

describe('what a package callback throws', () => {
  it('the app calls a method of what the callback threw: with its real window in the plain build, not confined', async () => {
    const r = await createRealm({ pkg: { globals: { app: true } } }, 'enforce', {}, HOST + `
      globalThis.app = { run(cb) { try { cb(); } catch (e) { if (e && typeof e.report === 'function') e.report(globalThis); } } };`);
    const body = 'let got; app.run(() => { throw { report(w) { got = w; } }; }); return got;';
    expect(r.run(`(() => { ${body} })()`) === r.run('globalThis')).toBe(true);
    const { exports } = await r.load(`export function attack() { ${body} }`);
    expect((exports.attack as () => unknown)() === r.run('globalThis')).toBe(false);
  });
});

describe('cycles', () => {
  it('the app\'s cyclic state (a parent pointer) crosses as a cyclic copy', async () => {
    const r = await createRealm({ pkg: { globals: { app: true } } }, 'enforce', {}, HOST + `
      const root = { name: 'root', children: [] }; root.children.push({ name: 'leaf', parent: root }); root.self = root;
      globalThis.app = { tree: () => root };`);
    const { exports } = await r.load(`export function walk() { const t = app.tree(); return [t.self === t, t.children[0].parent === t, t.children[0].name]; }`);
    expect((exports.walk as () => unknown)()).toEqual([true, true, 'leaf']);
  });
});
