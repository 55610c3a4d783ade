// The host membrane's fast paths (issue 9, point 9), attacked: a scheduler's callback crosses as a one-off closure,
// callback arguments that are primitives are not converted, an event's stand-in skips classification, and both
// directions are stamp tables. Each attack shows what the plain build hands the callback (the real window), then that
// the confined package still gets only converted values.
import { describe, expect, it } from 'vitest';
import { both, realm } from './test-host.js';

const ALL = {
  setTimeout: true, setInterval: true, queueMicrotask: true, requestAnimationFrame: true, requestIdleCallback: true,
  addEventListener: 'origin', removeEventListener: true, dispatchEvent: true, Event: true, EventTarget: true, performance: true,
} as const;

/** `body` ends with `return () => got;` (or another thunk); runs it plain and confined and calls the thunks. */
async function seen(body: string, setup = ''): Promise<{ plain: unknown; confined: unknown; real: unknown; r: Awaited<ReturnType<typeof realm>> }> {
  const r = await realm(ALL);
  if (setup) r.run(setup);
  const { plain, confined } = await both(r, body);
  return { plain: (plain as () => unknown)(), confined: (confined as () => unknown)(), real: r.run('globalThis'), r };
}

describe('schedulers: the callback crosses as a closure that still converts', () => {
  it('a package Proxy as the callback: its apply trap sees the package global and converted arguments', async () => {
    // Every trap but apply throws: the membrane must not probe the callback through them (a stamp read runs no trap).
    const body = `let got = []; const loud = () => { throw new Error('trap ran'); };
      const p = new Proxy(function () {}, { get: loud, has: loud, getOwnPropertyDescriptor: loud, ownKeys: loud, getPrototypeOf: loud,
        apply(_t, self, args) { got.push(self, ...args); } });
      setTimeout(p, 0, globalThis); queueMicrotask(p); requestAnimationFrame(p);
      return () => got;`;
    const { plain, confined, real } = await seen(body);
    expect((plain as unknown[]).filter((x) => x === real)).toHaveLength(4);
    const got = confined as unknown[];
    expect(got).toHaveLength(5); // this + the extra argument, this, this + the timestamp
    expect(got.some((x) => x === real)).toBe(false);
    expect(got[4]).toBe(16.5);
    expect(() => (got[0] as Record<string, unknown>).fetch).toThrow(/may not use fetch/);
  });

  it('requestIdleCallback: the host object argument arrives as a stand-in, its prototype a read-only view', async () => {
    const r = await realm(ALL);
    const callback = `function (d) {
      let write; try { Object.getPrototypeOf(d).timeRemaining = () => 0; write = 'written'; } catch (e) { write = e.name; }
      d.mine = 1; got.push(this, d.view, d.timeRemaining(), write, d.mine);
    }`;
    r.run(`globalThis.got = []; requestIdleCallback(${callback}); __flush();`);
    const real = r.run('globalThis');
    expect(r.run('got.slice(0, 2).every((x) => x === globalThis)')).toBe(true);
    expect(r.run('got.slice(2)')).toEqual([0, 'written', 1]);
    r.run('IdleDeadline.prototype.timeRemaining = function () { return 5; }; delete IdleDeadline.prototype.mine;');
    const { exports } = await r.load(`export const got = []; requestIdleCallback(${callback});`);
    r.run('__flush()');
    const [self, view, left, write, mine] = exports.got as unknown[];
    expect(self === real || view === real).toBe(false);
    expect([left, write, mine]).toEqual([5, 'PortcullisPolicyError', 1]);
    expect(r.run('IdleDeadline.prototype.timeRemaining()')).toBe(5);
  });

  it('a stand-in as the callback (a granted host function) runs as the real one, with converted results', async () => {
    const body = `let got = 0; addEventListener('tick', function (e) { got = [this, e.view]; });
      setTimeout(dispatchEvent, 0, new Event('tick')); return () => got;`;
    const { plain, confined, real } = await seen(body);
    expect((plain as unknown[]).every((x) => x === real)).toBe(true);
    const got = confined as unknown[];
    expect(got).toHaveLength(2);
    expect(got.some((x) => x === real)).toBe(false);
  });

  it('a function already crossed as a listener keeps its wrapper; both ways it gets the package global', async () => {
    const body = `const got = []; function f() { got.push(this); }
      addEventListener('x', f); setTimeout(f); queueMicrotask(f); dispatchEvent(new Event('x'));
      return () => got;`;
    const { plain, confined, real } = await seen(body);
    expect((plain as unknown[]).every((x) => x === real)).toBe(true);
    const got = confined as unknown[];
    expect(got).toHaveLength(3);
    expect(got.some((x) => x === real)).toBe(false);
    expect(new Set(got).size).toBe(1);
  });

  it('a function scheduled first, then registered and removed: removeEventListener still finds it', async () => {
    const body = `let calls = 0; const f = () => { calls++; };
      queueMicrotask(f); setTimeout(f); addEventListener('x', f); removeEventListener('x', f); dispatchEvent(new Event('x'));
      return () => calls;`;
    const { plain, confined } = await seen(body);
    expect(plain).toBe(2);
    expect(confined).toBe(2);
  });

  it("extra arguments: the package's own objects (a getter, a primitive wrapper) and symbols come back as they went", async () => {
    const body = `const o = { get secret() { return this === o ? 'own' : 'other'; } }; const s = new String('w'); const sym = Symbol('k');
      let got; setTimeout(function (a, b, c) { got = [a === o, a.secret, b === s, c === sym, this === globalThis]; }, 0, o, s, sym);
      return () => got;`;
    const { plain, confined } = await seen(body);
    expect(plain).toEqual([true, 'own', true, true, true]);
    // The last is false inside: `this` is the package's global, `globalThis` its module's own alias of it.
    expect(confined).toEqual([true, 'own', true, true, false]);
  });

  it('a handleEvent object or a string is no scheduled callback: refused, never run with the window', async () => {
    const r = await realm(ALL);
    const { exports } = await r.load(`export const got = [];
      export function objects() { queueMicrotask({ handleEvent() { got.push(this); } }); }
      export function code() { setTimeout('globalThis.hacked = 1'); }`);
    (exports.objects as () => void)();
    expect(() => r.run('__flush()')).toThrow(/not a function/);
    expect(exports.got).toEqual([]);
    expect(() => (exports.code as () => void)()).toThrow(/may not use setTimeout with a string of code/);
    expect(r.run('globalThis.hacked')).toBeUndefined();
  });

  it('setInterval and a nested schedule keep converting on every run', async () => {
    const body = `const got = []; const step = function (n) { got.push(this, n); if (n < 3) setTimeout(step, 0, n + 1); };
      setInterval(step, 0, 1); return () => got;`;
    const { plain, confined, real } = await seen(body);
    expect((plain as unknown[]).filter((x) => x === real)).toHaveLength(3);
    const got = confined as unknown[];
    expect(got.filter((x) => typeof x === 'number')).toEqual([1, 2, 3]);
    expect(got.some((x) => x === real)).toBe(false);
  });
});

