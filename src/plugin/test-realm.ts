// Test helper: runs confined modules for real, in a fresh realm (node:vm) where the real SES lockdown() and the real
// Portcullis runtime have run, so the test process's own intrinsics stay untouched. The realm's "window" is a plain
// global with a few host APIs that record their calls.
import vm from 'node:vm';
import type { RuntimeConfig } from '../shared/runtime-config.js';
import { runtimeScript } from './runtime-asset.js';
import { confineModule, ensureLexer, type ConfineResult } from './transform.js';

export interface Realm {
  context: vm.Context;
  /** What the fake host APIs saw. */
  calls: string[];
  /** Transforms `code` as a module of `pkg` and evaluates it; resolves to its namespace. */
  load(code: string, pkg?: string): Promise<{ exports: Record<string, unknown>; result: ConfineResult }>;
  /** Same for CommonJS: returns `module.exports`. */
  loadCommonJs(code: string, pkg?: string): { exports: unknown; result: ConfineResult };
  run(code: string): unknown;
}

export async function createRealm(resources: RuntimeConfig['resources'], mode: RuntimeConfig['mode'] = 'enforce'): Promise<Realm> {
  await ensureLexer();
  const calls: string[] = [];
  const context = vm.createContext({
    console,
    fetch: (url: string) => {
      calls.push(`fetch ${url}`);
      return 'response';
    },
    setTimeout: (fn: () => void) => {
      calls.push('setTimeout');
      fn();
      return 1;
    },
    localStorage: { getItem: (key: string) => `stored:${key}` },
    document: { cookie: 'session=s3cret', title: 'real document' },
    appState: 'initial',
  });
  vm.runInContext(runtimeScript({ mode, overrideFile: 'portcullis.policy-override.json', resources }), context);
  let count = 0;
  return {
    context,
    calls,
    async load(code, pkg = 'pkg') {
      const result = confineModule({ code, id: `/app/node_modules/${pkg}/m${++count}.js`, packageName: pkg, moduleName: `node_modules/${pkg}/m${count}.js`, prelude: { kind: 'inline' } });
      const mod = new vm.SourceTextModule(result.code ?? code, { context });
      await mod.link(() => {
        throw new Error('test modules import nothing');
      });
      await mod.evaluate();
      return { exports: mod.namespace as Record<string, unknown>, result };
    },
    loadCommonJs(code, pkg = 'pkg') {
      const result = confineModule({ code, id: `/app/node_modules/${pkg}/c${++count}.js`, packageName: pkg, moduleName: `node_modules/${pkg}/c${count}.js`, prelude: { kind: 'inline' } });
      const module = { exports: {} as unknown };
      const wrapper = vm.runInContext(`(function (module, exports, require) {${result.code ?? code}\n})`, context) as (...args: unknown[]) => void;
      wrapper(module, module.exports, () => {
        throw new Error('no require in tests');
      });
      return { exports: module.exports, result };
    },
    run: (code) => vm.runInContext(code, context),
  };
}

/** The error a call throws, as name and message (errors from the realm are not this realm's Error). */
export function thrown(fn: () => unknown): { name: string; message: string } | undefined {
  try {
    fn();
  } catch (error) {
    const e = error as { name: string; message: string };
    return { name: e.name, message: e.message };
  }
  return undefined;
}
