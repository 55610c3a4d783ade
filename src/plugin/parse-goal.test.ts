// Invariant 3 (one parse, one truth) and the CommonJS wrapper half of row 59: each attack first runs unconfined in a
// realm (so it proves something), then is refused at build time or confined at run time.
import { describe, expect, it } from 'vitest';
import { createRealm, evaluateModule, thrown, windowLikeContext } from './test-realm.js';
import { confineModule } from './transform.js';
import { walk, type AnyNode } from './parse-goal.js';

const grants = { pkg: { globals: { setTimeout: true as const } } };
const confine = (code: string, file = '/app/node_modules/pkg/index.js', bundler?: 'rolldown' | 'rollup') =>
  confineModule({ code, id: file, packageName: 'pkg', moduleName: 'node_modules/pkg/index.js', prelude: { kind: 'inline' }, bundler });

describe('one parse goal (row 55)', () => {
  it('refuses an HTML-like comment that a module reads as code, naming file:line', async () => {
    const attack = `var q = 1;\nq <!--q; fetch('/x?row=55');\nmodule.exports = q;`;
    // Unconfined, Rolldown reads it in the module goal and prints `q < !--q`, so the "comment" runs (V8 itself
    // refuses the raw text in a module; the vite build test runs the real bundle).
    const realm = windowLikeContext();
    await evaluateModule(`const module = {};\n${attack.replace('<!--', '< !--')}`, realm.context);
    expect(realm.calls).toEqual(['fetch /x?row=55']);
    expect(() => confine(attack)).toThrow(/\/app\/node_modules\/pkg\/index\.js:2:3: "<!--" is an HTML-like comment.*PORTCULLIS_HTML_COMMENT/);
    expect(() => confine(attack, '/app/node_modules/pkg/index.cjs')).toThrow(/index\.cjs:2:3: .*PORTCULLIS_HTML_COMMENT/);
    expect(() => confine(`export const a = \`\${1 <!--b}\`;`)).toThrow(/PORTCULLIS_HTML_COMMENT/);
  });

  it('refuses "-->" first on a line (a comment in a script), keeps x-->0 and strings', () => {
    // In a module "-->" first on a line is a syntax error; Rolldown reads a .cjs file as a script, where it is a comment.
    expect(() => confine('var x = 1;\n  /* c */ --> fetch("/x");\nmodule.exports = x;', '/app/node_modules/pkg/index.cjs')).toThrow(/index\.cjs:2:11: "-->".*PORTCULLIS_HTML_COMMENT/);
    const kept = confine('export let n = 3; while (n-->0) {} export const s = ["<!--", "-->", `<!--`, /<!--/.source]; // <!-- in a comment');
    expect(kept.format).toBe('esm');
  });

  it('takes a module with only top-level await, or only import.meta, for the ES module it is', async () => {
    for (const code of ['const r = await Promise.resolve(typeof fetch);\nglobalThis.r = r;', 'globalThis.m = typeof import.meta;', 'for await (const x of []) {}']) {
      expect(confine(code).format, code).toBe('esm');
    }
    // `yield` and `await` are keywords in a module: no free name `yield` to rewrite, no call of a global `await`.
    const realm = await createRealm(grants);
    const { exports } = await realm.load('export const v = await (1); export function* g() { yield 2; }');
    expect([exports.v, [...(exports.g as () => Iterable<number>)()]]).toEqual([1, [2]]);
  });

  it('decides CommonJS as Rolldown does: .cjs, a free module or exports, or a top-level return', () => {
    expect(confine('module.exports = 1;').format).toBe('cjs');
    expect(confine('exports.a = 1; await 0;').format).toBe('cjs'); // Rolldown wraps it in an async function
    expect(confine('if (typeof x === "undefined") return; fetch("/x")').format).toBe('cjs');
    expect(confine('module.exports = 5;', '/app/node_modules/pkg/index.mjs').format).toBe('cjs');
    expect(confine('globalThis.a = 1;', '/app/node_modules/pkg/index.cjs').format).toBe('cjs');
    expect(confine('require("./polyfill");').format).toBe('cjs'); // Rolldown bundles the require()
    expect(confine('import x from "y"; export default x;').format).toBe('esm');
    // Under Rollup every module the transform sees is an ES module (commonjs converted the rest): nothing is free.
    const rollup = confine('module.exports = fetch;', '/app/node_modules/pkg/index.js', 'rollup');
    expect(rollup.format).toBe('esm');
    expect(rollup.code).toContain('_names.module.exports');
  });

  it('rewrites __filename and __dirname, which no browser bundler provides', () => {
    const { code } = confine('module.exports = [__filename, __dirname];');
    expect(code).toContain('_names.__filename');
    expect(code).toContain('_names.__dirname');
  });
});

