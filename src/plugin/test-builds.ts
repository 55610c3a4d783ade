// Test helper: throwaway apps with local packages, built for real by Vite 8 and Rollup 4 (write: false), and their
// output run in a realm where the emitted runtime script ran first (test-realm.ts).
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import vm from 'node:vm';
import { rollup, type OutputOptions, type Plugin as RollupPlugin } from 'rollup';
import { build, type InlineConfig, type Plugin as VitePlugin } from 'vite';
import portcullis, { type PortcullisOptions } from './index.js';
import { evaluateModule, windowLikeContext } from './test-realm.js';

const repoModules = resolve(import.meta.dirname, '../../node_modules');

/** A throwaway app: files (objects are written as JSON), plus real packages linked from the repo's node_modules. */
export function makeApp(files: Record<string, string | object>, linked: string[] = []): string {
  const app = mkdtempSync(join(tmpdir(), 'portcullis-audit-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  if (linked.length) mkdirSync(join(app, 'node_modules'), { recursive: true });
  for (const name of linked) symlinkSync(join(repoModules, name), join(app, 'node_modules', name));
  return app;
}

/** A local package `name` with the given files (`package.json` is written for it: ESM, entry index.js). */
export function localPackage(name: string, files: Record<string, string>, json: object = {}): Record<string, string | object> {
  const out: Record<string, string | object> = { [`node_modules/${name}/package.json`]: { name, version: '1.0.0', type: 'module', main: 'index.js', ...json } };
  for (const [path, content] of Object.entries(files)) out[`node_modules/${name}/${path}`] = content;
  return out;
}

export interface Built {
  /** The entry chunk's code. */
  code: string;
  /** The runtime script, when Portcullis emitted one. */
  runtime?: string;
  /** Every output file: name → code or source. */
  files: Record<string, string>;
}

type Output = { type: 'chunk'; fileName: string; code: string; isEntry: boolean } | { type: 'asset'; fileName: string; source: string | Uint8Array };

function collect(output: readonly Output[]): Built {
  const files: Record<string, string> = {};
  for (const o of output) files[o.fileName] = o.type === 'chunk' ? o.code : String(o.source);
  const entry = output.find((o): o is Extract<Output, { type: 'chunk' }> => o.type === 'chunk' && o.isEntry)!;
  const runtime = Object.keys(files).find((f) => /portcullis-runtime(-[0-9a-f]{8})?\.js$/.test(f));
  return { code: entry.code, runtime: runtime ? files[runtime] : undefined, files };
}

/** `vite build` of `main.js` (no HTML, no preload polyfill), with or without Portcullis. */
export async function viteBuild(
  app: string,
  options: { portcullis?: PortcullisOptions | false; plugins?: VitePlugin[]; after?: VitePlugin[]; config?: InlineConfig } = {},
): Promise<Built> {
  const confined = options.portcullis === false ? [] : [portcullis({ appDir: app, ...options.portcullis })];
  const result = await build({
    root: app,
    configFile: false,
    logLevel: 'silent',
    envDir: app,
    plugins: [...(options.plugins ?? []), ...confined, ...(options.after ?? [])],
    ...options.config,
    build: { write: false, minify: false, modulePreload: { polyfill: false }, rollupOptions: { input: join(app, 'main.js'), preserveEntrySignatures: 'exports-only' }, ...options.config?.build },
  });
  const outputs = Array.isArray(result) ? result : [result];
  return collect((outputs[0] as { output: Output[] }).output);
}

/** Rollup 4 (node-resolve, commonjs) of `main.js`, with or without Portcullis. */
export async function rollupBuild(
  app: string,
  options: { portcullis?: PortcullisOptions | false; before?: RollupPlugin[]; after?: RollupPlugin[]; output?: OutputOptions } = {},
): Promise<Built> {
  const confined = options.portcullis === false ? [] : [portcullis({ appDir: app, policy: join(app, 'portcullis.policy.json'), ...options.portcullis }) as RollupPlugin];
  const bundle = await rollup({
    input: join(app, 'main.js'),
    plugins: [...(options.before ?? []), nodeResolve({ browser: true }), commonjs(), ...confined, ...(options.after ?? [])],
    onwarn: () => {},
  });
  try {
    const { output } = await bundle.generate({ format: 'es', ...options.output });
    return collect(output as unknown as Output[]);
  } finally {
    await bundle.close();
  }
}

/** Runs a build's entry chunk (ES module, or a script for other formats) after its runtime script, if any. */
export async function run(built: Built, format: 'es' | 'script' = 'es') {
  const realm = windowLikeContext();
  if (built.runtime) vm.runInContext(built.runtime, realm.context);
  const exports = format === 'es' ? await evaluateModule(built.code, realm.context) : (vm.runInContext(built.code, realm.context) as unknown);
  return { realm, exports: exports as Record<string, unknown>, global: vm.runInContext('globalThis', realm.context) as Record<string, unknown> };
}
