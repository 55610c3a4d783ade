// Checks every import between packages against the policy's `packages`, on the final module graph.
// Threat: a package importing a package (or a virtual module of another plugin) it was not granted, statically or
// by a literal dynamic import (THREATS.md row 46). Computed dynamic imports are checked at run time instead.
import type { PackageUsage } from '../policy/generate.js';
import type { Policy } from '../policy/schema.js';
import type { PackageGraph } from './attribution.js';
import { POWER_HELPERS, type HelperImport } from './helpers.js';
import { parseMembraneId } from './membrane.js';

/**
 * Bundler helpers every package may import, matched after leading \0s: they hand out no power (commonjsGlobal is
 * rewritten, see transform; Vite's dynamic-import helper picks one of the literal imports the package's own
 * `import(\`./x/${y}.js\`)` expanded to). Bundlers inject these as static imports only: a dynamic `import()` of one
 * is the package's own (Rollup puts the commonjs helpers in a chunk of their own, `commonjsGlobal` and all), refused.
 * Helpers that hold powers are helpers.ts's: only when the bundler injected them.
 */
const BUNDLER_HELPERS = /^(?:commonjsHelpers\.js$|commonjs-dynamic-modules|vite\/dynamic-import-helper\.js$|rolldown\/runtime)/;
/**
 * What a bundler gives in place of a module that is not there, statically or for a dynamic import (`import('fs')`
 * behind a Node check): Vite's browser-external and optional peer dependency, node-resolve's empty.js for a `browser:
 * false` file, Rolldown's empty.js in Vite's dependency optimizer. Empty objects.
 */
const STAND_INS = /^(?:__vite-browser-external(?::|$)|__vite-optional-peer-dep:|node-resolve:empty\.js(?:\?|$)|rolldown\/empty\.js(?:\?|$))/;

/** The part of Rollup's and Rolldown's plugin context this check reads. */
interface GraphContext {
  getModuleIds(): IterableIterator<string>;
  getModuleInfo(id: string): { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
}

export function checkImports(options: {
  ctx: GraphContext;
  graph: PackageGraph;
  policy: Policy | undefined;
  usages: Map<string, PackageUsage>;
  preludeId: string;
  /**
   * Collects imports of helpers that hold powers, for helpers.ts to tell injected from named. Without it (the dev
   * server, where no bundler injects them into a pre-bundled package) they are refused here.
   */
  helperImports?: HelperImport[];
}): string[] {
  const { ctx, graph, policy, usages, preludeId, helperImports } = options;
  const problems: string[] = [];
  for (const id of ctx.getModuleIds()) {
    if (id.startsWith('\0') && !id.includes('/node_modules/')) continue;
    const importer = graph.attribute(id);
    if (importer.kind !== 'package') continue;
    const info = ctx.getModuleInfo(id);
    if (!info) continue;
    const where = graph.displayPath(id);
    const dynamic = new Set(info.dynamicallyImportedIds);
    for (const target of [...info.importedIds, ...info.dynamicallyImportedIds]) {
      if (target.startsWith(preludeId)) {
        if (target !== preludeId + importer.name) problems.push(`${where} (package "${importer.name}") imports another package's compartment (${target.slice(1)})`);
        continue;
      }
      // A full-power package's import of a package goes through that package's membrane module: it is an import of
      // the module the membrane stands for (and of nothing else).
      const membrane = parseMembraneId(target);
      const owner = graph.attribute(membrane ? membrane.realId.split('?')[0]! : target);
      if (membrane && (owner.kind !== 'package' || owner.name !== membrane.pkg)) {
        problems.push(`${where} (package "${importer.name}") imports the membrane module "${target.replace('\0', '\\0')}", which does not stand for a module of "${membrane.pkg}"`);
        continue;
      }
      if (owner.kind === 'virtual') {
        if (helperImports && POWER_HELPERS.test(target.replace(/^\0+/, ''))) {
          helperImports.push({ importer: id, pkg: importer.name, target });
          continue;
        }
        const helper = target.replace(/^\0+/, '');
        if (STAND_INS.test(helper)) continue;
        if (!BUNDLER_HELPERS.test(helper)) problems.push(`${where} (package "${importer.name}") imports the virtual module "${target.replace('\0', '\\0')}", which is not a package and cannot be granted`);
        else if (dynamic.has(target)) {
          problems.push(`${where} (package "${importer.name}") imports the bundler helper "${target.replace('\0', '\\0')}" with import(): bundlers inject their helpers as static imports only, so this one is the package's own, and the helper holds the real global`);
        }
        continue;
      }
      if (owner.kind === 'root') {
        problems.push(`${where} (package "${importer.name}") imports the app's own module ${graph.displayPath(target)}: packages may not reach into the app`);
        continue;
      }
      if (owner.name === importer.name) continue;
      usages.get(importer.name)?.imports.add(owner.name);
      if (policy && !policy.resources[importer.name]?.packages?.[owner.name]) {
        problems.push(
          `${where} (package "${importer.name}") imports "${owner.name}", which its policy does not grant. ` +
            `If it should, add to the override file: {"resources":{"${importer.name}":{"packages":{"${owner.name}":true}}}}`,
        );
      }
    }
  }
  return [...new Set(problems)];
}
