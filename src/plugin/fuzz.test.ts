// A fuzzer for the rewrite (invariants 3 and 5): small modules made from tricky constructs, on a fixed seed. Each
// module runs twice in a fresh realm whose global has a recording accessor for every name the module mentions:
// the original (what it touches on the global), then the rewritten one with a stand-in registry whose objects
// record what reaches them (what it reaches through the compartment). The two sets must be equal, and the rewritten
// module must touch nothing on the real global.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { confineModule } from './transform.js';

const SEED = 0x5eed2026;
const MODULES = 300;

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `G` is a free name (a global); each use gets a fresh one. */
const TOUCHING = [
  'G;', 'G();', 'G`t`;', 'new G();', 'typeof G;', '({ G });', '`${G}`;', '(0, G)();', 'G?.x;', 'G?.();', '[...[G]];',
  '({ [G]: 1 });', '(() => G)();', '(class { static s = G; });', '(class { static { G; } });', '(class { [G]() {} });',
  '((a = G) => a)();', 'for (const x of [G]) x;', 'switch (0) { case G: }', 'if (G) ;', 'G ?? 0;', 'void G;',
  'import("data:text/javascript,", { with: { type: G } }).catch(() => {});', '(function* () { yield G; })().next();',
  '(async () => await G)();', 'label: { G; break label; }', 'try { throw 0; } catch { G; }', 'G = 1;', 'G += 1;',
  'G++;', '[G] = [1];', '({ G } = { G: 1 });', '({ x: G } = { x: 1 });', 'for (G of [1]);', 'for (G in { a: 1 });',
  'globalThis.G;', 'window["G"];', 'self.G;', 'globalThis?.G;', 'globalThis.G = 1;', 'typeof window.G;',
  '"G" in globalThis && globalThis.G;', '(0, eval)?.constructor && G;',
  '({ get [G]() { return 1; } });', '({ ...G });', '[G = 1] = [];', 'delete globalThis.G;',
];
/** `G` is bound here: nothing may reach the global for it. */
const SHADOWED = [
  '{ let G = 1; G; }', '(function (G) { G; })(1);', '(function G() { G; })();', '(class G { m() { return G; } }).prototype.m();',
  'try { throw 1; } catch (G) { G; }', '({ G: 1 }).G;', '({ G() {} }).G;', '((o) => o.G)({});', '{ function G() {} G(); }',
  '((G) => G)(1);', '{ const { G } = { G: 1 }; G; }', '{ class G {} new G(); }', 'for (let G of [1]) G;',
];

interface Module {
  code: string;
  format: 'esm' | 'cjs';
  names: string[];
}

function generate(next: () => number, index: number): Module {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const format = next() < 0.5 ? 'esm' : 'cjs';
  const names: string[] = [];
  const parts: string[] = [];
  for (let i = 0, n = 3 + Math.floor(next() * 6); i < n; i++) {
    const name = `g${index}_${i}`;
    names.push(name);
    let fragment = (next() < 0.75 ? pick(TOUCHING) : pick(SHADOWED)).replaceAll('G', name);
    // Some at top level, some nested in a function, an arrow or a block; a failing fragment must not stop the rest.
    fragment = `try { ${fragment} } catch {}`;
    const depth = next();
    if (depth < 0.2) fragment = `(function () { ${fragment} })();`;
    else if (depth < 0.4) fragment = `(() => { ${fragment} })();`;
    else if (depth < 0.5) fragment = `{ ${fragment} }`;
    parts.push(fragment);
  }
  if (format === 'cjs') parts.push('module.exports = 1;');
  else parts.push('export {};');
  return { code: parts.join('\n'), format, names };
}

const REALM = `
  const rec = [];
  Object.defineProperty(globalThis, '__rec', { value: rec });
  const stub = function () { return stub; };
  Object.defineProperty(globalThis, '__stub', { value: stub });
  globalThis.window = globalThis; globalThis.self = globalThis;
  Object.defineProperty(globalThis, '__watch', { value(names) {
    for (const n of names) Object.defineProperty(globalThis, n, {
      get() { rec.push('real ' + n); return stub; }, set(v) { rec.push('real ' + n); }, configurable: true });
  } });
  const fuzzName = (k) => typeof k === 'string' && /^g\\d+_\\d+$/.test(k);
  const seen = new Proxy({}, {
    get(t, k) { if (fuzzName(k)) { rec.push('pc ' + k); return stub; } return Reflect.get(globalThis, k); },
    set(t, k) { if (fuzzName(k)) rec.push('pc ' + k); return true; },
    has(t, k) { if (fuzzName(k)) { rec.push('pc ' + k); return true; } return Reflect.has(globalThis, k); },
    deleteProperty: () => true, // a delete of the original's accessor is not observable: not counted either
  });
  Object.defineProperty(globalThis, '__portcullis__', { value: { compartment: () => seen, names: () => seen, assignments: () => seen, checkImport: (p, m, s) => s } });
`;

async function run(mod: Module, code: string): Promise<{ real: Set<string>; compartment: Set<string> }> {
  const context = vm.createContext({});
  vm.runInContext(REALM, context);
  (vm.runInContext('__watch', context) as (n: string[]) => void)(mod.names);
  if (mod.format === 'esm') {
    const m = new vm.SourceTextModule(code, { context });
    await m.link(() => {
      throw new Error('no imports');
    });
    await m.evaluate();
  } else {
    vm.runInContext(`(function (module, exports, require) {${code}\n})`, context)({ exports: {} }, {}, () => ({}));
  }
  await new Promise((r) => setImmediate(r));
  const rec = vm.runInContext('__rec', context) as string[];
  const names = (kind: string) => new Set(rec.filter((r) => r.startsWith(kind)).map((r) => r.slice(kind.length + 1)));
  return { real: names('real'), compartment: names('pc') };
}

describe('fuzzer: which globals the rewritten module reaches', () => {
  it(`reaches through the compartment exactly what the original touches, and nothing real (seed ${SEED}, ${MODULES} modules)`, async () => {
    const next = random(SEED);
    let fragments = 0;
    let touched = 0;
    const misses: string[] = [];
    const leaks: string[] = [];
    for (let i = 0; i < MODULES; i++) {
      const mod = generate(next, i);
      fragments += mod.names.length;
      const original = await run(mod, mod.code);
      const { code, format } = confineModule({ code: mod.code, id: `/app/node_modules/fuzz/m${i}.js`, packageName: 'fuzz', moduleName: `m${i}.js`, prelude: { kind: 'inline' } });
      expect(format, mod.code).toBe(mod.format);
      const rewritten = await run(mod, code ?? mod.code);
      touched += original.real.size;
      for (const name of rewritten.real) leaks.push(`${name} in\n${mod.code}`);
      const expected = [...original.real].sort();
      const reached = [...rewritten.compartment].sort();
      if (expected.join() !== reached.join()) misses.push(`touched ${expected}, reached ${reached} in\n${mod.code}`);
    }
    console.log(`fuzzer (seed ${SEED}): ${MODULES} modules, ${fragments} fragments, ${touched} globals touched by the originals; ` +
      `${leaks.length} reached the real global rewritten, ${misses.length} modules reached a different set`);
    expect(leaks).toEqual([]);
    expect(misses).toEqual([]);
  });
});
