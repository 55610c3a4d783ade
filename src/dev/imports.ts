// The module graph `vite dev` has seen, in the shape the build's import check reads (getModuleIds/getModuleInfo):
// the pre-bundled packages' imports as the optimizer recorded them, plus the modules the dev server transformed one
// by one. The build's own checkImports then applies the same rule to it, against the current policy.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ViteDevServer } from 'vite';
import type { PackageGraph } from '../plugin/attribution.js';
import { IMPORTS_ASSET, type RecordedImports } from './optimizer.js';

interface ModuleInfo {
  importedIds: string[];
  dynamicallyImportedIds: string[];
}

export interface GraphView {
  getModuleIds(): IterableIterator<string>;
  getModuleInfo(id: string): ModuleInfo | null;
}

function isPackageModule(graph: PackageGraph, id: string): boolean {
  try {
    return graph.attribute(id).kind === 'package';
  } catch {
    return false; // outside the app's graph: tooling such as Vite's client, which the transform skips too
  }
}

export async function devImportGraph(server: ViteDevServer, graph: PackageGraph): Promise<GraphView> {
  const modules = new Map<string, ModuleInfo>();
  const env = server.environments.client;
  try {
    const recorded = JSON.parse(await readFile(join(server.config.cacheDir, 'deps', IMPORTS_ASSET), 'utf8')) as RecordedImports;
    for (const [id, info] of Object.entries(recorded.modules)) modules.set(id, info);
  } catch {
    // Nothing pre-bundled yet (or no dependency to pre-bundle).
  }
  // A pre-bundled file stands for the package entry it was bundled from.
  const optimizer = env.depsOptimizer;
  const entryOf = new Map<string, string>();
  for (const dep of Object.values(optimizer?.metadata.optimized ?? {})) entryOf.set(dep.file, dep.src ?? dep.file);
  const target = (file: string) => (optimizer?.isOptimizedDepFile(file) ? entryOf.get(file.split('?')[0]!) : file);
  for (const [id, mod] of env.moduleGraph.idToModuleMap) {
    if (!mod.file || optimizer?.isOptimizedDepFile(mod.file) || !isPackageModule(graph, id)) continue;
    const imported = [...mod.importedModules].map((m) => m.id && target(m.id)).filter((m): m is string => Boolean(m));
    // Vite's graph does not tell dynamic from static imports; the rule is the same for both.
    modules.set(id, { importedIds: imported, dynamicallyImportedIds: [] });
  }
  return {
    getModuleIds: () => modules.keys(),
    getModuleInfo: (id) => modules.get(id) ?? null,
  };
}
