// Invariant 1 ("Nothing real crosses") for what a package gets from the host, attacked for real: SES lockdown() and the
// Portcullis runtime in a node:vm realm whose fake host behaves as a browser does where it matters (timers and
// listeners call back with the real window as `this`, host classes share prototypes, events point at the window).
// Each attack is first run as the app's own (unconfined) code, where it works, then inside a package.
import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { createRealm } from '../plugin/test-realm.js';
import { both, HOST, realm } from './test-host.js';

describe('row 48: host callbacks get no real `this`', () => {
  for (const [kind, schedule] of [
    ['setTimeout, sloppy function', 'setTimeout(function () { got = this; })'],
    ['setTimeout, strict function', 'setTimeout(function () { "use strict"; got = this; })'],
    ['setTimeout, extra arguments', 'setTimeout(function (w) { got = w; }, 0, globalThis)'],
    ['queueMicrotask', 'queueMicrotask(function () { got = this; })'],
    ['window listener', "addEventListener('message', function () { got = this; }); dispatchEvent(new Event('message'))"],
    ['handleEvent object', "addEventListener('message', { handleEvent(e) { got = e.currentTarget; } }); dispatchEvent(new Event('message'))"],
    ['onmessage through a write grant', 'onmessage = function () { got = this; }; fireMessage()'],
  ] as const) {
    it(`${kind}: the real window in the plain build, the package's own global confined`, async () => {
      const r = await realm({ setTimeout: true, queueMicrotask: true, addEventListener: 'origin', dispatchEvent: true, Event: true, onmessage: 'write', fireMessage: true });
      r.run('globalThis.__got = []');
      const body = `let got; ${schedule}; return () => got;`;
      const { plain, confined } = await both(r, body);
      expect((plain as () => unknown)() === r.run('globalThis')).toBe(true);
      const seen = (confined as () => Record<string, unknown>)();
      expect(seen === r.run('globalThis')).toBe(false);
      // The package's global: its deny proxy answers `this.fetch`.
      expect(() => seen.fetch).toThrow(/package "pkg" may not use fetch/);
    });
  }
});

describe('row 49: what a granted host function hands out is converted', () => {
  it('a whole addEventListener delivers an event whose view, target and composedPath lead to no real window', async () => {
    const r = await realm({ addEventListener: 'origin', dispatchEvent: true, Event: true });
    const body = `let e; addEventListener('ping', (ev) => { e = ev; }); dispatchEvent(new Event('ping')); return [e.view, e.target, e.currentTarget, e.composedPath()[0]];`;
    const { plain, confined } = await both(r, body);
    const real = r.run('globalThis');
    expect((plain as unknown[]).every((x) => x === real)).toBe(true);
    expect((confined as unknown[]).some((x) => x === real)).toBe(false);
  });

  it('records from host calls (getEntries) are stand-ins, their window fields the package global', async () => {
    const r = await realm({ performance: true });
    const { plain, confined } = await both(r, 'const [entry] = performance.getEntries(); return [entry.name, entry.source];');
    expect((plain as unknown[])[0]).toBe('mark');
    expect((plain as unknown[])[1] === r.run('globalThis')).toBe(true);
    expect((confined as unknown[])[0]).toBe('mark');
    expect((confined as unknown[])[1] === r.run('globalThis')).toBe(false);
  });

  it('a host exception is converted: its prototype is a read-only view', async () => {
    const r = await realm({ performance: true });
    const body = `try { performance.fail(); } catch (e) { Object.getPrototypeOf(e).toString = () => 'spied'; return e.name; }`;
    const plain = r.run(`(() => { ${body} })()`);
    expect(plain).toBe('InvalidStateError');
    r.run('delete DOMException.prototype.toString');
    const { exports } = await r.load(`export function attack() { ${body} }`);
    expect(() => (exports.attack as () => unknown)()).toThrow(/read-only/);
    expect(r.run('Object.hasOwn(DOMException.prototype, "toString")')).toBe(false);
  });

  it('identity holds: one stand-in per real object, instanceof works', async () => {
    const r = await realm({ performance: true, Performance: true, EventTarget: true });
    const { exports } = await r.load(`export const checks = [performance === globalThis.performance, performance.now === performance.now,
      performance instanceof Performance, performance instanceof EventTarget, Object.getPrototypeOf(performance) === Performance.prototype, performance.now()];`);
    expect(exports.checks).toEqual([true, true, true, true, true, 42]);
  });
});

