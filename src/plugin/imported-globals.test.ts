// Real builds whose packages reach the global object through a binding imported from another of their modules, and
// CommonJS that tests for the bundler's `require`: what the generated policy grants, and what the confined code does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { localPackage, makeApp, rollupBuild, viteBuild } from './test-builds.js';
import { windowLikeContext } from './test-realm.js';

/** The generated policy's globals for `pkg`, from a real build of an app importing it. */
async function generated(files: Record<string, string>, json: object = {}, bundler: 'vite' | 'rollup' = 'vite') {
  const app = makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'main.js': `export * from 'pkg';`,
    ...localPackage('pkg', files, json),
  });
  const policy = join(app, 'portcullis.policy.json');
  if (bundler === 'vite') await viteBuild(app, { portcullis: { policy, generatePolicy: true } });
  else await rollupBuild(app, { portcullis: { policy, generatePolicy: true } });
  return (JSON.parse(readFileSync(policy, 'utf8')) as { resources: Record<string, { globals?: Record<string, unknown> }> }).resources.pkg?.globals ?? {};
}

describe('a global object imported from a module of the package', () => {
  // konva 10.9.1: lib/Global.js exports `glob`, lib/Animation.js imports it.
  const KONVA = {
    'Global.js': `export const glob = typeof global !== 'undefined' ? global : typeof window !== 'undefined' ? window : typeof WorkerGlobalScope !== 'undefined' ? self : {};`,
    'Animation.js': `import { glob } from './Global.js';
const now = glob.performance?.now ? () => glob.performance.now() : () => new Date().getTime();
export class Animation { start() { this.t = now(); glob.requestAnimationFrame(() => {}); } }`,
    'index.js': `export { Animation } from './Animation.js';`,
  };

  for (const bundler of ['vite', 'rollup'] as const) {
    it(`konva's \`import { glob } from './Global.js'\`: its members are the package's grants (${bundler})`, async () => {
      expect(await generated(KONVA, {}, bundler)).toEqual({ 'performance.now': true, requestAnimationFrame: true });
    });
  }

  it("engine.io-client's `import { globalThisShim as globalThis } from './globals.node.js'`, which the browser field maps to globals.js", async () => {
    const globals = await generated({
      'globals.node.js': `export const globalThisShim = global;`,
      'globals.js': `export const globalThisShim = (() => { if (typeof self !== "undefined") return self; else if (typeof window !== "undefined") return window; else return Function("return this")(); })();`,
      'index.js': `import { globalThisShim as globalThis } from './globals.node.js';
export function installTimerFunctions(obj) { obj.setTimeoutFn = globalThis.setTimeout.bind(globalThis); obj.clearTimeoutFn = globalThis.clearTimeout.bind(globalThis); }`,
    }, { browser: { './globals.node.js': './globals.js' } });
    expect(globals).toEqual({ clearTimeout: true, setTimeout: true });
  });

  it("a computed key imported from a module the bundler resolves (browser field, no extension): the string it exports", async () => {
    const globals = await generated({
      'keys.node.js': `export const STORE = 'process';`,
      'keys.js': `export const STORE = 'sessionStorage';`,
      'index.js': `import { STORE } from './keys.node'; export const read = () => self[STORE].getItem('k');`,
    }, { browser: { './keys.node.js': './keys.js' } });
    expect(globals).toEqual({ 'sessionStorage.getItem': true });
  });

  it('an ordinary import (an object, a function, a default export) grants nothing, whatever its members are called', async () => {
    const globals = await generated({
      'utils.js': `export const utils = { fetch: () => 1 }; export default { location: 'here' }; export function root() { return { document: 1 }; }`,
      'index.js': `import cfg, { utils, root } from './utils.js'; export const go = () => [utils.fetch(), cfg.location, root().document];`,
    });
    expect(globals).toEqual({});
  });

  it("axios's `utils.global ?? globalThis`: the one way that is the global object still counts", async () => {
    const globals = await generated({
      'utils.js': `const _global = (() => typeof globalThis !== 'undefined' ? globalThis : typeof self !== 'undefined' ? self : window)(); export default { global: _global };`,
      'index.js': `import utils from './utils.js'; const g = utils.global !== undefined && utils.global !== null ? utils.global : globalThis; const { Request } = g; export const isRequest = (x) => x instanceof Request;`,
    });
    expect(globals).toEqual({ Request: true });
  });
});

describe("CommonJS that tests for the bundler's require", () => {
  // crypto-js 4.2.0 core.js (its browser field maps `crypto` to false) and jszip 3.10.2's browserify prelude.
  const PKG = {
    'index.js': `var crypto;
if (typeof window !== 'undefined' && window.crypto) crypto = window.crypto;
if (!crypto && typeof require === 'function') { try { crypto = require('crypto'); } catch (err) {} }
var r = "function" == typeof require && require;
exports.load = function (name) { return r ? r(name) : 'browser path'; };
exports.crypto = function () { return typeof crypto; };`,
  };

  it('a plain build reaches the page\'s global require; the confined build reads the compartment\'s (absent) and takes the browser path', async () => {
    const app = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export { load, crypto } from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', PKG, { type: 'commonjs', browser: { crypto: false } }),
    });
    const withLoader = () => {
      const realm = windowLikeContext();
      vm.runInContext(`globalThis.require = (name) => 'the page loader loaded ' + name;`, realm.context);
      return realm;
    };
    const evaluate = async (code: string, runtime: string | undefined, realm: ReturnType<typeof windowLikeContext>) => {
      if (runtime) vm.runInContext(runtime, realm.context);
      const mod = new vm.SourceTextModule(code, { context: realm.context });
      await mod.link(() => {
        throw new Error('no imports');
      });
      await mod.evaluate();
      return mod.namespace as { load: (n: string) => string; crypto: () => string };
    };
    const plain = await viteBuild(app, { portcullis: false });
    expect((await evaluate(plain.code, undefined, withLoader())).load('https://evil.example/x.js')).toBe('the page loader loaded https://evil.example/x.js');

    const confined = await viteBuild(app);
    const pkg = await evaluate(confined.code, confined.runtime, withLoader());
    expect(pkg.load('https://evil.example/x.js')).toBe('browser path');
    expect(pkg.crypto()).toBe('undefined');
  });
});

describe('the confined global tells a page from Node as the window does', () => {
  it("konva's `{}.toString.call(window) === '[object Window]'` (its isBrowser)", async () => {
    const app = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export { isBrowser } from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `export const isBrowser = () => typeof window !== 'undefined' && {}.toString.call(window) === '[object Window]';` }),
    });
    const { code, runtime } = await viteBuild(app);
    const realm = windowLikeContext();
    vm.runInContext(`Object.defineProperty(globalThis, Symbol.toStringTag, { value: 'Window', configurable: true });`, realm.context);
    vm.runInContext(runtime!, realm.context);
    const mod = new vm.SourceTextModule(code, { context: realm.context });
    await mod.link(() => {
      throw new Error('no imports');
    });
    await mod.evaluate();
    expect((mod.namespace as { isBrowser: () => boolean }).isBrowser()).toBe(true);
  });
});
