// The rewrite, checked by running its output under the real SES runtime (see test-realm.ts), not by snapshots.
import { describe, expect, it } from 'vitest';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { createRealm, thrown } from './test-realm.js';
import { confineModule, ensureLexer } from './transform.js';

const grants = { pkg: { globals: { fetch: true as const, appState: 'write' as const, setTimeout: true as const } }, other: { globals: {} } };

describe('free identifiers resolve through the compartment', () => {
  it('denies a global the policy does not grant, by every path', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      export const direct = () => localStorage;
      export const viaGlobalThis = () => globalThis.localStorage;
      export const viaWindow = () => window['local' + 'Storage'];
      export const viaSelf = () => self.localStorage;
      export const viaReflect = () => Reflect.get(globalThis, 'localStorage');
      export const viaDestructuring = () => { const { localStorage: ls } = globalThis; return ls; };
    `);
    for (const name of ['direct', 'viaGlobalThis', 'viaWindow', 'viaSelf', 'viaReflect', 'viaDestructuring']) {
      const error = thrown(exports[name] as () => unknown);
      expect(error?.name, name).toBe('PortcullisPolicyError');
      expect(error?.message).toContain('package "pkg" may not use localStorage');
      expect(error?.message).toMatch(/in node_modules\/pkg\/m\d+\.js/);
      expect(error?.message).toContain('{"resources":{"pkg":{"globals":{"localStorage":true}}}}');
    }
  });

  it('gives a granted global, bound to the real window, and only to the package it is granted to', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`export const go = () => fetch('/granted');`);
    expect((exports.go as () => unknown)()).toBe('response');
    expect(realm.calls).toEqual(['fetch /granted']);
    const other = await realm.load(`export const go = () => fetch('/denied');`, 'other');
    expect(thrown(other.exports.go as () => unknown)?.name).toBe('PortcullisPolicyError');
    expect(realm.calls).toEqual(['fetch /granted']);
  });

  it('respects shadowing in every kind of scope', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      const localStorage = 'module';
      function param(document) { return document; }
      function defaults(a = 1, b = typeof a) { return b; }
      export const results = [
        param('param'),
        (() => { { let document = 'block'; return document; } })(),
        (() => { try { throw 'caught'; } catch (document) { return document; } })(),
        (() => { class document { static x = 'class'; } return document.x; })(),
        defaults(),
        (() => { var cookie = 'var'; return cookie; })(),
        (function document() { return typeof document; })(),
        localStorage,
        (() => { document: for (;;) { break document; } return 'label'; })(),
      ];
    `);
    expect(exports.results).toEqual(['param', 'block', 'caught', 'class', 'number', 'var', 'function', 'module', 'label']);
  });

  it("reads a name the app defines (Vite's `define`) as its value, as in unconfined code; writes are not", async () => {
    const realm = await createRealm(grants);
    // Vue's esm-bundler build: `if (__VUE_PROD_DEVTOOLS__)` is a bare read the bundler replaces with the app's value.
    const defined = { __FLAG__: 'true', __NAME__: '"vue"' };
    const code = `
      export const read = [__FLAG__, typeof __FLAG__, { __NAME__ }.__NAME__];
      export const undefinedOne = () => __OTHER__;
      export const write = () => { __FLAG__ = false; };
    `;
    const { exports } = await realm.load(code, 'pkg', defined);
    expect(exports.read).toEqual([true, 'boolean', 'vue']);
    // Without the define, the same reads are what they are in a browser: a ReferenceError for an undeclared name.
    expect(thrown(exports.undefinedOne as () => unknown)?.name).toBe('ReferenceError');
    // A write is not replaced: it goes through the package's global, where strict code cannot create a name.
    expect(thrown(exports.write as () => unknown)?.name).toBe('ReferenceError');
    const plain = await realm.load(`export const read = () => __FLAG__;`, 'pkg');
    expect(thrown(plain.exports.read as () => unknown)?.name).toBe('ReferenceError');
  });

  it('keeps typeof and "in" feature probes working for denied names', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      export const probes = [typeof localStorage, typeof window.localStorage, 'localStorage' in globalThis,
        typeof fetch, typeof globalThis.fetch, 'fetch' in self, typeof notAGlobalAnywhere, typeof window];
    `);
    expect(exports.probes).toEqual(['undefined', 'undefined', false, 'function', 'function', true, 'undefined', 'object']);
  });

  it('reads a name the browser does not have as undefined, and keeps package-local globals', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      export const missing = globalThis.process;
      globalThis.myLibVersion = '1.0';
      export const local = myLibVersion;
    `);
    expect(exports.missing).toBeUndefined();
    expect(exports.local).toBe('1.0');
    expect(realm.run('typeof myLibVersion')).toBe('undefined'); // never reached the real global
  });

  it('writes a global only with a "write" grant', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      export const write = () => { appState = 'changed'; return appState; };
      export const writeDenied = () => { document = 1; };
      export const shorthand = () => { const o = { appState }; ({ appState } = { appState: 'destructured' }); return o.appState; };
    `);
    expect((exports.write as () => unknown)()).toBe('changed');
    expect(realm.run('appState')).toBe('changed');
    expect(thrown(exports.writeDenied as () => unknown)?.message).toContain('may not assign document');
    expect((exports.shorthand as () => unknown)()).toBe('changed');
    expect(realm.run('appState')).toBe('destructured');
  });

  it('confines globalThis, window and self to one compartment global per module', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      export const same = globalThis === window && window === self && self.globalThis === globalThis;
      export const notReal = () => globalThis.document;
    `);
    expect(exports.same).toBe(true);
    expect(thrown(exports.notReal as () => unknown)?.name).toBe('PortcullisPolicyError');
  });
});