describe('complete traversal (row 56)', () => {
  it('rewrites free names in the options of import(x, options)', async () => {
    const attack = `export const go = () => import('data:text/javascript,export default 1', { with: { type: fetch('/x?row=56') } });`;
    const plain = windowLikeContext();
    const out = await evaluateModule(attack, plain.context);
    await (out.go as () => Promise<unknown>)().catch(() => {});
    expect(plain.calls).toEqual(['fetch /x?row=56']);
    const realm = await createRealm(grants);
    const { exports } = await realm.load(attack);
    expect(thrown(exports.go as () => unknown)?.message).toContain('package "pkg" may not use fetch');
    const computed = await realm.load(`export const go = (u) => import(u, { with: { type: fetch('/y') } });`);
    expect(thrown(() => (computed.exports.go as (u: string) => unknown)('x'))?.name).toBe('PortcullisPolicyError');
    expect(realm.calls).toEqual([]);
  });

  it('fails the build on a node type, or a child, the traversal does not know', () => {
    const ast = (body: object[]) => ({ type: 'Program', start: 0, end: 1, body, sourceType: 'module' }) as unknown as AnyNode;
    expect(() => walk(ast([{ type: 'FutureStatement', start: 0, end: 1 }]), 'm.js', 'x')).toThrow(/m\.js:1:1: a node of type FutureStatement is unknown.*PORTCULLIS_UNKNOWN_SYNTAX/);
    const child = { type: 'Identifier', start: 0, end: 1, name: 'fetch' };
    const expr = { type: 'ImportExpression', start: 0, end: 1, source: { type: 'Literal', start: 0, end: 1, value: 'x' }, phaseOptions: child };
    expect(() => walk(ast([{ type: 'ExpressionStatement', start: 0, end: 1, expression: expr }]), 'm.js', 'x')).toThrow(/ImportExpression\.phaseOptions holds syntax the traversal does not visit.*PORTCULLIS_UNKNOWN_SYNTAX/);
  });

  it('parses using declarations and keeps their names local', () => {
    const { code } = confine('export function f() { using fetch = { [Symbol.dispose]() {} }; return fetch; }\nawait using r = null;');
    expect(code).toContain('using fetch = {');
    expect(code).toContain('return fetch;');
  });
});

describe('CommonJS wrappers (row 59): top-level arguments', () => {
  it('refuses a top-level arguments, which Rolldown leaves a global look-up, in every format', async () => {
    const attack = 'module.exports = typeof arguments === "string" ? arguments : "wrapper";';
    // Unconfined under Rolldown's arrow wrapper, `arguments` is the real global's.
    const plain = windowLikeContext();
    plain.context.arguments = 'real global';
    const wrapped = (await import('node:vm')).runInContext(`((exports, module) => { ${attack} })`, plain.context) as (e: object, m: { exports: unknown }) => void;
    const m = { exports: undefined as unknown };
    wrapped({}, m);
    expect(m.exports).toBe('real global');
    expect(() => confine(attack)).toThrow(/index\.js:1:25: `arguments` outside any function.*PORTCULLIS_TOP_LEVEL_ARGUMENTS/);
    expect(() => confine('export const a = () => arguments;')).toThrow(/PORTCULLIS_TOP_LEVEL_ARGUMENTS/);
    expect(() => confine(attack, '/app/node_modules/pkg/index.cjs')).toThrow(/PORTCULLIS_TOP_LEVEL_ARGUMENTS/);
    expect(confine('module.exports = function () { return arguments.length; };').format).toBe('cjs');
    // A default parameter's `arguments` is the function's (eslint-scope leaves it free): kept as it is.
    expect(confine('export const o = { m(x = arguments[1]) { return x; } };').code).toBeNull();
  });
});
