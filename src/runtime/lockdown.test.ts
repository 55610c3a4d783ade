// lockdown() as real packages survive it (src/runtime/lockdown.ts), run for real: SES and the Portcullis runtime in a
// fresh node:vm realm, package code rewritten by the real transform. Each case first shows the failure under SES's
// plain lockdown() with the options Portcullis used before, then that confined package code works.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createRealm, windowLikeContext } from '../plugin/test-realm.js';

const SES = readFileSync(join(dirname(createRequire(import.meta.url).resolve('ses/package.json')), 'dist/ses.umd.min.js'), 'utf8');

/** SES's lockdown() with Portcullis's earlier options, and nothing else: what real packages met before. */
function plainLockdownRealm(): vm.Context {
  const { context } = windowLikeContext();
  vm.runInContext(SES, context);
  vm.runInContext("lockdown({ overrideTaming: 'severe', consoleTaming: 'unsafe', errorTaming: 'unsafe' })", context);
  return context;
}

const LIT_METADATA = "Symbol.metadata ??= Symbol('metadata'); export const metadata = Symbol.metadata;";
const ERROR_SUBCLASS = `function ValidationError(message) { this.message = message; }
  ValidationError.prototype = new RangeError();
  ValidationError.prototype.constructor = ValidationError;
  ValidationError.prototype.name = 'ValidationError';
  const e = new ValidationError('bad');
  export const result = [e instanceof RangeError, e.constructor === ValidationError, RangeError.prototype.constructor === RangeError, e.name].join(' ');`;
const SVELTE_DEV = `const cleanup = Array.__svelte_cleanup;
  if (cleanup) cleanup();
  const { indexOf } = Array.prototype;
  Array.prototype.indexOf = function (item) { return -2; };
  Array.__svelte_cleanup = () => { Array.prototype.indexOf = indexOf; };
  export const result = [[1, 2].indexOf(2), Array.prototype.indexOf === indexOf].join(' ');`;

describe('lockdown for real packages', () => {
  it('without the repair, Lit\'s Symbol.metadata polyfill and an Error subclass by assignment throw', () => {
    const context = plainLockdownRealm();
    expect(() => vm.runInContext("'use strict'; Symbol.metadata ??= Symbol('metadata')", context)).toThrow(/not extensible/);
    expect(() => vm.runInContext(`'use strict'; function X() {} X.prototype = new RangeError(); X.prototype.constructor = X;`, context)).toThrow(/read only|read-only/);
    expect(() => vm.runInContext(`'use strict'; function W() {} W.prototype = Object.create(Promise.prototype); W.prototype.then = () => 1;`, context)).toThrow(/read only|read-only/);
  });

  it('gives every compartment the same Symbol.metadata, Symbol.dispose and Symbol.asyncDispose, before Symbol is frozen', async () => {
    const realm = await createRealm({ lit: { globals: {} }, other: { globals: {} } });
    const { exports } = await realm.load(LIT_METADATA, 'lit');
    const { exports: other } = await realm.load('export const all = [Symbol.metadata, Symbol.dispose, Symbol.asyncDispose];', 'other');
    expect(typeof exports.metadata).toBe('symbol');
    expect(exports.metadata).toBe(realm.run('Symbol.metadata'));
    expect(exports.metadata).toBe(realm.run("Symbol.for('Symbol.metadata')"));
    expect((other.all as unknown[]).map((s) => typeof s)).toEqual(['symbol', 'symbol', 'symbol']);
    expect((other.all as unknown[])[0]).toBe(exports.metadata);
    // Still frozen: nobody can swap a well-known symbol for everyone.
    expect(() => realm.run("'use strict'; Symbol.prototype.constructor.metadata = Symbol('mine')")).toThrow(/read only/);
  });

  it('lets `X.prototype = new RangeError(); X.prototype.constructor = X` and a hand-made Promise subclass define their own', async () => {
    const realm = await createRealm({ pkg: { globals: {} } });
    const { exports } = await realm.load(ERROR_SUBCLASS);
    expect(exports.result).toBe('true true true ValidationError');
    // jspdf's Worker: a Promise subclass by hand.
    const { exports: worker } = await realm.load(`function Worker() {}
      Worker.prototype = Object.create(Promise.prototype);
      Worker.prototype.then = function () { return 'own then'; };
      export const result = new Worker().then() + ' ' + (Promise.prototype.then !== Worker.prototype.then);`);
    expect(worker.result).toBe('own then true');
    // The shared prototype itself stays read-only.
    expect(() => realm.run("'use strict'; RangeError.prototype.constructor = function () {}")).toThrow(/read only/);
  });

  it("refuses Svelte's development patch of Array.prototype in a build, and ignores it under the dev server", async () => {
    const built = await createRealm({ svelte: { globals: {} } });
    await expect(built.load(SVELTE_DEV, 'svelte')).rejects.toThrow(/read only|read-only/);
    const dev = await createRealm({ svelte: { globals: {} } }, 'enforce', { dev: true });
    const { exports } = await dev.load(SVELTE_DEV, 'svelte');
    expect(exports.result).toBe('1 true');
    // An array of its own may still carry its own method (the override mistake stays repaired).
    expect(dev.run("'use strict'; const a = [1]; a.indexOf = () => 7; a.indexOf(1) + ' ' + [1].indexOf(1)")).toBe('7 0');
  });
});

describe('intrinsics SES leaves off child compartments', () => {
  it('gives `globalThis.Float32Array` the same array as a bare `Float32Array` (iobuffer, under jspdf)', async () => {
    const realm = await createRealm({ pkg: { globals: {} } });
    const { exports } = await realm.load('export const same = [globalThis.Float32Array === Float32Array, self.Float64Array === Float64Array, new globalThis.Float32Array([1.5])[0]].join(" ");');
    expect(exports.same).toBe('true true 1.5');
  });
});

describe("names the window has from Object.prototype", () => {
  it('lets a free `toString` and `hasOwnProperty` be Object.prototype\'s, as they are on a window', async () => {
    const realm = await createRealm({ pkg: { globals: {} } });
    const { exports } = await realm.load('export const r = [toString.call([]), hasOwnProperty.call({ a: 1 }, "a"), globalThis.valueOf === Object.prototype.valueOf].join(" ");');
    expect(exports.r).toBe('[object Array] true true');
  });
});
