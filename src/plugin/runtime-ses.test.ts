// The runtime script carries SES bundled from its ES module sources and minified with the runtime
// (scripts/build.mjs), not SES's shipped ses.umd.min.js. This checks that it is the same SES: in two fresh realms, one
// with the shipped build and the runtime's own lockdown (src/runtime/lockdown.ts) run on it, one with the runtime script, every
// intrinsic reachable from the global object has the same own keys, the same frozenness and the same descriptor
// kinds, and lockdown's repairs, taming and harden() behave alike.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runtimeScript } from './runtime-asset.js';
import { windowLikeContext } from './test-realm.js';
import { transformWithOxc } from 'vite';


// Globals the test realm, the runtime or SES's shims add, that are not intrinsics: left out of the walk.
const PROBE = String.raw`(() => {
  'use strict';
  const skip = new Set(['__portcullis__', 'lockdown', 'repairIntrinsics', 'hardenIntrinsics', 'harden', 'assert', '__calls', 'fetch', 'setTimeout', 'localStorage', 'document', 'appState', 'console', 'MAKE_CAUSAL_CONSOLE_FROM_LOGGER_KEY_FOR_SES_AVA']);
  const seen = new Map();
  const queue = [[globalThis, 'globalThis']];
  const shape = {};
  const key = (k) => (typeof k === 'symbol' ? '@@' + (k.description ?? '') : k);
  const visit = (value, path) => {
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      if (!seen.has(value)) { seen.set(value, path); queue.push([value, path]); }
    }
  };
  while (queue.length) {
    const [obj, path] = queue.shift();
    const keys = Reflect.ownKeys(obj).filter((k) => !(obj === globalThis && skip.has(typeof k === 'symbol' ? k.description : k))).map((k) => [key(k), k]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    shape[path] = { frozen: Object.isFrozen(obj), keys: keys.map(([name, k]) => {
      const d = Reflect.getOwnPropertyDescriptor(obj, k);
      return name + ('value' in d ? (d.writable ? ' w' : ' r') : ' accessor') + (d.configurable ? 'c' : '');
    }) };
    visit(Object.getPrototypeOf(obj), path + '.__proto__');
    for (const [name, k] of keys) {
      const d = Reflect.getOwnPropertyDescriptor(obj, k);
      if ('value' in d) visit(d.value, path + '.' + name);
      else { visit(d.get, path + '.' + name + '.get'); visit(d.set, path + '.' + name + '.set'); }
    }
  }
  const outcome = (fn) => { try { const v = fn(); return typeof v === 'object' ? JSON.stringify(v) : typeof v + ':' + String(v).slice(0, 40); } catch (e) { return 'throws ' + e.name; } };
  const c = new Compartment({ __options__: true });
  const hardened = harden({ a: { b: [1] } });
  const behaviour = {
    inertFunctionConstructor: outcome(() => (function () {}).constructor('return 1')),
    inertAsyncFunctionConstructor: outcome(() => (async function () {}).constructor('return 1')),
    compartmentDateNow: outcome(() => c.evaluate('Date.now()')),
    compartmentNewDate: outcome(() => c.evaluate('String(new Date())')),
    compartmentMathRandom: outcome(() => c.evaluate('Math.random()')),
    compartmentGlobalIsolated: outcome(() => c.evaluate('typeof fetch + typeof globalThis.__portcullis__')),
    compartmentEvalIsolated: outcome(() => c.evaluate('(0, eval)("typeof lockdown")')),
    startDateNow: outcome(() => typeof Date.now()),
    regExpCompile: outcome(() => typeof RegExp.prototype.compile),
    sharedErrorIsNativeErrorsProto: outcome(() => Object.getPrototypeOf(RangeError) === c.globalThis.Error),
    sharedErrorPrepareStackTrace: outcome(() => typeof c.globalThis.Error.prepareStackTrace),
    intrinsicsFrozen: outcome(() => [Object.prototype, Array.prototype, Function.prototype, Promise, Promise.prototype, JSON, Reflect, Error.prototype].every(Object.isFrozen)),
    hardenDeep: outcome(() => [Object.isFrozen(hardened), Object.isFrozen(hardened.a), Object.isFrozen(hardened.a.b)]),
    hardenPrototype: outcome(() => { const p = {}; const o = Object.create(p); harden(o); return Object.isFrozen(p); }),
    overrideMistakeRepaired: outcome(() => { const o = {}; o.toString = () => 'mine'; o.hasOwnProperty = 1; return String(o) + o.hasOwnProperty; }),
    prototypePollution: outcome(() => { Object.prototype.polluted = 1; return ({}).polluted; }),
    arrayPrototypePush: outcome(() => { Array.prototype.push = () => 0; return [].push === Array.prototype.push; }),
    secondLockdown: outcome(() => lockdown()),
    localeCompareTamed: outcome(() => 'a'.localeCompare('b')),
    symbolTamed: outcome(() => [typeof c.globalThis.Symbol.for, c.globalThis.Symbol === Symbol]),
    functionToStringOfHarden: outcome(() => Function.prototype.toString.call(harden).includes('[native code]')),
    inertGeneratorConstructors: outcome(() => [function* () {}, async function* () {}].map((f) => { try { f.constructor('yield 1'); return 'made'; } catch (e) { return e.name; } })),
    errorStack: outcome(() => { const s = new Error('x').stack; return typeof s + ':' + String(s).split('\n')[0]; }),
    errorCaptureStackTrace: outcome(() => [typeof Error.captureStackTrace, typeof c.globalThis.Error.captureStackTrace, typeof c.globalThis.Error.prepareStackTrace]),
    compartmentErrorStack: outcome(() => c.evaluate('typeof new Error("x").stack')),
    regExpStatics: outcome(() => { /(a)/.test('a'); return [typeof RegExp.$1, typeof RegExp.lastMatch, typeof RegExp.input]; }),
    compartmentRegExpStatics: outcome(() => c.evaluate('/(a)/.test("a"), typeof RegExp.$1')),
    compartmentDateIsolated: outcome(() => c.globalThis.Date === Date),
    compartmentFunctionConfined: outcome(() => c.evaluate('Function("return typeof globalThis.fetch")()')),
    localeMethodsTamed: outcome(() => [String.prototype.toLocaleUpperCase === String.prototype.toUpperCase, (1234.5).toLocaleString()]),
  };
  const globals = Reflect.ownKeys(globalThis).map((k) => key(k)).sort();
  return JSON.stringify({ shape, behaviour, globals });
})()`;

