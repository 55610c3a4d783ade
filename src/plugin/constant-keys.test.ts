// Computed global names whose key is a constant (constant-keys.ts): in the module, and imported from another module
// of the package (@prefresh/core's `self[NAMESPACE] = …`), resolved once the package's modules are known.
import { beforeAll, describe, expect, it } from 'vitest';
import { collectAnalysis } from './analysis.js';
import { PackageGraph } from './attribution.js';
import { confineModule, ensureLexer } from './transform.js';
import { settleImportedGlobals } from './imported-globals.js';
import { generatePolicy, type PackageUsage } from '../policy/generate.js';

beforeAll(() => ensureLexer());

const confine = (code: string, moduleName = 'x.js') =>
  confineModule({ code, id: moduleName, packageName: 'pkg', moduleName, prelude: { kind: 'inline' } });
const uses = (code: string) => confine(code).uses.filter((u) => u.kind !== 'import').map((u) => `${u.kind}:${u.path}`);

describe('constant keys in the module', () => {
  it('reads a key a const, or a variable assigned once, holds', () => {
    expect(uses(`const K = '__APP_STATE__'; var T = \`fetch\`; self[K] = {}; export const f = window[T]; export const x = globalThis[K].items;`))
      .toEqual(['write:__APP_STATE__', 'read:fetch', 'read:__APP_STATE__.items']);
  });

  it('ignores a key that changes or is not a string (no guess)', () => {
    expect(uses(`let K = 'fetch'; K = 'localStorage'; const N = 1; let u; export const a = [window[K], self[N], self[u]];`)).toEqual([]);
  });

  it('lists the string constants the module exports, by their exported names', () => {
    expect(confine(`export const NAMESPACE = '__PREFRESH__'; const L = 'x'; export { L as LOCAL }; export let M = 'changes';`).constants)
      .toEqual({ NAMESPACE: '__PREFRESH__', LOCAL: 'x' });
  });
});

describe('keys imported from another module of the package', () => {
  const usageOf = (modules: Record<string, string>): PackageUsage => {
    const usage: PackageUsage = { modules: new Map(), imports: new Set(), constants: new Map() };
    for (const [name, code] of Object.entries(modules)) {
      const result = confine(code, name);
      usage.modules.set(name, result.uses.filter((u) => u.kind !== 'import'));
      if (result.constants) usage.constants!.set(name, result.constants);
    }
    return usage;
  };
  // As the bundler would resolve: './constants' is src/constants.js, another package is external.
  const analysed = async (usage: PackageUsage) => {
    const graph = new PackageGraph(process.cwd());
    const ids = [...usage.modules.keys()];
    const resolve = async (source: string) => (source === './constants' ? { id: 'src/constants.js' } : { id: source, external: true });
    await settleImportedGlobals({ getModuleIds: () => ids[Symbol.iterator](), resolve }, (id) => id, new Map([['pkg', usage]]));
    const ctx = { getModuleIds: () => [][Symbol.iterator](), getModuleInfo: () => null };
    const analysis = collectAnalysis({ ctx, graph, usages: new Map([['pkg', usage]]), root: '.', policyFile: 'p.json', overrideFile: 'o.json' });
    return [...analysis.usages.get('pkg')!.modules].map(([m, list]) => [m, list.map((u) => `${u.kind}:${u.path}`)]);
  };

  it('resolves the import with the bundler to the exporting module, dropping what it cannot', async () => {
    const usage = usageOf({
      'src/index.js': `import { NAMESPACE, OTHER } from './constants'; import { K } from 'another-package'; self[NAMESPACE] = {}; export const a = [self[OTHER], window[K]];`,
      'src/constants.js': `export const NAMESPACE = '__PREFRESH__';`,
    });
    expect(usage.modules.get('src/index.js')!.map((u) => u.path)).toEqual(['[NAMESPACE]', '[OTHER]', '[K]']);
    expect(await analysed(usage)).toEqual([['src/index.js', ['write:__PREFRESH__']], ['src/constants.js', []]]);
  });

  it('never turns an unresolved key into a grant', () => {
    const usage = usageOf({ 'index.js': `import { K } from './k.js'; self[K] = 1; export {};` });
    expect(generatePolicy(new Map([['pkg', usage]])).resources.pkg).toEqual({});
  });
});

describe('a global no browser has, written by one package and read by another', () => {
  const usageOf = (code: string): PackageUsage => ({ modules: new Map([['index.js', confine(code).uses]]), imports: new Set() });

  it('is granted to both (write to the writer, the whole name to the reader), and stays private otherwise', () => {
    const policy = generatePolicy(new Map([
      ['core', usageOf(`self.__PREFRESH__ = { flush() {} }; export {};`)],
      ['utils', usageOf(`export const flush = () => self.__PREFRESH__.flush();`)],
      ['alone', usageOf(`window.__MY_OWN__ = 1; export const x = window.__MY_OWN__;`)],
    ]));
    expect(policy.resources).toEqual({ core: { globals: { __PREFRESH__: 'write' } }, utils: { globals: { __PREFRESH__: true } }, alone: {} });
  });

  it('is not shared when no package writes it (read by two, it may be the app\'s: the override file says so)', () => {
    const policy = generatePolicy(new Map([['a', usageOf(`export const x = self.jQuery;`)], ['b', usageOf(`export const y = window.jQuery.fn;`)]]));
    expect(policy.resources).toEqual({ a: {}, b: {} });
  });
});