describe('code evaluation', () => {
  it('refuses Function, indirect and direct eval, and string timers, while Function stays usable as a value', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      export const ctor = () => new Function('return this')();
      export const indirect = () => (0, eval)('this');
      export const direct = () => { const secret = 1; return eval('secret'); };
      export const timer = () => setTimeout('1 + 1', 0);
      export const timerFn = () => setTimeout(() => {}, 0);
      export const values = [(() => {}) instanceof Function, typeof Function.prototype.toString, Function.prototype === Object.getPrototypeOf(() => {})];
      export const ctorCtor = () => (() => {}).constructor.constructor('return this')();
    `);
    for (const name of ['ctor', 'indirect', 'direct']) {
      const error = thrown(exports[name] as () => unknown);
      expect(error?.name, name).toBe('PortcullisPolicyError');
      expect(error?.message).toMatch(/may not use (Function|eval) \(in node_modules\/pkg\/m\d+\.js\)/);
    }
    expect(thrown(exports.timer as () => unknown)?.message).toContain('setTimeout with a string of code');
    expect(thrown(exports.timerFn as () => unknown)).toBeUndefined();
    expect(exports.values).toEqual([true, 'function', true]);
    // lockdown() tames the constructor reached without naming Function.
    expect(thrown(exports.ctorCtor as () => unknown)?.message).toContain('not a valid constructor');
  });

  it('checks computed dynamic imports at run time and leaves literal ones to the bundler', async () => {
    const realm = await createRealm(grants);
    const { exports, result } = await realm.load(`
      export const computed = () => import(['data:text/javascript,', 'export default 1'].join(''));
    `);
    expect(result.computedImports).toBe(1);
    await expect((exports.computed as () => Promise<unknown>)()).rejects.toMatchObject({ name: 'PortcullisPolicyError' });
    const literal = confineModule({ code: `export const f = () => import('./x.js');`, id: 'x', packageName: 'pkg', moduleName: 'x', prelude: { kind: 'inline' } });
    expect(literal.computedImports).toBe(0);
    expect(literal.code).toBeNull();
  });
});

describe('syntax the rewrite must get right', () => {
  it('handles class fields, optional chaining, top-level await and import.meta', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      class A { f = fetch; static s = typeof localStorage; #p = () => globalThis.fetch?.('/opt'); run() { return this.#p(); } }
      export const a = new A();
      export const awaited = await Promise.resolve(typeof document);
      export const meta = typeof import.meta;
    `);
    const a = exports.a as { f: unknown; run(): unknown };
    expect(typeof a.f).toBe('function');
    expect((exports.a as { constructor: { s: string } }).constructor.s).toBe('undefined');
    expect(a.run()).toBe('response');
    expect(exports.awaited).toBe('undefined');
    expect(exports.meta).toBe('object');
  });

  it('cannot be broken out of with comment or template tricks in the source', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(
      'export const s = ["<!--", "-->", "*/", "})", `${"`"}`, /}\\)/.source];\n' +
        'export const t = `${`})`}` + /* }) */ "x";\n' +
        'export const leak = () => document.cookie; // */ document.cookie\n',
    );
    expect(exports.s).toEqual(['<!--', '-->', '*/', '})', '`', '}\\)']);
    expect(exports.t).toBe('})x');
    expect(thrown(exports.leak as () => unknown)?.name).toBe('PortcullisPolicyError');
  });

  it('keeps offsets right after non-ASCII text and picks a prelude name the module does not use', async () => {
    const realm = await createRealm(grants);
    const { exports, result } = await realm.load(`const $pc = '🦀 é'; export const v = [$pc, typeof fetch, typeof localStorage];`);
    expect(exports.v).toEqual(['🦀 é', 'function', 'undefined']);
    expect(result.code).toContain('const $pc1 =');
  });

  it('confines CommonJS without touching require, module and exports, and keeps "use strict" first', async () => {
    const realm = await createRealm(grants);
    const { exports, result } = realm.loadCommonJs(`"use strict";
      var root = typeof global == 'object' && global || typeof self == 'object' && self;
      module.exports = { strict: (function () { return this === undefined; })(), rootIsConfined: root !== undefined && typeof root.fetch === 'function', cookie: () => root.document.cookie };
    `);
    expect(result.format).toBe('cjs');
    expect(result.code!.startsWith('"use strict";')).toBe(true);
    const e = exports as { strict: boolean; rootIsConfined: boolean; cookie: () => unknown };
    expect(e.strict).toBe(true);
    expect(e.rootIsConfined).toBe(true);
    expect(thrown(e.cookie)?.name).toBe('PortcullisPolicyError');
  });

  it('keeps a directive without a semicolon a directive (semver writes them so)', async () => {
    const realm = await createRealm(grants);
    const { exports } = realm.loadCommonJs(`'use strict'\nmodule.exports = { strict: (function () { return this === undefined; })(), f: typeof fetch };`);
    expect(exports).toEqual({ strict: true, f: 'function' });
  });

  it('reports a syntax error with the file, line and column', async () => {
    await ensureLexer();
    expect(() => confineModule({ code: 'export const a = 1;\nexport const = 2;', id: '/app/node_modules/bad/index.js', packageName: 'bad', moduleName: 'x', prelude: { kind: 'inline' } }))
      .toThrow(/\/app\/node_modules\/bad\/index\.js:2:14: .*PORTCULLIS_PARSE_ERROR/);
  });

  it('produces a source map that points rewritten code back at the original', async () => {
    await ensureLexer();
    const code = 'export const a = 1;\nexport function f() {\n  return fetch("/x");\n}\n';
    const result = confineModule({ code, id: 'src.js', packageName: 'pkg', moduleName: 'x', prelude: { kind: 'import', source: 'portcullis:prelude/pkg' } });
    const out = result.code!.split('\n');
    const line = out.findIndex((l) => l.includes('return (0, $pc_names.fetch)'));
    const map = new TraceMap(result.map!.toString());
    expect(originalPositionFor(map, { line: line + 1, column: out[line]!.indexOf('return') })).toMatchObject({ line: 3, column: 2 });
    expect(originalPositionFor(map, { line: line + 1, column: out[line]!.indexOf('("/x")') })).toMatchObject({ line: 3, column: 14 });
  });
});

