// Invariant 2 (DESIGN.md, "The boundary"), its second half: packages reach only the virtual modules the bundler itself
// injected into them. Bundler helpers run unconfined: Vite's preload helper writes `<link>` elements with the real
// document and fetches what it is given, its modulepreload polyfill and wasm helper use the real `fetch` (THREATS.md
// row 58). A package's module may import such a helper only when the bundler put the import there, after Portcullis's
// transform (Vite wraps each dynamic import in `__vitePreload` once modules are confined); an import the package's
// own code names (`import '\0vite/preload-helper.js'`, `vite/modulepreload-polyfill`, a `.wasm?init` module) is
// refused, however the specifier is spelled: each specifier the transform saw is resolved to see where it leads.
import type { GlobalUse } from './uses.js';

/** Helpers that hold real powers, matched after leading \0s. Only these may be injected; others are not allowed at all. */
export const POWER_HELPERS = /^(?:vite\/(?:preload-helper|modulepreload-polyfill|wasm-helper)\.js|rolldown\/runtime\.js)$/;
/**
 * Of those, the ones a bundler injects into a package's module: Vite's preload helper, for a dynamic import; Rolldown's
 * runtime (its linker adds it, never as an import the package's source could name: `__require`, `__toBinaryNode`
 * reach the page's `require` and `Buffer`, `__share_require` other chunks' modules).
 */
const INJECTABLE = /^(?:vite\/preload-helper\.js|rolldown\/runtime\.js)$/;

export interface HelperImport {
  importer: string;
  pkg: string;
  target: string;
}

interface ResolveContext {
  resolve(source: string, importer?: string): Promise<{ id: string } | null>;
}

/**
 * The helper imports that the package's own code made (or that no bundler injects): each is a problem, naming the
 * module. `specifiers(id)` lists the imports the transform saw in that module (before any bundler injection).
 */
export async function checkHelperImports(options: {
  ctx: ResolveContext;
  imports: HelperImport[];
  specifiers: (id: string) => GlobalUse[] | undefined;
  displayPath: (id: string) => string;
}): Promise<string[]> {
  const { ctx, imports, specifiers, displayPath } = options;
  const problems: string[] = [];
  const refuse = (h: HelperImport, why: string) =>
    problems.push(`${displayPath(h.importer)} (package "${h.pkg}") imports the bundler helper "${h.target.replace(/\0/g, '\\0')}", ${why}: it runs unconfined with the real document and network, so no package may import it`);
  for (const h of imports) {
    const helper = h.target.replace(/^\0+/, '');
    if (!INJECTABLE.test(helper)) {
      refuse(h, 'which the bundler never injects into a package');
      continue;
    }
    for (const use of specifiers(h.importer) ?? []) {
      if (use.kind !== 'import') continue;
      const resolved = use.path.replace(/^\0+/, '') === helper ? { id: h.target } : await ctx.resolve(use.path, h.importer).catch(() => null);
      if (resolved?.id === h.target) {
        refuse(h, `which its own code names (line ${use.line}: "${use.path.replace(/\0/g, '\\0')}")`);
        break;
      }
    }
  }
  return problems;
}