describe('row 49, the way back: the host never holds a package\'s live object', () => {
  // The fake host looks handleEvent up at each dispatch, as WebIDL does: whatever the host holds as itself can be
  // given one after it crossed, or be a Proxy that answers the crossing's check one way and the look-up another.
  const listeners = {
    'a Date given handleEvent': "Object.assign(new Date(), { handleEvent: steal })",
    'a typed array given handleEvent': "Object.assign(new Uint8Array(2), { handleEvent: steal })",
    'an Error given handleEvent': "Object.assign(new Error('x'), { handleEvent: steal })",
    'a Map given handleEvent': "Object.assign(new Map(), { handleEvent: steal })",
    'a Number object given handleEvent': "Object.assign(new Number(1), { handleEvent: steal })",
    'a promise given handleEvent': "Object.assign(Promise.resolve(1), { handleEvent: steal })",
    'an object given Date.prototype': "Object.assign(Object.create(Date.prototype), { handleEvent: steal })",
    'a Proxy that hides handleEvent from the check': "new Proxy({}, { get: (t, k) => (k === 'handleEvent' ? steal : undefined) })",
    'a Proxy of an array': "new Proxy([], { get: (t, k) => (k === 'handleEvent' ? steal : undefined) })",
    'a record given handleEvent after it crossed': "late",
  };
  // A Proxy whose getPrototypeOf says Object.prototype for the first `n` asks, then its real prototype (which holds
  // handleEvent): a copy made on a later answer than the check's would inherit the package's object.
  for (const n of [0, 1, 2, 3, 4, 5, 6]) {
    (listeners as Record<string, string>)[`a Proxy whose prototype is a record for the first ${n} asks`] =
      `((asks) => { const evil = { handleEvent: steal }; return new Proxy(Object.create(evil), { getPrototypeOf: () => (asks++ < ${n} ? Object.prototype : evil) }); })(0)`;
  }
  for (const [kind, make] of Object.entries(listeners)) {
    it(`${kind}: the real event in the plain build, none confined`, async () => {
      const r = await realm({ addEventListener: 'origin', dispatchEvent: true, Event: true });
      const body = `let got = null; const steal = (e) => { got = e.view; };
        const l = ${make === 'late' ? '{ n: 1 }' : make};
        addEventListener('ping', l);
        ${make === 'late' ? 'l.handleEvent = steal;' : ''}
        try { dispatchEvent(new Event('ping')); } catch {} // (the fake host throws on a listener without handleEvent)
        return got;`;
      const { plain, confined } = await both(r, body);
      expect(plain === r.run('globalThis')).toBe(true);
      expect(confined === r.run('globalThis')).toBe(false);
    });
  }

  it('a handleEvent object is one live view: it hears the event converted, and removeEventListener finds it', async () => {
    const r = await realm({ addEventListener: 'origin', removeEventListener: true, dispatchEvent: true, Event: true });
    const { exports } = await r.load(`export function attack() {
      const heard = []; const l = { handleEvent(e) { heard.push(e.type); } };
      addEventListener('ping', l); dispatchEvent(new Event('ping'));
      removeEventListener('ping', l); dispatchEvent(new Event('ping'));
      return heard;
    }`);
    expect((exports.attack as () => unknown)()).toEqual(['ping']);
  });

  it('what comes back is the package\'s own: a typed array, an error, a record, a Map', async () => {
    const r = await realm({ echo: true });
    r.run('globalThis.echo = (x) => x');
    const { exports } = await r.load(`export const checks = [new Uint8Array(2), new Error('e'), { a: 1 }, new Map([[1, 2]]), new Date(5)].map((x) => echo(x) === x);`);
    expect(exports.checks).toEqual([true, true, true, true, true]);
  });

  it('the host gets values of the same kind: bytes shared, errors still errors, promises settle', async () => {
    const r = await realm({ keep: true });
    r.run('globalThis.kept = []; globalThis.keep = (x) => { kept.push(x); return x; }');
    const { exports } = await r.load(`export const a = new Uint8Array(2); keep(a); keep(new TypeError('t')); keep(Promise.resolve(7)); keep(new Date(5)); a[0] = 9;`);
    expect(exports.a).toBeDefined();
    expect(r.run('kept[0] instanceof Uint8Array && kept[0][0] === 9')).toBe(true);
    expect(r.run('kept[1] instanceof TypeError && kept[1].message === "t"')).toBe(true);
    expect(await r.run('kept[2]')).toBe(7);
    expect(r.run('kept[3] instanceof Date && kept[3].getTime() === 5')).toBe(true);
  });
});

