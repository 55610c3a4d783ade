// The app's own live arrays and records granted as globals (issue 9: `window.dataLayer` of Google Tag Manager, an
// app's `__APP_CONFIG__`, a `Sentry`-style record), in a node:vm realm with SES lockdown() and the real runtime. What
// must work: the package pushes and the app (or GTM's own `push`, installed later) sees it; `Array.isArray`, `length`,
// index reads and iteration as unconfined. What must not: the app's array or record written, frozen or re-prototyped
// from inside, a real object stored in it reaching the package, the package's object reaching the host live.
// Each attack is first run as the app's own (unconfined) code, where it works.
import { describe, expect, it } from 'vitest';
import { asInterfaces, createRealm, type Realm } from '../plugin/test-realm.js';
import { HOST } from './test-host.js';

/**
 * The fake host's nodes: what GTM's click listener stores in dataLayer (`gtm.element`). (The document is put back
 * once the runtime has started: with both, it would capture a real DOM the fake host does not have.)
 */
const NODES = `class Node extends EventTarget { get ownerDocument() { return globalThis.document; } }
  globalThis.Node = Node; globalThis.appNode = new Node(); ${asInterfaces(['Node'])}
  globalThis.__document = document; delete globalThis.document;`;

const APP_DATA = `globalThis.dataLayer = [{ event: 'gtm.js', start: 1 }];
  globalThis.__APP_CONFIG__ = { apiUrl: '/api', origins: ['self'], flags: { beta: false } };
  globalThis.Sentry = { captured: [], captureException(e) { this.captured.push(e); return 'id-' + this.captured.length; } };`;

async function live(globals: Record<string, true | 'write'> = { dataLayer: true, __APP_CONFIG__: true, Sentry: true }): Promise<Realm> {
  const r = await createRealm({ pkg: { globals } }, 'enforce', {}, `${HOST}\n${NODES}`);
  r.run(`globalThis.document = __document; ${APP_DATA}`);
  return r;
}

/** Runs `body` as the app's own code in one realm, and as a package's in another; both get fresh app data. */
async function both(body: string, globals?: Record<string, true | 'write'>): Promise<{ plain: unknown; confined: unknown; pr: Realm; cr: Realm }> {
  const pr = await live(globals);
  const plain = pr.run(`(() => { ${body} })()`);
  const cr = await live(globals);
  const { exports } = await cr.load(`export function run() { ${body} }`);
  let confined: unknown;
  try {
    confined = (exports.run as () => unknown)();
  } catch (error) {
    confined = error;
  }
  return { plain, confined, pr, cr };
}

const policyError = (value: unknown) => (value as { name?: string })?.name === 'PortcullisPolicyError';