describe('what the analysis records for the policy', () => {
  it('records member paths with aliases stripped, writes, and probes', async () => {
    await ensureLexer();
    const { uses } = confineModule({
      code: `
        console.warn('x'); window.document.createElement('div'); self['navigator'].userAgent;
        globalThis.appState = 1; document.body.style.color = 'red'; typeof fetch; 'indexedDB' in window;
        fetch.bind(globalThis); new Function('x'); Function.prototype.toString; Math.max(1); new Error('e'); self.Object;
        export {};`,
      id: 'x', packageName: 'pkg', moduleName: 'x', prelude: { kind: 'inline' },
    });
    expect(uses.map((u) => `${u.kind}:${u.path}`)).toEqual([
      'read:console.warn', 'read:document.createElement', 'create:div', 'read:navigator.userAgent', 'write:appState',
      'read:document.body.style', 'probe:fetch', 'probe:indexedDB', 'read:fetch', 'read:Function',
    ]);
    expect(uses[0]).toMatchObject({ line: 2, column: 9 });
  });
});

describe('kept semantics (invariant 5)', () => {
  it('throws ReferenceError for a bare read of a name nothing declares, as unconfined code does', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      export const bare = () => notDeclaredAnywhere;
      export const call = () => notDeclaredAnywhere();
      export const member = () => globalThis.notDeclaredAnywhere;
      export const probe = () => typeof notDeclaredAnywhere;
      export const denied = () => localStorage;
      globalThis.declaredByPackage = 'mine';
      export const declared = () => declaredByPackage;
    `);
    expect(thrown(exports.bare as () => unknown)).toEqual({ name: 'ReferenceError', message: 'notDeclaredAnywhere is not defined' });
    expect(thrown(exports.call as () => unknown)?.name).toBe('ReferenceError');
    expect((exports.member as () => unknown)()).toBeUndefined();
    expect((exports.probe as () => unknown)()).toBe('undefined');
    expect(thrown(exports.denied as () => unknown)?.name).toBe('PortcullisPolicyError');
    expect((exports.declared as () => unknown)()).toBe('mine');
    // The error is the realm's own ReferenceError, the one package code names.
    const caught = await realm.load('export const ok = (() => { try { nope; } catch (e) { return e instanceof ReferenceError; } })();');
    expect(caught.exports.ok).toBe(true);
  });

  it('throws ReferenceError for an assignment to an undeclared name (strict code), and keeps declared ones', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      export const undeclared = () => { notDeclared = 1; };
      export const compound = () => { notDeclared += 1; };
      export const granted = () => { appState = 'set'; appState += '!'; return appState; };
      export const denied = () => { document = 1; };
      export const own = () => { globalThis.counter = 1; counter++; counter += 1; return [counter, globalThis.counter]; };
    `);
    expect(thrown(exports.undeclared as () => unknown)).toEqual({ name: 'ReferenceError', message: 'notDeclared is not defined' });
    expect(thrown(exports.compound as () => unknown)?.name).toBe('ReferenceError');
    expect((exports.granted as () => unknown)()).toBe('set!');
    expect(thrown(exports.denied as () => unknown)?.message).toContain('may not assign document');
    expect((exports.own as () => unknown)()).toEqual([3, 3]);
  });

  it('calls a free function with this undefined, as a plain call does', async () => {
    const realm = await createRealm(grants);
    const { exports } = await realm.load(`
      globalThis.who = function () { return this; };
      export const plain = who();
      export const tagged = who\`x\`;
      export const method = globalThis.who() === globalThis;
    `);
    expect(exports.plain).toBeUndefined();
    expect(exports.tagged).toBeUndefined();
    expect(exports.method).toBe(true);
  });

  it('never looks up an intrinsic the engine lacks on the real global (an app polyfill there stays the app’s)', async () => {
    const realm = await createRealm(grants);
    realm.run(`globalThis.Float16Array = function AppPolyfill() {}; globalThis.Iterator ??= function AppIterator() {};`);
    const { exports } = await realm.load(`
      export const probe = typeof Float16Array;
      export const read = () => Float16Array;
      export const same = typeof Iterator === 'undefined' || Iterator.name !== 'AppIterator';
      export const engine = [typeof WeakRef, new FinalizationRegistry(() => {}) instanceof FinalizationRegistry, typeof AggregateError];
    `);
    // The engine's own, as the real global had them when the runtime started.
    expect(exports.engine).toEqual(['function', true, 'function']);
    expect(exports.probe).toBe('undefined');
    expect(thrown(exports.read as () => unknown)?.name).toBe('PortcullisPolicyError');
    expect(exports.same).toBe(true);
  });
});
