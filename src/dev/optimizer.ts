// The dependency optimizer's side of `vite dev`. Vite pre-bundles dependencies into node_modules/.vite/deps/*.js, one
// file mixing many packages; the main plugin never sees those modules one by one. This Rolldown plugin runs the main
// plugin's own resolveId/load/transform inside the optimizer, where each original file passes by, so every module is
// attributed to its own package exactly as in `vite build`.
// Threat: a pre-bundled dependency served unconfined in dev, or confined under a stale attribution from the cache.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin as VitePlugin, Rolldown } from 'vite';
import type { PackageGraph } from '../plugin/attribution.js';

/** The asset the optimizer writes next to the pre-bundled files: imports between packages, for the dev import check. */
export const IMPORTS_ASSET = '_portcullis-imports.json';

export interface RecordedImports {
  /** Module id → the ids it imports (static and dynamic), for modules that belong to a package. */
  modules: Record<string, { importedIds: string[]; dynamicallyImportedIds: string[] }>;
}

type Hook = ((this: unknown, ...args: unknown[]) => unknown) | { handler: (this: unknown, ...args: unknown[]) => unknown } | undefined;

function call(hook: unknown, ctx: unknown, args: unknown[]): unknown {
  const h = hook as Hook;
  if (!h) return null;
  return (typeof h === 'function' ? h : h.handler).apply(ctx, args);
}

/**
 * What the optimizer's output depends on besides the dependencies' files (which Vite's own cache key covers through
 * the lockfile): the transform's code and each package's canonical name and display path. NOT the policy: the
 * rewritten modules are the same whatever the policy grants (grants live in the runtime script, which the dev server
 * regenerates on every policy change, and imports between packages are checked against the current policy from the
 * graph recorded below), so editing the policy costs a page reload, not a re-bundle of every dependency.
 */
export function optimizerCacheKey(graph: PackageGraph): string {
  const hash = createHash('sha256');
  // The transform's own code (src/plugin in this repo, dist/plugin once published): a new version re-bundles.
  const pluginDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'plugin');
  for (const file of readdirSync(pluginDir).sort()) {
    if (/\.(?:js|ts)$/.test(file) && !/\.test\.|^test-/.test(file)) hash.update(file).update(readFileSync(join(pluginDir, file)));
  }
  hash.update(graph.appDir);
  for (const [dir, name] of [...graph.nameOfDir].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${dir}\0${name}\n`);
  return hash.digest('hex').slice(0, 12);
}

/**
 * A Rolldown plugin for `optimizeDeps.rolldownOptions.plugins`. Vite's optimizer cache key uses plugin names only,
 * so the name carries `key` (see optimizerCacheKey); `name` is read after the config is resolved, when the app's
 * graph is known.
 */
export function optimizerPlugin(options: {
  main: () => VitePlugin;
  key: () => string;
  /** True for the app's own modules: they are importers only in Vite's dependency scan, which must see bare imports. */
  isAppModule: (id: string) => boolean;
  /** Set under `portcullis policy`: the uses of what the optimizer bundles are the development analysis. */
  analysis?: { active(): boolean; start(): Promise<void>; done(ctx: unknown, bundle: unknown): Promise<void> };
}): Rolldown.Plugin {
  const { main, isAppModule, analysis } = options;
  return {
    get name() {
      return `portcullis:optimize-deps-${options.key()}`;
    },
    async buildStart() {
      if (analysis?.active()) await analysis.start();
    },
    resolveId(...args: unknown[]) {
      // Vite's dependency scan runs these plugins too: the app's imports must reach its scanner untouched (a membrane
      // id would hide a package from pre-bundling). When bundling, every importer belongs to a package.
      const importer = args[1] as string | undefined;
      if (!importer || isAppModule(importer)) return null;
      return call(main().resolveId, this, args) as ReturnType<NonNullable<Rolldown.FunctionPluginHooks['resolveId']>>;
    },
    load(...args: unknown[]) {
      return call(main().load, this, args) as ReturnType<NonNullable<Rolldown.FunctionPluginHooks['load']>>;
    },
    transform(...args: unknown[]) {
      return call(main().transform, this, args) as ReturnType<NonNullable<Rolldown.FunctionPluginHooks['transform']>>;
    },
    renderChunk(...args: unknown[]) {
      // The bundle audit (src/plugin/audit.ts): each pre-bundled module is where it was rendered, confined.
      return call(main().renderChunk, this, args) as ReturnType<NonNullable<Rolldown.FunctionPluginHooks['renderChunk']>>;
    },
    async generateBundle(_output: unknown, bundle: unknown) {
      if (analysis?.active()) await analysis.done(this, bundle);
      // Recorded here, checked by the dev server against whatever the policy says at the time (it can change while
      // the server runs); written into the deps folder, so it is renamed into place together with the bundle.
      const modules: RecordedImports['modules'] = {};
      for (const id of this.getModuleIds()) {
        const info = this.getModuleInfo(id);
        if (!info || id.startsWith('\0')) continue;
        modules[id] = { importedIds: [...info.importedIds], dynamicallyImportedIds: [...info.dynamicallyImportedIds] };
      }
      this.emitFile({ type: 'asset', fileName: IMPORTS_ASSET, source: JSON.stringify({ modules } satisfies RecordedImports) });
    },
  } as Rolldown.Plugin;
}