describe('events: one stand-in per real event, still a read-only, converting view', () => {
  it('the event a listener gets is the stand-in `new Event` returned; writes stay on it', async () => {
    const setup = `globalThis.__last = null; const d = EventTarget.prototype.dispatchEvent;
      EventTarget.prototype.dispatchEvent = function (ev) { __last = ev; return d.call(this, ev); };`;
    const body = `const same = []; const bus = new EventTarget();
      bus.addEventListener('t', function (e) { same.push(e === ev, this === bus, e.currentTarget === bus); });
      const ev = new Event('t'); ev.mine = 1; bus.dispatchEvent(ev); bus.dispatchEvent(ev);
      return () => [same, ev.target, ev.mine];`;
    const { plain, confined, real, r } = await seen(body, setup);
    expect(plain).toEqual([[true, true, true, true, true, true], real, 1]);
    expect(r.run('Object.hasOwn(__last, "mine")')).toBe(false); // the confined run's real event: no expando
    const [same, target, mine] = confined as unknown[];
    expect(same).toEqual([true, true, true, true, true, true]);
    expect(target === real).toBe(false);
    expect(mine).toBe(1);
  });

  it('an event the host made: a stand-in whose prototype chain and fields are converted', async () => {
    const body = `let got; addEventListener('message', (e) => { got = [e.view, e.target, Object.getPrototypeOf(e) === Event.prototype, e instanceof Event]; });
      dispatchEvent(new Event('message')); return () => got;`;
    const { plain, confined, real } = await seen(body);
    expect(plain).toEqual([real, real, true, true]);
    const got = confined as unknown[];
    expect(got.slice(0, 2).some((x) => x === real)).toBe(false);
    expect(got.slice(2)).toEqual([true, true]);
  });

  it('a stand-in handed back is its real object; a package look-alike Proxy is not mistaken for one', async () => {
    const r = await realm(ALL);
    r.run(`globalThis.__seen = []; const real = EventTarget.prototype.dispatchEvent;
      EventTarget.prototype.dispatchEvent = function (ev) { __seen.push(ev instanceof Event, Object.getPrototypeOf(ev) === Event.prototype); return real.call(this, ev); };`);
    const { exports } = await r.load(`export function attack() {
      const ev = new Event('x'); const fake = new Proxy(ev, {});
      dispatchEvent(ev); try { dispatchEvent(fake); } catch {}
    }`);
    (exports.attack as () => void)();
    // The real event reached the host; the look-alike crossed as a view of the package's object, no real event.
    expect(r.run('__seen')).toEqual([true, true, false, false]);
  });
});
