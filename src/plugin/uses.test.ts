// What the analysis records for the policy generator, one idiom of real packages per case.
import { beforeAll, describe, expect, it } from 'vitest';
import { confineModule, ensureLexer } from './transform.js';

beforeAll(() => ensureLexer());

function uses(code: string): string[] {
  const result = confineModule({ code, id: 'x.js', packageName: 'pkg', moduleName: 'x.js', prelude: { kind: 'inline' } });
  return result.uses.map((u) => `${u.kind}:${u.path}${u.guarded ? ' (guarded)' : ''}`);
}

describe('member chains and aliases', () => {
  it('stops at the first computed access and strips window/self/globalThis', () => {
    expect(uses(`let x, key; export const a = [window.localStorage.getItem('k'), self.crypto.subtle, globalThis.navigator[x].y, document[key]];`))
      .toEqual(['read:localStorage.getItem', 'read:crypto.subtle', 'read:navigator', 'read:document']);
  });

  it('records destructuring from a global or from the global object, nested, with defaults and renames', () => {
    expect(uses(`
      const { fetch, localStorage: ls = null } = window;
      const { location: { href, hash } } = globalThis;
      let cookie; ({ cookie } = document);
      function f({ userAgent } = navigator) { return userAgent; }
      const { Object: O } = self;
      const { ...everything } = performance;
      export { fetch, ls, href, hash, cookie, f, O, everything };`))
      .toEqual(['read:fetch', 'read:localStorage', 'read:location.href', 'read:location.hash', 'read:document.cookie', 'read:navigator.userAgent', 'read:performance']);
  });

  it('records writes to globals as writes and writes into global objects as reads of the object', () => {
    expect(uses(`window.myLib = 1; appState = 2; document.title = 'x'; location.hash = '#a'; export {};`))
      .toEqual(['write:myLib', 'write:appState', 'read:document', 'read:location']);
  });
});

describe('feature probes are not uses', () => {
  it('records typeof, in and the global-object idiom as probes', () => {
    expect(uses(`
      export const p = [typeof fetch, typeof window.indexedDB, 'Worker' in self, "crypto" in globalThis];
      export const root = (typeof self == 'object' && self) || Function('return this')();
      export const g = new Function('return this;')();`))
      .toEqual(['probe:fetch', 'probe:indexedDB', 'probe:Worker', 'probe:crypto', 'probe:self', 'probe:Function', 'probe:Function',
        // Exports that are the global object, for the modules that import them (imported-globals.ts): not grants.
        'global-export:root', 'global-export:g']);
  });

  it('still records a real Function call', () => {
    expect(uses(`export const f = Function('a', 'return a + 1');`)).toEqual(['read:Function']);
  });

  it('marks reads guarded by a typeof check of the same name', () => {
    expect(uses(`
      var freeGlobal = typeof global == 'object' && global && global.Object === Object && global;
      var amd = typeof define === 'function' && define.amd;
      if (typeof process !== 'undefined') { process.nextTick(run); }
      export const w = typeof window !== 'undefined' ? window.navigator.language : 'en';
      export const unguarded = Buffer.from('x');
      function run() {}
      export { freeGlobal, amd };`))
      .toEqual([
        'probe:global', 'test:global (guarded)', 'read:global.Object (guarded)', 'read:global (guarded)', 'probe:define',
        'probe:process', 'read:process.nextTick (guarded)', 'probe:window', 'read:navigator.language',
        'read:Buffer.from',
        'read:define.amd', // through the variable amd, where it is exported
        'global-export:freeGlobal',
      ]);
  });
});

