// The build-time checks of what a package brings besides its globals, kept out of index.ts's hooks: its stylesheets'
// URLs (css-policy.ts, row 61) and, for a dom-mode package, its selectors (css-scope.ts, rows 62 and 65), its `import.meta` uses (import-meta.ts, row 60) and the import specifiers its own
// code names, which helpers.ts needs to tell a helper the bundler injected from one the package asked for (row 58).
import type { PackageUsage } from '../policy/generate.js';
import type { Policy } from '../policy/schema.js';
import { cleanId, type PackageGraph } from './attribution.js';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { CSS_FILE, checkCss, cssUses } from './css-policy.js';
import { confineStylesheet } from './css-scope.js';
import { inlinedPackageScripts } from './inlined-scripts.js';
import { isDomPackage } from './routing.js';
import { PortcullisBuildError } from './errors.js';
import { checkFileReferences, checkImportMeta } from './import-meta.js';
import { isScriptFile } from './served-files.js';
import type { GlobalUse } from './uses.js';

/**
 * Specifiers of Vite's special URL spaces (`/@id/`, `/@fs/`, `/@vite/`, `/@react-refresh`), Portcullis's own modules
 * (`portcullis:prelude/…`; `\0portcullis-…` spelled `/@id/__x00__…`), virtual ids. Not a scoped package (`@id/x`).
 */
const UNGRANTABLE_IMPORT = /^(?:\/@(?:id|fs)\/|\/?@vite\/|\/@react-refresh\b|\0|portcullis:|virtual:)|__x00__/;