describe('a granted host array (dataLayer): what GTM expects works', () => {
  it('isArray, length, index reads, iteration, JSON, instanceof; a push reaches the host as a copy', async () => {
    const r = await live();
    const { exports } = await r.load(`export const pushed = { event: 'signup', user: { id: 7 } };
      export const n = dataLayer.push(pushed);
      export const seen = [Array.isArray(dataLayer), dataLayer.length, dataLayer[0].event, [...dataLayer].map((e) => e.event).join(),
        JSON.stringify(dataLayer), dataLayer instanceof Array, Object.getPrototypeOf(dataLayer) === Array.prototype,
        dataLayer.map((e) => e.event).join(), dataLayer.at(-1) === pushed, Object.keys(dataLayer).join(), dataLayer.includes(pushed)];`);
    expect(exports.n).toBe(2);
    expect(exports.seen).toEqual([true, 2, 'gtm.js', 'gtm.js,signup', '[{"event":"gtm.js","start":1},{"event":"signup","user":{"id":7}}]',
      true, true, 'gtm.js,signup', true, '0,1', true]);
    expect(r.run('dataLayer.length')).toBe(2);
    expect(r.run('JSON.stringify(dataLayer[1])')).toBe('{"event":"signup","user":{"id":7}}');
    // The host holds a copy: the package cannot change what it pushed after the fact.
    expect(r.run('dataLayer[1]') === exports.pushed).toBe(false);
    (exports.pushed as Record<string, unknown>).event = 'changed';
    expect(r.run('dataLayer[1].event')).toBe('signup');
  });

  it('GTM replaces push on the host later: the package (even holding the old push) calls the current one, on the real array, with copies', async () => {
    const r = await live();
    const { exports } = await r.load(`export const early = dataLayer.push; export const item = { event: 'late' };
      export function later() { dataLayer.push(item); early.call(dataLayer, { event: 'held' }); return dataLayer.length; }`);
    r.run(`globalThis.seen = []; dataLayer.push = function (...items) { seen.push([this === dataLayer, ...items]); return Array.prototype.push.apply(this, items); };`);
    expect((exports.later as () => unknown)()).toBe(3);
    expect(r.run('seen.map(([self, e]) => self + ":" + e.event).join()')).toBe('true:late,true:held');
    expect(r.run('seen[0][1]') === exports.item).toBe(false);
  });

  it('an array holding an app function (a GTM callback) is still live: the push is not lost in a copy', async () => {
    const r = await live();
    r.run('dataLayer.push(function gtmCallback() {});');
    const { exports } = await r.load(`export const n = dataLayer.push({ event: 'x' }); export const kind = typeof dataLayer[1];`);
    expect(exports.n).toBe(3);
    expect(exports.kind).toBe('function');
    expect(r.run('dataLayer.length')).toBe(3);
  });

  it('the dotted grant the generator writes (`dataLayer.push`) calls the current push too', async () => {
    const r = await live({ 'dataLayer.push': true });
    const { exports } = await r.load(`export function later() { return dataLayer.push({ event: 'late' }); }`);
    r.run(`globalThis.seen = []; dataLayer.push = function (...items) { seen.push(...items); return Array.prototype.push.apply(this, items); };`);
    expect((exports.later as () => unknown)()).toBe(2);
    expect(r.run('seen.map((e) => e.event).join()')).toBe('late');
  });

  it('`window.dataLayer = window.dataLayer || []` under a write grant, before the app made one: the pushes reach the host', async () => {
    const r = await live({ dataLayer: 'write' });
    r.run('delete globalThis.dataLayer');
    const { exports } = await r.load(`window.dataLayer = window.dataLayer || []; window.dataLayer.push({ event: 'a' });
      export const again = () => (window.dataLayer = window.dataLayer || [], window.dataLayer.push({ event: 'b' }));`);
    expect((exports.again as () => unknown)()).toBe(2);
    expect(r.run('dataLayer.map((e) => e.event).join()')).toBe('a,b');
  });

  it('the Proxy invariants hold: descriptors of length, keys, an inheriting object\'s own write, isFrozen', async () => {
    const r = await live();
    const { exports } = await r.load(`const d = Object.getOwnPropertyDescriptor(dataLayer, 'length');
      const all = Object.getOwnPropertyDescriptors(dataLayer);
      const heir = Object.create(dataLayer); heir.length = 0; heir[0] = 'mine';
      export const seen = [d.value, d.configurable, d.writable, Object.keys(all).join(), Reflect.ownKeys(dataLayer).join(),
        Object.isFrozen(dataLayer), Object.isExtensible(dataLayer), heir.length, heir[0], dataLayer.length, typeof dataLayer[0]];`);
    expect(exports.seen).toEqual([1, false, true, '0,length', '0,length', false, true, 0, 'mine', 1, 'object']);
    expect(r.run('dataLayer.length')).toBe(1);
  });

  it('identity: one view per real array and record, one push', async () => {
    const r = await live();
    r.run("dataLayer.push({ nested: { deep: [1] } })");
    const { exports } = await r.load(`export const same = [dataLayer === globalThis.dataLayer, dataLayer[0] === dataLayer[0],
      dataLayer[1].nested === dataLayer[1].nested, dataLayer.push === dataLayer.push, __APP_CONFIG__.origins === __APP_CONFIG__.origins];`);
    expect(exports.same).toEqual([true, true, true, true, true]);
  });
});

