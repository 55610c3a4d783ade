// What `portcullis policy` and `portcullis explain` receive from a build instead of a written policy file: every
// package's recorded uses and imports, the whole dependency graph, and who imports each package.
import type { PackageUsage } from '../policy/generate.js';
import { ROOT, type PackageGraph } from './attribution.js';
import type { ResolveContext } from './imported-globals.js';

export interface BuildAnalysis {
  /** The app root (Vite's `root`, or the working directory under Rollup). */
  root: string;
  /** The directory of the app's package.json: the root of the dependency graph. */
  appDir: string;
  /** Absolute paths of the policy and the override file, from the plugin's options. */
  policyFile: string;
  overrideFile: string;
  /** Absolute path of the development-only grants (the `devPolicy` option). */
  devPolicyFile?: string;
  /** Per package (canonical name) that the build bundled: module display path → uses, and imported packages. */
  usages: Map<string, PackageUsage>;
  /** Per package, every module the build transformed, rendered or tree-shaken (display paths). */
  transformed: Map<string, Set<string>>;
  /** Every package of the dependency graph, bundled or not: canonical name → real directory. */
  packages: Map<string, string>;
  /** Package → who imports it: other packages by canonical name, the app's own modules as `$root$:<path>`. */
  importers: Map<string, Set<string>>;
}

export interface PortcullisApi {
  /**
   * Switches this plugin instance to analysis (what the CLI does): no policy is read, written or enforced, and
   * `receive` gets the analysis when the build ends.
   */
  analyze(receive: (analysis: BuildAnalysis) => void): void;
  /**
   * Under `vite` in analysis: what the dev server transformed so far, one module at a time (src/cli/dev-served.ts),
   * with `ctx` its module graph and resolver.
   */
  served(ctx: GraphContext & ResolveContext): Promise<BuildAnalysis>;
}

/** The part of Rollup's and Rolldown's plugin context this reads. */
export interface GraphContext {
  getModuleIds(): IterableIterator<string>;
  getModuleInfo(id: string): { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
}

/** The part of an output bundle this reads: which modules each chunk rendered, and how much of each. */
type Bundle = Record<string, { type: 'chunk'; modules: Record<string, { renderedLength: number }> } | { type: 'asset' }>;

/**
 * Only the modules that made it into the output, as display paths: a module that tree-shaking dropped (lodash-es's
 * `template.js` behind the `lodash-es` barrel) never runs, so its uses need no grant.
 */
function renderedModules(bundle: Bundle, graph: PackageGraph): Set<string> {
  const rendered = new Set<string>();
  for (const output of Object.values(bundle)) {
    if (output.type !== 'chunk') continue;
    for (const [id, info] of Object.entries(output.modules)) if (info.renderedLength > 0) rendered.add(graph.displayPath(id));
  }
  return rendered;
}

export function collectAnalysis(options: {
  ctx: GraphContext;
  graph: PackageGraph;
  usages: Map<string, PackageUsage>;
  /**
   * The output bundle (in generateBundle): global uses count in the modules it rendered only. None for the modules a
   * dev server serves one by one: each runs whole.
   */
  bundle?: Bundle;
  root: string;
  policyFile: string;
  overrideFile: string;
  devPolicyFile?: string;
}): BuildAnalysis {
  const { ctx, graph } = options;
  const rendered = options.bundle ? renderedModules(options.bundle, graph) : undefined;
  // Imports stay as the whole module graph has them: the build checks every edge, rendered or not (imports.ts).
  const usages = new Map<string, PackageUsage>();
  const transformed = new Map<string, Set<string>>();
  for (const [name, usage] of options.usages) {
    transformed.set(name, new Set(usage.modules.keys()));
    // A key imported from a module that was never resolved is dropped, as an unknown computed key is.
    const modules = new Map([...usage.modules].map(([module, uses]) => [module, uses.some((u) => u.key) ? uses.filter((u) => !u.key) : uses] as const));
    usages.set(name, { modules: new Map([...modules].filter(([module]) => !rendered || rendered.has(module))), imports: usage.imports });
  }
  const importers = new Map<string, Set<string>>();
  for (const id of ctx.getModuleIds()) {
    const importer = graph.attribute(id);
    if (importer.kind === 'virtual') continue;
    const info = ctx.getModuleInfo(id);
    for (const target of [...(info?.importedIds ?? []), ...(info?.dynamicallyImportedIds ?? [])]) {
      const owner = graph.attribute(target);
      if (owner.kind !== 'package' || (importer.kind === 'package' && importer.name === owner.name)) continue;
      const who = importer.kind === 'package' ? importer.name : `${ROOT}:${graph.displayPath(id)}`;
      let set = importers.get(owner.name);
      if (!set) importers.set(owner.name, (set = new Set()));
      set.add(who);
    }
  }
  return {
    root: options.root,
    appDir: graph.appDir,
    policyFile: options.policyFile,
    overrideFile: options.overrideFile,
    devPolicyFile: options.devPolicyFile,
    usages,
    transformed,
    packages: new Map(graph.dirOfName),
    importers,
  };
}

/**
 * What a dev server transformed, one module at a time (src/cli/dev-served.ts): a pre-bundled file stands for the
 * package entry it was bundled from, and imports between packages come from the module graph (the build's import
 * check, which records them, does not run under `vite`).
 */
export function servedAnalysis(ctx: GraphContext, collect: (ctx: GraphContext) => BuildAnalysis, sourceOf: (id: string) => string): BuildAnalysis {
  const analysis = collect({
    getModuleIds: () => ctx.getModuleIds(),
    getModuleInfo: (id) => {
      const info = ctx.getModuleInfo(id);
      return info && { importedIds: info.importedIds.map(sourceOf), dynamicallyImportedIds: info.dynamicallyImportedIds.map(sourceOf) };
    },
  });
  for (const [owner, importers] of analysis.importers) for (const who of importers) analysis.usages.get(who)?.imports.add(owner);
  return analysis;
}
