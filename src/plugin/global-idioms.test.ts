// How real packages find the global object, and what the generated policy grants for them: each case is the code of
// the package named (excerpts with their real shape, file and version cited), run through the real transform.
import { beforeAll, describe, expect, it } from 'vitest';
import { generateResource, type PackageUsage } from '../policy/generate.js';
import { normalizeGrantKey, normalizeGrants } from '../shared/global-path.js';
import { confineModule, ensureLexer } from './transform.js';

beforeAll(() => ensureLexer());

/** The recorded uses, without imports and without Node's `global` (a name no page has, never a grant). */
function uses(code: string): string[] {
  const result = confineModule({ code, id: 'x.js', packageName: 'pkg', moduleName: 'x.js', prelude: { kind: 'inline' } });
  return result.uses.filter((u) => u.kind !== 'import' && !(u.kind !== 'probe' && /^global(\.|$)/.test(u.path))).map((u) => `${u.kind}:${u.path}`);
}

function policyOf(...modules: string[]): ReturnType<typeof generateResource> {
  const map = new Map(modules.map((code, i) => [`m${i}.js`, confineModule({ code, id: `m${i}.js`, packageName: 'p', moduleName: `m${i}.js`, prelude: { kind: 'inline' } }).uses] as const));
  const usage: PackageUsage = { modules: map, imports: new Set() };
  return generateResource(usage, { domFacade: true });
}

// @vue/shared 3.5.45, dist/shared.esm-bundler.js lines 100-103.
const VUE_SHARED = `
let _globalThis;
const getGlobalThis = () => {
  return _globalThis || (_globalThis = typeof globalThis !== "undefined" ? globalThis : typeof self !== "undefined" ? self : typeof window !== "undefined" ? window : typeof global !== "undefined" ? global : {});
};
export { getGlobalThis };`;

// @vue/runtime-core 3.5.45, dist/runtime-core.esm-bundler.js lines 2709-2714 (the hydration strategy), with the
// feature-flag write of its initFeatureFlags.
const VUE_RUNTIME_CORE = `
import { getGlobalThis } from '@vue/shared';
const requestIdleCallback = getGlobalThis().requestIdleCallback || ((cb) => setTimeout(cb, 1));
const cancelIdleCallback = getGlobalThis().cancelIdleCallback || ((id) => clearTimeout(id));
export const hydrateOnIdle = (timeout = 1e4) => (hydrate) => {
  const id = requestIdleCallback(hydrate, { timeout });
  return () => cancelIdleCallback(id);
};
if (typeof __VUE_OPTIONS_API__ !== "boolean") getGlobalThis().__VUE_OPTIONS_API__ = true;`;