describe('DOM and imports', () => {
  it('records element tags and event types on any receiver, * when not a literal', () => {
    expect(uses(`
      const el = document.createElement('CANVAS');
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'foreignObject');
      el.ownerDocument.createElement(tagName);
      el.addEventListener('click', () => {});
      window.addEventListener('resize', () => {});
      node.addEventListener(type, handler);
      export { svg };`).filter((u) => !u.startsWith('read')))
      .toEqual(['create:canvas', 'create:foreignObject', 'create:*', 'listen:click', 'listen:resize', 'listen:*']);
  });

  it('records import specifiers, literal dynamic imports and require', () => {
    expect(uses(`import a from 'a'; export * from 'b/sub'; export { c } from './c.js'; export const d = () => import('d'); export const e = () => import(e);`))
      .toEqual(['import:a', 'import:b/sub', 'import:./c.js', 'import:d']);
    // A computed require is left to the bundler's helper, which reaches the page's: it reads the compartment's instead
    // (a name no page has, never a grant).
    expect(uses(`var x = require('x'); var name; module.exports = require(name);`)).toEqual(['import:x', 'read:require']);
  });

  it('gives each use its line and column, and says which run when the module is evaluated', () => {
    const { uses: found } = confineModule({ code: `\n  fetch('/a');\nexport const f = () => fetch('/b');`, id: 'x.js', packageName: 'p', moduleName: 'x.js', prelude: { kind: 'inline' } });
    expect(found).toEqual([{ path: 'fetch', kind: 'read', line: 2, column: 3, topLevel: true }, { path: 'fetch', kind: 'read', line: 3, column: 24 }]);
  });
});

describe('strings', () => {
  it('stops a chain at a string method: the grant is the string-valued member', () => {
    expect(uses(`export const ie = navigator.userAgent.toLowerCase().includes('msie'); export const s = location.search; export const a = crypto.getRandomValues;`))
      .toEqual(['read:navigator.userAgent', 'read:location.search', 'read:crypto.getRandomValues']);
  });
});

describe('local variables holding the global object', () => {
  it('records member reads through them (lodash root, axios _global, a UMD factory argument stays out)', () => {
    expect(uses(`
      var freeGlobal = typeof global == 'object' && global && global.Object === Object && global;
      var freeSelf = typeof self == 'object' && self && self.Object === Object && self;
      var root = freeGlobal || freeSelf || Function('return this')();
      const _global = (() => { if (typeof globalThis !== 'undefined') return globalThis; return typeof self !== 'undefined' ? self : global; })();
      const notGlobal = (() => { const w = 1; return w; })();
      const getGlobal = function () { return typeof window === 'undefined' ? null : window; };
      function purify() { let window = arguments.length > 0 ? arguments[0] : getGlobal(); return window.document.implementation; }
      function addEvent(object, type, fn) { if (object.addEventListener) object.addEventListener(type, fn); }
      addEvent(window, 'focus', () => {}); addEvent(notGlobal, 'keydown', () => {});
      export const a = [root.setTimeout, _global.postMessage, notGlobal.fetch, root === _global, purify];`).filter((u) => /^(read|test)/.test(u) && !u.includes('global')))
      .toEqual(['read:document.implementation', 'test:addEventListener', 'read:addEventListener', 'read:setTimeout', 'read:postMessage']);
  });
});

describe('lines on disk', () => {
  it('points uses at the original file when an earlier plugin moved lines (Rollup commonjs)', async () => {
    const original = `'use strict';\n\nvar x = require('x');\n\nmodule.exports = function () {\n  return typeof HTMLElement !== 'undefined' && fetch('/a');\n};\n`;
    const converted = `import * as commonjsHelpers from 'helpers';\nimport require$$0 from 'x';\n\nvar lib;\nvar hasRequiredLib;\n\nfunction requireLib () {\n\tvar x = require$$0;\n\n\tlib = function () {\n\t  return typeof HTMLElement !== 'undefined' && fetch('/a');\n\t};\n\treturn lib;\n}\nexport { requireLib as __require };\n`;
    const { uses: found } = confineModule({ code: converted, original, id: 'x.js', packageName: 'p', moduleName: 'x.js', prelude: { kind: 'inline' } });
    expect(found.filter((u) => u.kind === 'read' || u.kind === 'probe')).toEqual([
      { path: 'HTMLElement', kind: 'probe', line: 6, column: 17 },
      { path: 'fetch', kind: 'read', line: 6, column: 48 },
    ]);
  });
});
