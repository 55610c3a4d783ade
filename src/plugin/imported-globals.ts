// Settles what the one-module-at-a-time analysis left pending: a binding imported from another module of the package
// (konva's `import { glob } from './Global.js'`, engine.io-client's `import { globalThisShim as globalThis } from
// './globals.node.js'`, which the browser field maps to globals.js) is the global object when the module the bundler
// resolved it to exports one (`export const glob = typeof window < 'u' ? window : …`, a `global-export` use). Its
// pending `through` uses then become the uses they stand for; otherwise they are dropped (an ordinary import).
// Threat this answers: a generated policy that misses a grant (`glob.performance`), a violation in production for a
// package doing nothing wrong; never a wider grant, as only uses of a module the code shows is the global count.
import type { PackageUsage } from '../policy/generate.js';
import type { GlobalUse } from './uses.js';

interface Context {
  getModuleIds(): IterableIterator<string>;
  resolve(source: string, importer: string, options?: { skipSelf?: boolean }): Promise<{ id: string; external?: boolean | string } | null>;
}

export async function settleImportedGlobals(ctx: Context, displayPath: (id: string) => string, usages: Map<string, PackageUsage>): Promise<void> {
  const exported = new Set<string>(); // `module display path#name`
  const pending: { usage: PackageUsage; module: string; uses: GlobalUse[] }[] = [];
  for (const usage of usages.values()) {
    for (const [module, uses] of usage.modules) {
      for (const use of uses) if (use.kind === 'global-export') exported.add(`${module}#${use.path}`);
      if (uses.some((u) => u.kind === 'through' || u.kind === 'global-export')) pending.push({ usage, module, uses });
    }
  }
  if (pending.length === 0) return;
  const idOf = new Map<string, string>();
  for (const id of ctx.getModuleIds()) if (!id.startsWith('\0')) idOf.set(displayPath(id.split('?')[0]!), id);
  for (const { usage, module, uses } of pending) {
    const importer = idOf.get(module);
    const targets = new Map<string, string | undefined>();
    const settled: GlobalUse[] = [];
    for (const use of uses) {
      if (use.kind === 'global-export') continue;
      if (use.kind !== 'through') {
        settled.push(use);
        continue;
      }
      const at = use.through!.lastIndexOf('#');
      const [source, name] = [use.through!.slice(0, at), use.through!.slice(at + 1)];
      if (exported.size === 0 || importer === undefined) continue;
      if (!targets.has(source)) {
        const resolved = await ctx.resolve(source, importer, { skipSelf: true });
        targets.set(source, resolved && !resolved.external ? displayPath(resolved.id.split('?')[0]!) : undefined);
      }
      if (!exported.has(`${targets.get(source)}#${name}`)) continue;
      const { through: _through, as, ...rest } = use;
      settled.push({ ...rest, kind: as! });
    }
    usage.modules.set(module, settled);
  }
}