describe('row 49, values of the ECMAScript kinds from the host: what they hold is converted', () => {
  const reads = {
    "an Error's cause": ['app.error', 'app.error.cause'],
    "an AggregateError's errors": ['app.aggregate', 'app.aggregate.errors[0]'],
    "a Map's value": ['app.map', "app.map.get('w')"],
    "a Set's entry": ['app.set', '[...app.set][0]'],
    'a Map given the window after it crossed': ['app.late', "(app.fill(), app.late.get('w'))"],
    'a frozen function of the app calling back': ['app.api', 'app.api((w) => w)'],
    "a WeakRef's target": ['app.ref', 'app.ref.deref()'],
  };
  for (const [kind, [, read]] of Object.entries(reads)) {
    it(`${kind}: the real window in the plain build, none confined`, async () => {
      const r = await realm({ app: true });
      r.run(`const late = new Map(); globalThis.app = { error: new Error('x', { cause: globalThis }), aggregate: new AggregateError([globalThis]),
        map: new Map([['w', globalThis]]), set: new Set([globalThis]), late, fill: () => late.set('w', globalThis),
        api: Object.freeze((callback) => callback(globalThis)), ref: new WeakRef(globalThis) };`);
      const { plain, confined } = await both(r, `return ${read};`);
      expect(plain === r.run('globalThis')).toBe(true);
      expect(confined === r.run('globalThis')).toBe(false);
    });
  }

  it('an error of the page keeps its kind, message and identity', async () => {
    const r = await realm({ app: true });
    r.run("globalThis.app = { error: new RangeError('r', { cause: {} }) };");
    const { exports } = await r.load(`export const err = () => [app.error instanceof RangeError, app.error.message, app.error === app.error];`);
    expect((exports.err as () => unknown)()).toEqual([true, 'r', true]);
  });
});

describe('row 48, the confused deputy: a host function handed back to a scheduler', () => {
  it('runs as the package would call it, never on the real window with the package\'s arguments', async () => {
    const r = await realm({ setTimeout: true, performance: true });
    r.run('globalThis.__heard = []');
    const body = `const { addEventListener } = Object.getPrototypeOf(Object.getPrototypeOf(performance));
      setTimeout(addEventListener, 0, 'ping', function (e) { __heard.push(e.type); });`;
    r.run(`(() => { ${body.replace("'ping'", "'plain'")} })()`);
    r.run("__flush(); dispatchEvent(new Event('plain'))");
    expect(r.run('__heard')).toEqual(['plain']);
    const { exports } = await r.load(`export function attack() { ${body} }`);
    (exports.attack as () => void)();
    try {
      r.run('__flush()');
    } catch {
      // A browser's addEventListener throws on a brand-less receiver; the fake one files it under that object.
    }
    r.run("dispatchEvent(new Event('ping'))");
    expect(r.run('__heard')).toEqual(['plain']);
  });
});

describe('row 49: promise results of host APIs', () => {
  it('a promise-returning host function resolves to a stand-in, and a rejection to a converted error', async () => {
    const r = await realm({ load: true, fail: true, PerformanceEntry: true });
    r.run(`globalThis.load = () => Promise.resolve(new PerformanceEntry()); globalThis.fail = () => Promise.reject(new DOMException('nope'));`);
    const { exports } = await r.load(`export async function attack() {
      const entry = await load();
      let protoWrite = 'allowed';
      try { await fail(); } catch (e) { try { Object.getPrototypeOf(e).name = 'x'; } catch (err) { protoWrite = err.name; } }
      return [entry instanceof PerformanceEntry, entry.source === globalThis, null, protoWrite];
    }`);
    const result = (await (exports.attack as () => Promise<unknown[]>)());
    expect(result.slice(0, 1)).toEqual([true]);
    expect(result[3]).toBe('PortcullisPolicyError');
    expect(r.run('Object.hasOwn(DOMException.prototype, "name")')).toBe(false);
    const { exports: e2 } = await r.load(`export async function attack() { return (await load()).source.fetch; }`);
    await expect((e2.attack as () => Promise<unknown>)()).rejects.toThrow(/may not use fetch/);
  });
});