describe('the global object through a function', () => {
  it("Vue: getGlobalThis() called in its own module and imported by runtime-core", () => {
    expect(uses(`${VUE_SHARED}\nexport const devtools = getGlobalThis().__VUE_DEVTOOLS_GLOBAL_HOOK__, raf = getGlobalThis().requestAnimationFrame(() => {});`))
      .toEqual(['probe:globalThis', 'probe:self', 'probe:window', 'probe:global', 'read:__VUE_DEVTOOLS_GLOBAL_HOOK__', 'read:requestAnimationFrame']);
    expect(uses(VUE_RUNTIME_CORE)).toEqual([
      'test:requestIdleCallback', 'read:setTimeout', 'test:cancelIdleCallback', 'read:clearTimeout',
      // called through the constants that hold them or the fallback: still works without them
      'test:requestIdleCallback', 'test:cancelIdleCallback',
      'probe:__VUE_OPTIONS_API__', 'write:__VUE_OPTIONS_API__',
    ]);
  });

  it('Vue: the probes with a fallback are the quiet false, the timers real grants (issue 12: blank page)', () => {
    expect(policyOf(VUE_RUNTIME_CORE).globals).toEqual({ cancelIdleCallback: false, clearTimeout: true, requestIdleCallback: false, setTimeout: true });
  });

  it('core-js: check(typeof globalThis == "object" && globalThis) || … || Function("return this")()', () => {
    // core-js 3, internals/global-this.js, and a module that requires it.
    expect(uses(`
      var check = function (it) { return it && it.Math === Math && it; };
      var g = check(typeof globalThis == 'object' && globalThis) || check(typeof window == 'object' && window) ||
        check(typeof self == 'object' && self) || check(typeof global == 'object' && global) ||
        check(typeof this == 'object' && this) || (function () { return this; })() || Function('return this')();
      export const q = g.queueMicrotask;`).filter((u) => !u.startsWith('probe'))).toEqual(['read:queueMicrotask']);
    expect(uses(`var globalThis = require('../internals/global-this'); module.exports = globalThis.MutationObserver || globalThis.WebKitMutationObserver;`))
      .toEqual(['read:MutationObserver', 'read:WebKitMutationObserver']);
  });

  it("lodash: the root module imported by name (lodash-es's `import root from './_root.js'`)", () => {
    expect(uses(`import root from './_root.js'; var Symbol = root.Symbol; export const now = () => root.Date.now(), raf = root.requestAnimationFrame;`))
      .toEqual(['read:requestAnimationFrame']);
  });

  it("@juggle/resize-observer: the global object as a named export of its global module (naive-ui's vueuc)", () => {
    expect(uses(`import { global } from '../utils/global'; export const IE = /msie/i.test(global.navigator && global.navigator.userAgent); export const on = (cb) => global.addEventListener('load', cb);`))
      .toEqual(['test:navigator', 'read:navigator.userAgent', 'read:addEventListener', 'listen:load']);
    // Any other name imported from it is an ordinary value unless that module exports it as the global object: pending
    // until the build has seen it (imported-globals.ts), granting nothing until then.
    expect(uses(`import { ResizeObserver } from '../utils/global'; export const x = ResizeObserver.navigator;`)).toEqual(['through:navigator']);
  });
});

describe('the global object through parameters and closures', () => {
  it('an IIFE parameter: (function (root) { … })(this || self), and .call(this, self)', () => {
    expect(uses(`(function (root, factory) { root.Hammer = factory(root.document); })(this || self, function (doc) { return doc; }); export {};`))
      .toEqual(['write:Hammer', 'read:document']);
    expect(uses(`(function (global) { global.setTimeout(() => {}); }).call(this, typeof self !== 'undefined' ? self : {}); export {};`))
      .toEqual(['read:setTimeout', 'probe:self']);
  });

  it("setContext(self)-style closures: a method stores the window it is given (html2canvas's CacheStorage)", () => {
    // html2canvas 1.4.1, dist/html2canvas.esm.js lines 5690-5694 and 7703.
    expect(uses(`
      var CacheStorage = {};
      CacheStorage.setContext = function (window) { CacheStorage._link = window.document.createElement('a'); CacheStorage._origin = window.location.href; };
      let ctx; function setContext(c) { ctx = c; } setContext(self);
      CacheStorage.setContext(window);
      export const f = () => ctx.fetch('/x');`).filter((u) => u.startsWith('read'))).toEqual(['read:document.createElement', 'read:location.href', 'read:fetch']);
  });

  it('(… && self) || … chains and Function("return this") fallbacks (underscore 1.13, modules/_setup.js)', () => {
    expect(uses(`
      export var root = (typeof self == 'object' && self.self === self && self) || (typeof global == 'object' && global.global === global && global) || Function('return this')() || {};
      export const b = root.btoa('x');`).filter((u) => u.startsWith('read'))).toEqual(['read:btoa']);
  });
});