describe('a granted host array: attacks, each working in the plain build', () => {
  const writes: Record<string, [string, string]> = {
    'replacing push (the app\'s next push hands over a real node)': ['dataLayer.push = (e) => { globalThis.__stolen = e; };', "dataLayer.push({ 'gtm.element': appNode }); return globalThis.__stolen?.['gtm.element'] === appNode;"],
    'push defined over (defineProperty)': ["Object.defineProperty(dataLayer, 'push', { value: (e) => { globalThis.__stolen = e; } });", "dataLayer.push({ el: appNode }); return globalThis.__stolen?.el === appNode;"],
    'length = 0 (the app\'s queued events lost)': ['dataLayer.length = 0;', 'return dataLayer.length === 0;'],
    'an entry overwritten': ["dataLayer[0] = { event: 'forged' };", "return dataLayer[0].event === 'forged';"],
    'an entry deleted': ['delete dataLayer[0];', 'return !(0 in dataLayer);'],
    'splice through the intrinsic': ['dataLayer.splice(0);', 'return dataLayer.length === 0;'],
    'Array.prototype.push.call (past GTM\'s push)': ["Array.prototype.push.call(dataLayer, { event: 'forged' });", "return dataLayer[1]?.event === 'forged';"],
    'the prototype replaced (__proto__)': ['dataLayer.__proto__ = { push(e) { globalThis.__stolen = e; } };', "dataLayer.push({ el: appNode }); return globalThis.__stolen?.el === appNode;"],
    'the prototype replaced (setPrototypeOf)': ['Object.setPrototypeOf(dataLayer, { push(e) { globalThis.__stolen = e; } });', "dataLayer.push({ el: appNode }); return globalThis.__stolen?.el === appNode;"],
    'Symbol.iterator replaced': ['dataLayer[Symbol.iterator] = function* () { yield "forged"; };', "return [...dataLayer][0] === 'forged';"],
    'frozen (GTM\'s push then throws)': ['Object.freeze(dataLayer);', 'return Object.isFrozen(dataLayer);'],
  };
  for (const [kind, [attack, check]] of Object.entries(writes)) {
    it(`${kind}: refused, the app's array unchanged`, async () => {
      const { plain, confined, pr, cr } = await both(attack);
      expect(policyError(plain)).toBe(false);
      expect(pr.run(`(() => { ${check} })()`)).toBe(true);
      expect(policyError(confined), String(confined)).toBe(true);
      expect(cr.run(`(() => { ${check} })()`)).toBe(false);
    });
  }

  const reads: Record<string, [string, string]> = {
    "a real node the app stored (GTM's gtm.element)": ["dataLayer.push({ 'gtm.element': appNode });", "return dataLayer[1]['gtm.element'];"],
    'the window stored in it': ['dataLayer.push({ win: globalThis });', 'return dataLayer[1].win;'],
    'an app function stored in it, calling back with the window': ['dataLayer.push({ eventCallback: (cb) => cb(globalThis) });', 'let got; dataLayer[1].eventCallback((w) => { got = w; }); return got;'],
    'an app iterator handing out the window': ['dataLayer[Symbol.iterator] = function () { let i = 0; return { next: () => ({ value: globalThis, done: i++ > 0 }) }; };', 'return [...dataLayer][0];'],
    'the real array as `this` of an app function stored in it': ['dataLayer.push({ self() { return globalThis; } });', 'return dataLayer[1].self();'],
  };
  for (const [kind, [appSetup, read]] of Object.entries(reads)) {
    it(`${kind}: real in the plain build, never confined`, async () => {
      const pr = await live();
      pr.run(appSetup);
      const real = pr.run(`(() => { ${read} })()`);
      expect(real === pr.run("appNode") || real === pr.run('globalThis')).toBe(true);
      const cr = await live();
      cr.run(appSetup);
      const { exports } = await cr.load(`export function run() { ${read} }`);
      let got: unknown;
      try {
        got = (exports.run as () => unknown)();
      } catch (error) {
        got = error;
      }
      expect(got === cr.run('appNode') || got === cr.run('globalThis')).toBe(false);
      if (kind.startsWith('a real node')) expect(String((got as Error).message)).toMatch(/may not use dataLayer\[1\]\['gtm\.element'\] \(a real node/);
    });
  }

  it("a getter on a pushed object, read by the host with the window as receiver, never sees the window", async () => {
    const body = `let got; dataLayer.push({ get event() { got = this; return 'x'; } }); return () => got;`;
    const pr = await live();
    const plainGot = pr.run(`(() => { ${body} })()`) as () => unknown;
    pr.run("Reflect.get(dataLayer[1], 'event', globalThis)");
    expect(plainGot() === pr.run('globalThis')).toBe(true);
    const cr = await live();
    const { exports } = await cr.load(`export function run() { ${body} }`);
    const got = (exports.run as () => () => unknown)();
    expect(cr.run("Reflect.get(dataLayer[1], 'event', globalThis)")).toBe('x');
    expect(got() === cr.run('globalThis')).toBe(false);
  });

  it('a pushed package function is called by the host with converted arguments', async () => {
    const cr = await live();
    const { exports } = await cr.load(`export let got; dataLayer.push(function (w) { got = w; });`);
    cr.run('dataLayer[1](globalThis)');
    expect(exports.got === cr.run('globalThis')).toBe(false);
  });

  it('an array the app froze: reads work, push throws as unconfined', async () => {
    const r = await live();
    r.run('Object.freeze(dataLayer)');
    const { exports } = await r.load(`export const n = dataLayer.length; export function push() { dataLayer.push({}); }`);
    expect(exports.n).toBe(1);
    let error: unknown;
    try {
      (exports.push as () => void)();
    } catch (e) {
      error = e;
    }
    expect((error as Error)?.name).toBe('TypeError');
  });
});

describe('a granted host record (__APP_CONFIG__, Sentry)', () => {
  it('a write stays the package\'s own: the app\'s config is never changed (plain: it is)', async () => {
    const body = "__APP_CONFIG__.apiUrl = 'https://evil.example'; return __APP_CONFIG__.apiUrl;";
    const { plain, confined, pr, cr } = await both(body);
    expect(plain).toBe('https://evil.example');
    expect(pr.run('__APP_CONFIG__.apiUrl')).toBe('https://evil.example');
    expect(confined).toBe('https://evil.example');
    expect(cr.run('__APP_CONFIG__.apiUrl')).toBe('/api');
  });

  for (const [kind, attack, check] of [
    ['a nested array pushed', "__APP_CONFIG__.origins.push('evil.example');", "__APP_CONFIG__.origins.includes('evil.example')"],
    ['a nested record written', '__APP_CONFIG__.flags.beta = true;', '__APP_CONFIG__.flags.beta === true'],
    ['the prototype replaced', "Object.setPrototypeOf(__APP_CONFIG__, { debug: true });", '__APP_CONFIG__.debug === true'],
    ['a property deleted', 'delete __APP_CONFIG__.apiUrl;', "!('apiUrl' in __APP_CONFIG__)"],
    ['frozen', 'Object.freeze(__APP_CONFIG__);', 'Object.isFrozen(__APP_CONFIG__)'],
  ] as const) {
    it(`${kind}: the app's record changed in the plain build, refused confined`, async () => {
      const { plain, confined, pr, cr } = await both(attack);
      expect(policyError(plain)).toBe(false);
      expect(pr.run(check)).toBe(true);
      expect(cr.run(check)).toBe(false);
      expect(policyError(confined) || kind === 'a nested record written', String(confined)).toBe(true);
    });
  }

  it("the app's own setter runs on its record, with the value converted (a package function arrives host-callable)", async () => {
    const r = await live();
    r.run('globalThis.__APP_CONFIG__ = { _level: 0, set level(v) { this._level = v; }, get level() { return this._level; } }; globalThis.onLevel = null;');
    r.run('Object.defineProperty(__APP_CONFIG__, "handler", { set(fn) { onLevel = fn; }, get() { return onLevel; } });');
    const { exports } = await r.load(`export let got; __APP_CONFIG__.level = 3; __APP_CONFIG__.handler = (w) => { got = w; }; export const level = __APP_CONFIG__.level;`);
    expect(exports.level).toBe(3);
    expect(r.run('__APP_CONFIG__._level')).toBe(3);
    r.run('onLevel(globalThis)');
    expect(exports.got === r.run('globalThis')).toBe(false);
  });

  it('reads are live: a value the app changes later is seen', async () => {
    const r = await live();
    const { exports } = await r.load(`export const read = () => [__APP_CONFIG__.apiUrl, __APP_CONFIG__.origins.length, Object.keys(__APP_CONFIG__).join()];`);
    r.run("__APP_CONFIG__.apiUrl = '/v2'; __APP_CONFIG__.origins.push('cdn'); __APP_CONFIG__.extra = 1;");
    expect((exports.read as () => unknown)()).toEqual(['/v2', 2, 'apiUrl,origins,flags,extra']);
  });

  it("Sentry's methods run on the real record (its state kept), with converted arguments; a method replaced by the app later is the one called", async () => {
    const r = await live();
    const { exports } = await r.load(`export const report = () => Sentry.captureException(new Error('boom'));`);
    expect((exports.report as () => unknown)()).toBe('id-1');
    expect(r.run('Sentry.captured.length + ":" + (Sentry.captured[0] instanceof Error) + ":" + Sentry.captured[0].message')).toBe('1:true:boom');
    r.run("Sentry.captureException = function () { return 'replaced'; }");
    expect((exports.report as () => unknown)()).toBe('replaced');
  });
});