describe('row 50: host prototypes seen from inside are read-only', () => {
  const writes = {
    'assignment through getPrototypeOf': 'Object.getPrototypeOf(Object.getPrototypeOf(performance)).addEventListener = spy',
    'Object.defineProperty on the prototype': "Object.defineProperty(Object.getPrototypeOf(Object.getPrototypeOf(performance)), 'addEventListener', { value: spy })",
    'Reflect.set': "Reflect.set(Reflect.getPrototypeOf(Reflect.getPrototypeOf(signal)), 'addEventListener', spy)",
    __proto__: 'performance.__proto__.__proto__.addEventListener = spy',
    'constructor.prototype': 'performance.constructor.prototype.now = spy',
    'a granted constructor': 'EventTarget.prototype.addEventListener = spy',
    'deleting a prototype method': 'delete Object.getPrototypeOf(performance).now',
    'setPrototypeOf of an instance': 'Object.setPrototypeOf(performance, { now: spy })',
  };
  for (const [name, write] of Object.entries(writes)) {
    it(`${name}: reaches the shared prototype in the plain build, throws the policy error confined`, async () => {
      const r = await realm({ performance: true, signal: true, EventTarget: true });
      r.run('globalThis.__snapshot = [EventTarget.prototype.addEventListener, Performance.prototype.now, Object.getPrototypeOf(performance)]');
      const body = `const spy = function () { return 'spied'; }; ${write};`;
      const { exports } = await r.load(`export function attack() { ${body} }`);
      expect(() => (exports.attack as () => unknown)()).toThrow(/package "pkg" may not use .*read-only|prototype of a host object/);
      expect(r.run('[EventTarget.prototype.addEventListener, Performance.prototype.now, Object.getPrototypeOf(performance)].every((x, i) => x === __snapshot[i])')).toBe(true);
      r.run(`(() => { ${body} })()`);
      expect(r.run('[EventTarget.prototype.addEventListener, Performance.prototype.now, Object.getPrototypeOf(performance)].every((x, i) => x === __snapshot[i])')).toBe(false);
    });
  }

  it('an instance write is the package\'s own: the app still calls the real performance.now', async () => {
    const r = await realm({ performance: true });
    const { exports } = await r.load(`export function attack() { performance.now = () => 'spied'; return performance.now(); }`);
    expect((exports.attack as () => unknown)()).toBe('spied');
    expect(r.run('performance.now()')).toBe(42);
    expect(r.run('Object.hasOwn(performance, "now")')).toBe(false);
  });

  it('a prototype method applied to the package global does not reach the real window', async () => {
    const r = await realm({ performance: true, dispatchEvent: true, Event: true });
    const { exports } = await r.load(`export function attack() {
      let got = false;
      const { addEventListener } = Object.getPrototypeOf(Object.getPrototypeOf(performance));
      try { addEventListener.call(globalThis, 'ping', () => { got = true; }); } catch {}
      try { addEventListener('ping', () => { got = true; }); } catch {}
      dispatchEvent(new Event('ping'));
      return got;
    }`);
    expect((exports.attack as () => unknown)()).toBe(false);
  });

  it('a package class may extend a granted host constructor', async () => {
    const r = await realm({ EventTarget: true, Event: true });
    const { exports } = await r.load(`class Emitter extends EventTarget {
        constructor() { super(); this.count = 0; }
        hit() { return ++this.count; }
        set label(v) { this._label = 'set:' + v; }
        get label() { return this._label; }
      }
      const e = new Emitter(); let heard = 0; e.addEventListener('x', () => heard++); e.dispatchEvent(new Event('x'));
      e.label = 'a'; e.other = 1;
      export const result = [e instanceof Emitter, e instanceof EventTarget, e.hit(), heard, e.label, e.other, Object.keys(e).sort()];`);
    expect(exports.result).toEqual([true, true, 1, 1, 'set:a', 1, ['_label', 'count', 'other']]);
  });
});

describe('row 53: a granted Function evaluates in the package compartment', () => {
  it('Function("return this")() and Function("return globalThis")() are not the real window', async () => {
    // (The plain build's Function('return this')() is the window: shown in the browser, e2e/attacks-host.spec.ts; here
    // lockdown() has already tamed the realm's own Function.)
    const r = await realm({ Function: true });
    const { exports } = await r.load('export const got = [Function("return this")(), Function("return globalThis")(), Function("return window")()];');
    const real = r.run('globalThis');
    for (const value of exports.got as unknown[]) expect(value === real).toBe(false);
    const { exports: e2 } = await r.load('export function f() { return Function("return globalThis.fetch")(); }');
    expect(() => (e2.f as () => unknown)()).toThrow(/may not use fetch/);
  });
});