describe('alias chains: one normalisation for the generator, the runtime and explain', () => {
  it("svelte 5.57.3: globalThis?.window?.trustedTypes is trustedTypes (src/internal/client/dom/reconciler.js)", () => {
    const svelte = `
      const policy = globalThis?.window?.trustedTypes &&
        /* @__PURE__ */ globalThis.window.trustedTypes.createPolicy('svelte-trusted-html', { createHTML: (html) => html });
      export { policy };`;
    expect(uses(svelte)).toEqual(['test:trustedTypes', 'read:trustedTypes.createPolicy']);
    expect(policyOf(svelte).globals).toEqual({ 'trustedTypes.createPolicy': true });
  });

  it('globalThis.window.self.x is x, at any depth, in the generator and in the grants', () => {
    expect(uses(`export const a = globalThis.window.self.fetch, b = self.window.globalThis.window.localStorage.getItem;`))
      .toEqual(['read:fetch', 'read:localStorage.getItem']);
    expect(['window.trustedTypes', 'globalThis.window.self.fetch', 'self.window', 'window', 'console.warn'].map(normalizeGrantKey))
      .toEqual(['trustedTypes', 'fetch', 'window', 'window', 'console.warn']);
    expect(normalizeGrants({ 'window.x': true, x: false, 'self.y': true, y: 'write' })).toEqual({ x: false, y: 'write' });
  });
});

describe('truthiness probes', () => {
  it('a top-level name only tested is the quiet false; one also used is a grant; a dotted one stays a grant', () => {
    expect(policyOf(`
      if (!window.IntersectionObserver) console.warn('no IO');
      export const w = window.Worker ? new Worker('w.js') : null;
      export const r = window.requestAnimationFrame || function (cb) { return setTimeout(cb, 16); };
      export const c = navigator.clipboard && navigator.clipboard.writeText('x');
      export const M = window.MutationObserver || window.WebKitMutationObserver;`).globals).toEqual({
      IntersectionObserver: false, MutationObserver: true, Worker: true, 'console.warn': true, 'navigator.clipboard.writeText': true,
      requestAnimationFrame: false, setTimeout: true,
    });
  });

  it("an environment marker tested is a read: papaparse's `!global.document && !!global.postMessage` must not see a worker", () => {
    expect(policyOf(`var g = typeof self !== 'undefined' ? self : {}; export var IS_WORKER = !g.document && !!g.postMessage;`).globals)
      .toEqual({ document: true, postMessage: true });
  });

  // leaflet 1.9.4, dist/leaflet-src.js lines 215-232.
  it("a fallback chain through other globals is no test: leaflet's cancelAnimationFrame, absent, would read `window['webkit' + name]`", () => {
    expect(policyOf(`
      function getPrefixed(name) { return window['webkit' + name] || window['moz' + name] || window['ms' + name]; }
      var cancelFn = window.cancelAnimationFrame || getPrefixed('CancelAnimationFrame') ||
        getPrefixed('CancelRequestAnimationFrame') || function (id) { window.clearTimeout(id); };
      export function cancelAnimFrame(id) { if (id) cancelFn.call(window, id); }`).globals)
      .toEqual({ cancelAnimationFrame: true, clearTimeout: true });
    // With only the package's own fallback, absent is an answer (the quiet false).
    expect(policyOf(`var cancelFn = window.cancelAnimationFrame || function (id) { clearTimeout(id); }; export const cancel = (id) => cancelFn(id);`).globals)
      .toEqual({ cancelAnimationFrame: false, clearTimeout: true });
  });

  // @vue/devtools-shared 7.7.10, dist/index.js lines 240-241 (pinia's devtools, in its development build only).
  it("a typeof probe through the global object reads the name at run time: Chromium's `chrome` is the quiet false", () => {
    const devtoolsShared = `
      var target = typeof window !== "undefined" ? window : typeof globalThis !== "undefined" ? globalThis : typeof global !== "undefined" ? global : {};
      export var isInChromePanel = typeof target.chrome !== "undefined" && !!target.chrome.devtools;`;
    expect(policyOf(devtoolsShared).globals).toEqual({ chrome: false });
    expect(policyOf(`export const f = typeof window.fetch === 'function' && window.fetch('/x');`).globals).toEqual({ fetch: true });
    // A bare probe is answered with `in` by the rewrite: no grant at all.
    expect(policyOf(`export const c = typeof chrome !== 'undefined' && typeof document;`)).toEqual({});
  });
});

