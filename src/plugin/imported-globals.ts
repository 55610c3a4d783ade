// Settles what the one-module-at-a-time analysis left pending on another module of the package, each import resolved
// by the bundler itself (its browser field, extensions, `exports` subpaths), never guessed from the specifier:
// - a binding that is the global object when the module it is imported from exports one (konva's
//   `import { glob } from './Global.js'`, engine.io-client's `import { globalThisShim as globalThis } from
//   './globals.node.js'`, which the browser field maps to globals.js: `export const glob = typeof window < 'u' ?
//   window : …`, a `global-export` use). Its pending `through` uses become the uses they stand for, or are dropped;
// - a computed key imported from another module (@prefresh/core's `self[NAMESPACE]` with `import { NAMESPACE } from
//   './constants.js'`): the string that module exports (constant-keys.ts), or the use is dropped, as an unknown
//   computed key is.
// Threat this answers: a generated policy that misses a grant (`glob.performance`, a shared global a package writes),
// a violation in production for a package doing nothing wrong; never a wider grant, as only what the code shows counts.
import type { PackageUsage } from '../policy/generate.js';
import { importedKeySegment } from './constant-keys.js';
import type { GlobalUse } from './uses.js';

export interface ResolveContext {
  getModuleIds(): IterableIterator<string>;
  resolve(source: string, importer: string, options?: { skipSelf?: boolean }): Promise<{ id: string; external?: boolean | string } | null>;
}

const pendingOn = (use: GlobalUse) => use.kind === 'through' || use.kind === 'global-export' || Boolean(use.key);

/**
 * `fileOf` turns a display path back into a file, for a module the bundler at hand did not load itself (under `vite`,
 * the dev server's module graph holds the pre-bundled file, not the package modules the optimizer confined).
 */
export async function settleImportedGlobals(ctx: ResolveContext, displayPath: (id: string) => string, usages: Map<string, PackageUsage>, fileOf?: (module: string) => string | undefined): Promise<void> {
  const exported = new Set<string>(); // `module display path#name`
  const pending: { usage: PackageUsage; module: string; uses: GlobalUse[] }[] = [];
  for (const usage of usages.values()) {
    for (const [module, uses] of usage.modules) {
      for (const use of uses) if (use.kind === 'global-export') exported.add(`${module}#${use.path}`);
      if (uses.some(pendingOn)) pending.push({ usage, module, uses });
    }
  }
  if (pending.length === 0) return;
  const idOf = new Map<string, string>();
  for (const id of ctx.getModuleIds()) if (!id.startsWith('\0')) idOf.set(displayPath(id.split('?')[0]!), id);
  for (const { usage, module, uses } of pending) {
    const importer = idOf.get(module) ?? fileOf?.(module);
    const targets = new Map<string, string | undefined>();
    /** The display path of the module `source` resolves to from this one, or undefined (another package, unknown). */
    const target = async (source: string) => {
      if (importer === undefined) return undefined;
      if (!targets.has(source)) {
        const resolved = await ctx.resolve(source, importer, { skipSelf: true });
        targets.set(source, resolved && !resolved.external ? displayPath(resolved.id.split('?')[0]!) : undefined);
      }
      return targets.get(source);
    };
    const settled: GlobalUse[] = [];
    for (const use of uses) {
      if (use.kind === 'global-export') continue;
      let current: GlobalUse = use;
      if (use.key) {
        const { key, ...rest } = use;
        const from = await target(key.from);
        const value = from === undefined ? undefined : usage.constants?.get(from)?.[key.name];
        // Not known yet (a module transformed later in this run, under `vite`): pending still; the analysis drops
        // what is left unresolved (analysis.ts), as an unknown computed key is.
        if (value === undefined) {
          settled.push(use);
          continue;
        }
        current = { ...rest, path: value + use.path.slice(importedKeySegment(key).length) };
      }
      if (current.kind !== 'through') {
        settled.push(current);
        continue;
      }
      const at = current.through!.lastIndexOf('#');
      const [source, name] = [current.through!.slice(0, at), current.through!.slice(at + 1)];
      if (exported.size === 0 || !exported.has(`${await target(source)}#${name}`)) continue;
      const { through: _through, as, ...rest } = current;
      settled.push({ ...rest, kind: as! });
    }
    usage.modules.set(module, settled);
  }
}