interface Observed {
  shape: Record<string, { frozen: boolean; keys: string[] }>;
  behaviour: Record<string, string>;
  globals: string[];
}

/** src/runtime/lockdown.ts as a script: its one import (primordials) becomes the realm's own Reflect/Object. */
const lockdownSource = (
  await transformWithOxc(readFileSync(new URL('../runtime/lockdown.ts', import.meta.url), 'utf8'), 'lockdown.ts', { lang: 'ts' })
).code
  .replace(/^import .*$/m, 'const { defineProperty } = Reflect; const { getOwnPropertyDescriptor } = Object;')
  .replace(/^export /gm, '');

function probe(setUp: (context: vm.Context) => void): Observed & { context: vm.Context } {
  const { context } = windowLikeContext();
  setUp(context);
  return { ...JSON.parse(vm.runInContext(PROBE, context) as string), context };
}

describe('the runtime script\'s SES (bundled from sources)', () => {
  const shipped = probe((context) => {
    const sesFile = join(dirname(createRequire(import.meta.url).resolve('ses/package.json')), 'dist', 'ses.umd.min.js');
    vm.runInContext(readFileSync(sesFile, 'utf8'), context);
    // The same lockdown the runtime does (src/runtime/lockdown.ts: SES's options and the repairs real apps need), run
    // inside that realm so that every function it installs is the realm's own.
    vm.runInContext(`(() => {\n${lockdownSource}\nlockdownForApps(globalThis, globalThis, { dev: false });\n})()`, context);
  });
  const bundled = probe((context) => {
    vm.runInContext(runtimeScript({ mode: 'enforce', overrideFile: 'o.json', resources: {} }), context);
  });
  // The runtime's other build, with the DOM layer (a policy with a dom section): the same SES.
  const bundledWithDom = probe((context) => {
    vm.runInContext(runtimeScript({ mode: 'enforce', overrideFile: 'o.json', resources: { w: { globals: {}, dom: { create: ['div'], events: [] } } } }), context);
  });

  it('has the same intrinsics as the shipped SES after lockdown(): own keys, descriptors, frozenness', () => {
    expect(Object.keys(shipped.shape).length).toBeGreaterThan(500);
    expect(Object.keys(bundled.shape).sort()).toEqual(Object.keys(shipped.shape).sort());
    const differences = Object.keys(shipped.shape).filter((path) => JSON.stringify(shipped.shape[path]) !== JSON.stringify(bundled.shape[path]));
    expect(differences.map((path) => [path, shipped.shape[path], bundled.shape[path]])).toEqual([]);
    expect(bundledWithDom.shape).toEqual(bundled.shape);
  });

  it('leaves out only the globals of the shims the runtime does not load (assert-shim, console-shim)', () => {
    expect(shipped.globals.filter((g) => !bundled.globals.includes(g))).toEqual(['@@MAKE_CAUSAL_CONSOLE_FROM_LOGGER_KEY_FOR_SES_AVA', 'assert']);
    expect(bundled.globals.filter((g) => !shipped.globals.includes(g))).toEqual(['__portcullis__']);
  });

  it('leaves out SES\'s module system only: a compartment still evaluates, its module methods refuse', () => {
    const run = (code: string) => vm.runInContext(`(() => { try { return String(${code}); } catch (e) { return e.name + ': ' + e.message; } })()`, bundled.context);
    expect(run(`new Compartment({ __options__: true }).evaluate('6 * 7')`)).toBe('42');
    expect(run(`new Compartment({ __options__: true }).importNow('x')`)).toMatch(/^TypeError: Portcullis: SES compartment modules are not part of the runtime/);
    expect(run(`new Compartment({ __options__: true, modules: {} }).module('x')`)).toMatch(/^TypeError: Portcullis: SES compartment modules/);
    // The shipped build has them (so the difference is this build's, not SES's).
    expect(vm.runInContext(`typeof new Compartment({ __options__: true }).importNow`, shipped.context)).toBe('function');
  });

  it('repairs, tames and hardens as the shipped SES does', () => {
    expect(bundled.behaviour).toEqual(shipped.behaviour);
    expect(bundledWithDom.behaviour).toEqual(shipped.behaviour);
    // And the outcomes are the ones SES promises (not merely equal).
    expect(bundled.behaviour).toMatchObject({
      inertFunctionConstructor: 'throws TypeError',
      compartmentDateNow: 'throws TypeError',
      compartmentMathRandom: 'throws TypeError',
      compartmentGlobalIsolated: 'string:undefinedundefined',
      regExpCompile: 'string:undefined',
      intrinsicsFrozen: 'boolean:true',
      hardenDeep: '[true,true,true]',
      hardenPrototype: 'boolean:true',
      overrideMistakeRepaired: 'string:mine1',
      prototypePollution: 'throws TypeError',
      arrayPrototypePush: 'throws TypeError',
      secondLockdown: 'throws TypeError',
      inertGeneratorConstructors: '["TypeError","TypeError"]',
      errorStack: 'string:string:Error: x',
      errorCaptureStackTrace: '["function","function","function"]',
      regExpStatics: '["undefined","undefined","undefined"]',
      compartmentDateIsolated: 'boolean:false',
      compartmentFunctionConfined: 'string:undefined',
      localeMethodsTamed: '[true,"1234.5"]',
    });
  });
});