export function createPackageChecks(state: {
  graph: () => PackageGraph;
  /** The policy in force; undefined while generating or analysing (then nothing is refused, only recorded). */
  policy: () => Policy | undefined;
  usages: () => Map<string, PackageUsage>;
  /** The override file as messages name it. */
  overrideFile: () => string;
}) {
  /** Package stylesheets seen this build: package → display path → the URLs they load. */
  const stylesheets = new Map<string, Map<string, GlobalUse[]>>();

  function usageOf(pkg: string): PackageUsage {
    const usages = state.usages();
    let usage = usages.get(pkg);
    if (!usage) usages.set(pkg, (usage = { modules: new Map(), imports: new Set() }));
    return usage;
  }

  return {
    /** A package's stylesheet, read from disk as it loads (load hook): every URL leaving the bundle needs `css.origins`. */
    stylesheet(id: string): void {
      const file = cleanId(id);
      if (!file || !CSS_FILE.test(file)) return;
      const graph = state.graph();
      const owner = graph.attribute(file);
      if (owner.kind !== 'package') return;
      const policy = state.policy();
      const problems: string[] = [];
      for (const sheet of cssUses(file, problems)) {
        const module = graph.displayPath(sheet.file);
        if (!stylesheets.has(owner.name)) stylesheets.set(owner.name, new Map());
        stylesheets.get(owner.name)!.set(module, sheet.uses);
        usageOf(owner.name).modules.set(module, sheet.uses);
        if (policy) problems.push(...checkCss({ pkg: owner.name, module, uses: sheet.uses, grant: policy.resources[owner.name]?.css, overrideFile: state.overrideFile() }));
      }
      if (problems.length) throw new PortcullisBuildError('PORTCULLIS_CSS_URL_DENIED', problems.join('\n'));
    },

    /**
     * A dom-mode package's stylesheet as the bundler gets it (load hook): its selectors confined to the elements the
     * package made. Null for any other file (read as usual), and while generating or analysing.
     */
    confinedStylesheet(id: string): string | null {
      const file = cleanId(id);
      const policy = state.policy();
      if (!file || !policy || !CSS_FILE.test(file)) return null;
      const graph = state.graph();
      const owner = graph.attribute(file);
      if (owner.kind !== 'package' || !isDomPackage(policy, owner.name)) return null;
      const where = graph.displayPath(file);
      const advice = `"${owner.name}" has a dom section, so its stylesheets may style only the elements it makes; to let it style the whole page, grant it the real document in ${state.overrideFile()} (full power).`;
      if (!file.endsWith('.css')) {
        throw new PortcullisBuildError('PORTCULLIS_CSS_SELECTOR_DENIED', `${where}: Portcullis confines plain CSS only: import the package's compiled .css instead. ${advice}`);
      }
      const { code, problems } = confineStylesheet(readFileSync(file, 'utf8'), owner.name);
      if (problems.length) throw new PortcullisBuildError('PORTCULLIS_CSS_SELECTOR_DENIED', `${where}: cannot confine:\n${problems.map((p) => `  ${p}`).join('\n')}\n${advice}`);
      return code;
    },

    /** Stylesheets render no JavaScript, so the analysis of rendered modules drops them: they count all the same. */
    addStylesheetUses(into: Map<string, PackageUsage>): void {
      for (const [pkg, sheets] of stylesheets) {
        if (!into.has(pkg)) into.set(pkg, { modules: new Map(), imports: state.usages().get(pkg)?.imports ?? new Set() });
        for (const [module, uses] of sheets) into.get(pkg)!.modules.set(module, uses);
      }
    },

    /** generateBundle: `import.meta` beyond what every package has needs a grant, in the modules the bundle renders. */
    renderedImportMeta(bundle: Record<string, { type: string; modules?: Record<string, { renderedLength: number }> }>, fileOf: (ref: string) => string | undefined): void {
      const policy = state.policy();
      if (!policy) return;
      const graph = state.graph();
      const rendered = new Set<string>();
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const [id, info] of Object.entries(output.modules ?? {})) if (info.renderedLength > 0) rendered.add(graph.displayPath(id));
      }
      const scripts = checkFileReferences({ usages: state.usages(), rendered: (module) => rendered.has(module), fileOf });
      if (scripts.length) throw new PortcullisBuildError('PORTCULLIS_SCRIPT_ASSET', scripts.join('\n'));
      const problems = checkImportMeta({ usages: state.usages(), policy, rendered: (module) => rendered.has(module), overrideFile: state.overrideFile() });
      if (problems.length) throw new PortcullisBuildError('PORTCULLIS_IMPORT_META_DENIED', problems.join('\n'));
    },

    /**
     * generateBundle: a package's script emitted as a file, whoever named it. The app's own `new URL('pkg/w.js',
     * import.meta.url)` (pdf.js's `workerSrc`), or a plugin's, copies it as it is, never confined, to run with full
     * power once loaded by URL (`new Worker(url)` from a variable, `import(url)`). The package's own references are
     * checked with their line (renderedImportMeta); this check reads the bundle, so no route to the file is missed.
     * The same file inlined as a data: URL, or emitted by a plugin that names no source, is inlined-scripts.ts's (by its bytes).
     */
    scriptAssets(bundle: Record<string, { type: string; fileName: string; code?: string; source?: string | Uint8Array; originalFileNames?: readonly string[]; originalFileName?: string | null }>, root: string, runtimeFile?: string): void {
      const graph = state.graph();
      const problems: string[] = [];
      for (const output of Object.values(bundle)) {
        if (output.type !== 'asset') continue;
        const originals = output.originalFileNames ?? (output.originalFileName ? [output.originalFileName] : []);
        for (const original of originals) {
          const owner = graph.attribute(isAbsolute(original) ? original : resolve(root, original));
          if (owner.kind !== 'package' || !(isScriptFile(original, output.source) || isScriptFile(output.fileName, output.source))) continue;
          problems.push(
            `${graph.displayPath(resolve(root, original))} (package "${owner.name}") is emitted as the file ${output.fileName}, copied as it is: ` +
              'never confined, it would run with the page\'s full power once loaded by URL (a worker, import(), a <script src>, a frame or a navigation). ' +
              'Import the module instead (then it is bundled and confined), or do not ship the package\'s script by URL',
          );
        }
      }
      problems.push(...inlinedPackageScripts(bundle, graph, runtimeFile));
      if (problems.length) throw new PortcullisBuildError('PORTCULLIS_SCRIPT_ASSET', problems.join('\n'));
    },

    /** `vite dev`: a module (the app's too) that holds a package's script as a data: URL (inlined-scripts.ts). */
    inlinedScriptsNow(file: string, code: string): void {
      if (!/data:/i.test(code)) return;
      const graph = state.graph();
      const where = file.startsWith('\0') ? file.slice(1) : graph.displayPath(file);
      const problems = inlinedPackageScripts({ [file]: { type: 'chunk', fileName: where, code, modules: { [file]: {} } } }, graph); // (one module: no prebuilt chunk)
      if (problems.length) throw new PortcullisBuildError('PORTCULLIS_SCRIPT_ASSET', problems.join('\n'));
    },

    /** `vite dev` has no generateBundle: one module's `import.meta` uses, checked as it is served or pre-bundled. */
    importMetaNow(pkg: string, module: string, uses: GlobalUse[]): void {
      const policy = state.policy();
      if (!policy) return;
      const one = new Map([[pkg, { modules: new Map([[module, uses]]), imports: new Set<string>() }]]);
      const problems = checkImportMeta({ usages: one, policy, rendered: () => true, overrideFile: state.overrideFile() });
      if (problems.length) throw new PortcullisBuildError('PORTCULLIS_IMPORT_META_DENIED', problems.join('\n'));
    },

    /**
     * `vite dev`, where the import check between packages only reports (the build enforces it): a package's own import
     * of what no policy can grant fails the module as it is served. Another package's compartment
     * (`portcullis:prelude/other`, `/@id/__x00__portcullis-prelude:other`: that package's powers) or a module of
     * Vite's own (`/@vite/client`: real `<style>` elements, the HMR channel), or any virtual module by its id. The
     * build refuses the same imports (imports.ts), so this fails only what a build would fail. Red team s13.
     */
    virtualImportsNow(pkg: string, module: string, uses: GlobalUse[]): void {
      const problems = uses
        .filter((use) => use.kind === 'import' && UNGRANTABLE_IMPORT.test(use.path))
        .map((use) => `${module}:${use.line}:${use.column} (package "${pkg}") imports ${JSON.stringify(use.path.replace(/\0/g, '\\0'))}, a module of Vite or Portcullis or another plugin's virtual module, which no policy grants: a package may import only packages`);
      if (problems.length) throw new PortcullisBuildError('PORTCULLIS_IMPORT_DENIED', problems.join('\n'));
    },

    /** The imports the transform saw in a package's module (before any bundler injected its own). */
    specifiersOf(id: string): GlobalUse[] | undefined {
      const graph = state.graph();
      const owner = graph.attribute(id);
      return owner.kind === 'package' ? state.usages().get(owner.name)?.modules.get(graph.displayPath(id)) : undefined;
    },
  };
}
