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
  load(code: string, pkg?: string, defined?: Record<string, string>): Promise<{ exports: Record<string, unknown>; result: ConfineResult }>;
  /** Same for CommonJS: returns `module.exports`. */
  loadCommonJs(code: string, pkg?: string): { exports: unknown; result: ConfineResult };
  run(code: string): unknown;
}

/**
 * A fresh realm standing in for a browser window: a few host APIs that record their calls. Everything in it is made
 * inside the realm: lockdown() hardens all it can reach, and a host object handed in would freeze this process's own
 * prototypes along with it.
 */
export function windowLikeContext(): { context: vm.Context; calls: string[] } {
  const context = vm.createContext({});
  vm.runInContext(
    `const calls = [];
    const noop = () => {};
    Object.defineProperty(globalThis, '__calls', { value: calls });
    globalThis.console = { log: noop, info: noop, warn: noop, error: noop, debug: noop, group: noop, groupCollapsed: noop, groupEnd: noop };
    globalThis.fetch = (url) => { calls.push('fetch ' + url); return 'response'; };
    globalThis.setTimeout = (fn) => { calls.push('setTimeout'); fn(); return 1; };
    globalThis.localStorage = { getItem: (key) => 'stored:' + key };
    globalThis.document = { cookie: 'session=s3cret', title: 'real document' };
    globalThis.appState = 'initial';`,
    context,
  );
  return {
    context,
    get calls() {
      return [...(context.__calls as string[])];
    },
  };
}

/**
 * A script for a realm: the named classes, standing in for a browser's interface objects, print as those do
 * (`function Node() { [native code] }`), which is how the host classifier knows them (src/boundary/host-classify.ts).
 */
export const asInterfaces = (names: readonly string[]): string =>
  `{ const interfaces = new Set([${names.join(', ')}]); const nativeToString = Function.prototype.toString;
  Function.prototype.toString = function toString() { return interfaces.has(this) ? 'function ' + this.name + '() { [native code] }' : Reflect.apply(nativeToString, this, []); }; }`;

/** Evaluates an ES module's source in the realm (it may import nothing) and returns its namespace. */
export async function evaluateModule(code: string, context: vm.Context): Promise<Record<string, unknown>> {
  const mod = new vm.SourceTextModule(code, { context });
  await mod.link(() => {
    throw new Error('test modules import nothing');
  });
  await mod.evaluate();
  return mod.namespace as Record<string, unknown>;
}

/**
 * @param extra more runtime configuration (`dev`, …).
 * @param hostSetup script run in the realm before the runtime: more fake host APIs (classes, timers, events).
 */
export async function createRealm(
  resources: RuntimeConfig['resources'],
  mode: RuntimeConfig['mode'] = 'enforce',
  extra: Partial<RuntimeConfig> = {},
  hostSetup?: string,
): Promise<Realm> {
  await ensureLexer();
  const realmWindow = windowLikeContext();
  const { context } = realmWindow;
  if (hostSetup) vm.runInContext(hostSetup, context);
  vm.runInContext(runtimeScript({ mode, overrideFile: 'portcullis.policy-override.json', resources, ...extra }), context);
  let count = 0;
  return {
    context,
    get calls() {
      return realmWindow.calls;
    },
    async load(code, pkg = 'pkg', defined) {
      const result = confineModule({ code, id: `/app/node_modules/${pkg}/m${++count}.js`, packageName: pkg, moduleName: `node_modules/${pkg}/m${count}.js`, prelude: { kind: 'inline' }, defined });
      return { exports: await evaluateModule(result.code ?? code, context), result };
    },
    loadCommonJs(code, pkg = 'pkg') {
      const result = confineModule({ code, id: `/app/node_modules/${pkg}/c${++count}.js`, packageName: pkg, moduleName: `node_modules/${pkg}/c${count}.js`, prelude: { kind: 'inline' } });
      const module = vm.runInContext(`(function (module, exports, require) {${result.code ?? code}\n})`, context) as (...args: unknown[]) => void;
      const run = vm.runInContext('(wrapper) => { const m = { exports: {} }; wrapper(m, m.exports, () => { throw new Error("no require in tests"); }); return m.exports; }', context) as (w: unknown) => unknown;
      return { exports: run(module), result };
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
