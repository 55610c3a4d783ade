// Loads a membrane module (membrane.ts): the export names and live bindings of the real module it stands for, read
// from the bundler's module info in a build, from the code under `vite` (where `this.load()` of a plain file gives
// no module info).
import { membraneModule, moduleShape } from './membrane.js';

interface LoadContext {
  load(options: { id: string }): Promise<{ exports?: string[] | null; code: string | null }>;
  resolve(source: string, importer: string, options?: { skipSelf?: boolean }): Promise<{ id: string } | null>;
}

/** What the dev server knows of the modules it serves (src/dev/server.ts). */
export interface ServedModules {
  sourceOf(id: string): string;
  exportsSource(id: string): Promise<string>;
  moduleExports(id: string): Promise<string[]>;
}

export async function loadMembraneModule(ctx: LoadContext, membrane: { pkg: string; realId: string }, served: ServedModules | undefined) {
  if (served) {
    // A re-export that resolves to a pre-bundled file stands for the package entry it was bundled from. A module
    // Vite serves as it is (a linked or excluded package) keeps its `export *` names and live bindings too.
    const resolveSpecifier = async (spec: string, importer: string) => {
      const resolved = await ctx.resolve(spec, importer, { skipSelf: true });
      return resolved ? served.sourceOf(resolved.id) : null;
    };
    const source = await served.exportsSource(membrane.realId);
    const shape = await moduleShape(source, async (id) => ({ exports: await served.moduleExports(id), code: null }), resolveSpecifier);
    // No namespace of its own per re-exported module: under `vite` the package is one pre-bundled file.
    return membraneModule(membrane.pkg, membrane.realId, { ...shape, synthetic: false, namespaces: [] });
  }
  const shape = await moduleShape(
    membrane.realId,
    async (id) => {
      const info = await ctx.load({ id });
      return { exports: info.exports ?? [], code: info.code, syntheticNamedExports: (info as { syntheticNamedExports?: boolean | string }).syntheticNamedExports };
    },
    async (spec, importer) => (await ctx.resolve(spec, importer, { skipSelf: true }))?.id ?? null,
  );
  return { code: membraneModule(membrane.pkg, membrane.realId, shape), syntheticNamedExports: shape.synthetic ? '__portcullisNamed' : false };
}