describe('no surprising whole objects', () => {
  it('a variable holding navigator or performance grants the members used through it', () => {
    // axios 1.x, lib/platform/common/utils.js: `const _navigator = typeof navigator === 'object' && navigator || undefined`.
    expect(policyOf(`
      const _navigator = typeof navigator === 'object' && navigator || undefined;
      const perf = typeof performance !== 'undefined' ? performance : null;
      export const std = !_navigator || ['ReactNative', 'NativeScript', 'NS'].indexOf(_navigator.product) < 0;
      export const t = () => perf.now();`).globals).toEqual({ 'navigator.product': true, 'performance.now': true });
  });

  it('a holder that escapes (exported) keeps the whole object, with its location first in the evidence', () => {
    expect(policyOf(`const _navigator = typeof navigator === 'object' && navigator || undefined; export { _navigator as navigator };`).globals)
      .toEqual({ navigator: true });
  });

  it("a free toString is Object.prototype's: no grant (issue 12)", () => {
    expect(uses(`export const isArr = (x) => toString.call(x) === '[object Array]', own = hasOwnProperty;`)).toEqual([]);
  });
});

describe('packages that handle the elements they receive', () => {
  it('get a dom section when they touch DOM members of what they are given', () => {
    expect(policyOf(`export function measure(el) { return el.getBoundingClientRect().width + el.offsetHeight; }`)).toEqual({ dom: { create: [], events: [] } });
    expect(policyOf(`export function mount(host, child) { host.appendChild(child); }`)).toEqual({ dom: { create: [], events: [] } });
  });

  it('not for duck typing or plain data', () => {
    expect(policyOf(`export function isEl(x) { return typeof x.getAttribute === 'function'; } export const f = (o) => o.children.length;`)).toEqual({});
  });

  it('also when they hand those elements to host APIs: the host membrane gives those the real node behind a wrapper', () => {
    const policy = policyOf(`export function watch(el) { new ResizeObserver(() => {}).observe(el); return el.querySelector('b') && getComputedStyle(el).width; }`);
    expect(policy.dom).toEqual({ create: [], events: [] });
    expect(policy.globals).toEqual({ ResizeObserver: true, getComputedStyle: true });
  });
});

describe("React 19's development build (react-dom/cjs/react-dom-client.development.js, 19.3.1)", () => {
  it('a receiver passed to its own bind is no use of the whole object; a frame check compares top without using it', () => {
    const reactDev = `
      export function log(fiber, trigger, options) {
        (fiber = fiber._debugTask) ? fiber.run(performance.measure.bind(performance, trigger, options)) : performance.measure(trigger, options);
        console.timeStamp.bind(console, 'x');
        return typeof window !== 'undefined' && window.top === window.self && -1 < navigator.userAgent.indexOf('Chrome');
      }`;
    expect(policyOf(reactDev).globals).toEqual({ 'console.timeStamp': true, 'navigator.userAgent': true, 'performance.measure': true, top: false });
  });
});

describe("another package's global object", () => {
  it("Vue: runtime-core's reads through @vue/shared's getGlobalThis() are granted to @vue/shared, whose global it is", async () => {
    const { generatePolicy } = await import('../policy/generate.js');
    const core = confineModule({ code: VUE_RUNTIME_CORE, id: 'core.js', packageName: 'core', moduleName: 'core.js', prelude: { kind: 'inline' } }).uses;
    const shared = confineModule({ code: VUE_SHARED, id: 'shared.js', packageName: 'shared', moduleName: 'shared.js', prelude: { kind: 'inline' } }).uses;
    const policy = generatePolicy(new Map([
      ['vue>@vue/runtime-core', { modules: new Map([['core.js', core]]), imports: new Set(['vue>@vue/shared']) }],
      ['vue>@vue/shared', { modules: new Map([['shared.js', shared]]), imports: new Set<string>() }],
    ]), { domFacade: true });
    expect(policy.resources['vue>@vue/shared']!.globals).toEqual({ cancelIdleCallback: false, requestIdleCallback: false });
    expect(policy.resources['vue>@vue/runtime-core']!.globals).toEqual({ clearTimeout: true, setTimeout: true });
  });
});