describe('workers: no blob: or data: URL', () => {
  for (const url of ['blob:http://localhost/1234', 'data:text/javascript,fetch(1)', ' BLOB:x']) {
    it(`new Worker(${JSON.stringify(url)}) throws the policy error`, async () => {
      const r = await realm({ Worker: true });
      const { exports } = await r.load(`export function attack(u) { return new Worker(u); }`);
      expect(() => (exports.attack as (u: string) => unknown)(url)).toThrow(/package "pkg" may not use new Worker/);
      expect(r.calls.some((c) => c.startsWith('Worker'))).toBe(false);
    });
  }
  it('a worker from a URL of the app still starts', async () => {
    const r = await realm({ Worker: true });
    const { exports } = await r.load(`export function start() { return new Worker('/assets/w.js'); }`);
    (exports.start as () => unknown)();
    expect(r.calls).toContain('Worker /assets/w.js');
  });
});


describe('row 52: worklets and service workers, reached through any grant, no blob: or data: URL', () => {
  // A whole `CSS` or `navigator` grant (what the generator writes for `CSS.supports`, `navigator.userAgent`) reaches
  // code loaders whose realm no build confined.
  const loaders = `globalThis.__loaded = [];
    class Worklet { addModule(u) { __loaded.push('addModule ' + String(u)); return Promise.resolve(); } } globalThis.Worklet = Worklet;
    class ServiceWorkerContainer { register(u) { __loaded.push('register ' + String(u)); return Promise.resolve(); } }
    globalThis.ServiceWorkerContainer = ServiceWorkerContainer;
    globalThis.CSS = { supports: () => true, paintWorklet: new Worklet() };
    globalThis.navigator = { userAgent: 'test', serviceWorker: new ServiceWorkerContainer() };`;
  const attacks = `[
    () => CSS.paintWorklet.addModule('data:text/javascript,registerPaint("x", class {})'),
    () => navigator.serviceWorker.register('blob:http://localhost/1'),
    () => Object.getPrototypeOf(CSS.paintWorklet).addModule.call(CSS.paintWorklet, ' BLOB:x'),
    () => CSS.paintWorklet.addModule('/assets/paint.js'),
  ]`;
  it('the app loads them all; the package only the URL of the app', async () => {
    const r = await createRealm({ pkg: { globals: { CSS: true, navigator: true } } }, 'enforce', {}, HOST + loaders);
    r.run(`${attacks}.forEach((f) => f())`);
    expect(r.run('__loaded.length')).toBe(4);
    r.run('__loaded.length = 0');
    const { exports } = await r.load(`export const tries = ${attacks};`);
    const outcomes = (exports.tries as (() => void)[]).map((f) => {
      try {
        f();
        return 'ran';
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    });
    expect(outcomes.slice(0, 3)).toEqual([
      expect.stringMatching(/^PortcullisPolicyError: .*package "pkg" may not use .*addModule\('data:…'\)/),
      expect.stringMatching(/^PortcullisPolicyError: .*package "pkg" may not use .*register\('blob:…'\)/),
      expect.stringMatching(/^PortcullisPolicyError: .*addModule\('blob:…'\)/),
    ]);
    expect(outcomes[3]).toBe('ran');
    expect(r.run('__loaded.slice()')).toEqual(['addModule /assets/paint.js']);
  });
});

describe('row 53, an evaluator behind a URL: no javascript: navigation', () => {
  it('location.assign, location.href and a "write" grant of location refuse javascript: URLs, however spelled', async () => {
    const location = `globalThis.__navigated = [];
      class Location {} globalThis.Location = Location;
      const loc = Object.create(Location.prototype); Object.defineProperties(loc, {
        href: { get: () => 'http://localhost/', set: (u) => __navigated.push(String(u)), enumerable: true },
        assign: { value: (u) => __navigated.push(String(u)) }, replace: { value: (u) => __navigated.push(String(u)) } });
      Object.defineProperty(globalThis, 'location', { get: () => loc, set: (u) => __navigated.push(String(u)), configurable: false });`;
    const r = await createRealm({ pkg: { globals: { location: 'write' } } }, 'enforce', {}, HOST + location);
    const { exports } = await r.load(`export const tries = [
      () => location.assign('javascript:alert(1)'), () => { location.href = ' JAVA\tSCRIPT:alert(1)'; },
      () => location.replace({ toString: () => 'javascript:alert(1)' }), () => { location = 'javascript:alert(1)'; },
      () => location.assign('/next'),
    ];`);
    const outcomes = (exports.tries as (() => void)[]).map((f) => {
      try {
        f();
        return 'ran';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(outcomes).toEqual(['PortcullisPolicyError', 'PortcullisPolicyError', 'PortcullisPolicyError', 'PortcullisPolicyError', 'ran']);
    expect(r.run('__navigated')).toEqual(['/next']);
  });
});

describe('row 49: what another window hands out is refused', () => {
  // A same-origin frame's function granted to the package (the app stored it as a global): what it returns is that
  // window's, whose Function evaluates there, and whose `parent` is the real window.
  const cases: Record<string, string> = {
    'an array of primitives': `return frameItems().constructor.constructor('return parent')();`,
    'an array inside an array of this window': `return frameNested()[0].constructor.constructor('return parent')();`,
    'an array inside a record of this window': `return frameRecord().items.constructor.constructor('return parent')();`,
  };
  for (const [kind, body] of Object.entries(cases)) {
    it(`${kind}: the real window in the plain build, refused confined`, async () => {
      const r = await realm({ frameItems: true, frameNested: true, frameRecord: true });
      const frame = vm.createContext({ parent: r.run('globalThis') });
      // The functions are this window's (the app's): only what they return is the frame's.
      const inFrame = vm.runInContext('() => [4]', frame) as () => unknown[];
      r.context.frameItems = (r.run('(f) => () => f()') as (f: unknown) => unknown)(inFrame);
      r.context.frameNested = (r.run('(f) => () => [f()]') as (f: unknown) => unknown)(inFrame);
      r.context.frameRecord = (r.run('(f) => () => ({ items: f() })') as (f: unknown) => unknown)(inFrame);
      const plain = r.run(`(() => { ${body} })()`);
      expect(plain === r.run('globalThis')).toBe(true);
      const { exports } = await r.load(`export function attack() { ${body} }`);
      expect(() => (exports.attack as () => unknown)()).toThrow(/another window/);
    });
  }
});

describe('row 49: another window granted or returned is refused, not a stand-in', () => {
  // `parent` (an app embedded in a same-origin frame of its own shell, and a package that posts to its embedder) or
  // a host function returning a frame's window: a stand-in would still call that window's fetch, read its cookies.
  it('a same-origin frame\'s window from a host function: its fetch works in the plain build, refused confined', async () => {
    const r = await realm({ embedder: true });
    const frame = vm.createContext({});
    vm.runInContext('globalThis.sent = []; globalThis.fetch = (u) => { sent.push(u); return "response"; };', frame);
    const frameWindow = vm.runInContext('globalThis', frame) as { sent: string[] };
    r.context.embedder = (r.run('(w) => () => w') as (w: unknown) => unknown)(frameWindow);
    const body = `return embedder().fetch('/steal?' + 1);`;
    expect(r.run(`(() => { ${body} })()`)).toBe('response');
    expect(frameWindow.sent).toEqual(['/steal?1']);
    const { exports } = await r.load(`export function attack() { ${body} }`);
    expect(() => (exports.attack as () => unknown)()).toThrow(/another window/);
    expect(frameWindow.sent).toEqual(['/steal?1']);
  });

  it('an instance of a frame\'s native interface (its document, its Storage) reads as the frame\'s in the plain build, refused confined', async () => {
    // A frame's interface prototypes pass for host prototypes (unfrozen, a native named constructor), as this
    // window's do; the stand-in that made for one of its instances read `frame.document.cookie`. A frame's Map stands
    // in for its document here: native, so the classifier sees what it sees in a browser.
    const r = await realm({ embedder: true });
    const frame = vm.createContext({});
    const doc = vm.runInContext('const doc = new Map(); doc.cookie = "session=s3cret"; doc', frame);
    r.context.embedder = (r.run('(d) => () => ({ document: d })') as (d: unknown) => unknown)(doc);
    const body = `return embedder().document.cookie;`;
    expect(r.run(`(() => { ${body} })()`)).toBe('session=s3cret');
    const { exports } = await r.load(`export function attack() { ${body} }`);
    expect(() => (exports.attack as () => unknown)()).toThrow(/another window/);
  });
});
