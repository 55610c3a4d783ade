// `import.meta` in package code (THREATS.md row 60). Vite replaces `import.meta.env.VITE_X` with the app's value after
// Portcullis's transform, and in dev hands every module that names it the whole env object and its own
// `import.meta.hot` (a channel to the dev server): a package would read the app's `VITE_*` settings and keys past
// every grant. So a package may use, with no grant, only what says nothing about the app: `url`, `resolve` and the
// five env values Vite itself sets (`MODE`, `DEV`, `PROD`, `SSR`, `BASE_URL`), read statically; anything else needs
// its policy's `importMeta` grant (`"env.VITE_X": true`, `"env": true` for the whole object, `"hot": true`), or the
// build fails naming the file, line and grant. The uses are the transform's (uses.ts, kind `meta`), checked on the
// modules the bundle renders, as the generator writes grants for those.
import type { Node as AcornNode } from 'acorn';
import type { PackageUsage } from '../policy/generate.js';
import type { Policy } from '../policy/schema.js';
import { SCRIPT_FILE } from './served-files.js';
import { staticProperty, type GlobalUse } from './uses.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
type AnyNode = AcornNode & Record<string, any>;

/** What every package may read from `import.meta` without a grant. */
export const FREE_IMPORT_META: ReadonlySet<string> = new Set([
  'url', 'resolve', 'glob', 'env.MODE', 'env.DEV', 'env.PROD', 'env.SSR', 'env.BASE_URL',
]);

/**
 * A bundler's placeholder for the URL of a file it emits (`?url`, `new URL('./x', import.meta.url)`): Vite 8 writes
 * `import.meta.ROLLDOWN_FILE_URL_<ref>`, Rollup plugins `import.meta.ROLLUP_FILE_URL_<ref>`. Not a member anyone
 * grants: the URL of the package's own image or wasm is free, and its own script is never shipped as a file
 * (copied as it is, it would run unconfined once loaded by URL: `import(url)`, a `<script src>`).
 */
const FILE_REFERENCE = /^(?:ROLLDOWN|ROLLUP)_FILE_URL_([\w$]+)$/;

/** The grants a use needs: none, one member, or (for `import.meta` itself, which carries both) `env` and `hot`. */
export function importMetaGrantsFor(use: GlobalUse): string[] {
  if (use.kind !== 'meta' || FREE_IMPORT_META.has(use.path) || FILE_REFERENCE.test(use.path)) return [];
  return use.path === '' ? ['env', 'hot'] : [use.path];
}

function granted(policy: Policy, pkg: string, path: string): boolean {
  const grants = policy.resources[pkg]?.importMeta ?? {};
  return grants[path] === true || (path.startsWith('env.') && grants.env === true);
}

/**
 * Problems for every rendered file reference of a package whose emitted file is a script (or that names no emitted
 * file: fail closed). `fileOf`: the emitted file's name for a reference (the bundler's `getFileName`).
 */
export function checkFileReferences(options: { usages: Map<string, PackageUsage>; rendered: (module: string) => boolean; fileOf: (ref: string) => string | undefined }): string[] {
  const problems: string[] = [];
  for (const { pkg, module, use } of renderedUses(options.usages, options.rendered)) {
    const ref = use.kind === 'meta' ? FILE_REFERENCE.exec(use.path)?.[1] : undefined;
    if (ref === undefined) continue;
    // Vite 8 appends `_<24 hex>` for a query it keeps on the URL (`./x.txt?import`): the file is the reference's.
    const file = options.fileOf(ref) ?? options.fileOf(ref.replace(/_[0-9a-f]{24}$/, ''));
    if (file !== undefined && !SCRIPT_FILE.test(file)) continue;
    const where = `${module}:${use.line}:${use.column} (package "${pkg}")`;
    problems.push(
      file === undefined
        ? `${where} names a file the bundler emits (import.meta.${use.path}) that the build cannot find, so it cannot tell whether it is code`
        : `${where} ships a file of its own as a URL (${file}: a \`?url\` import or \`new URL('./…', import.meta.url)\`), and that file is code: copied as it is, never confined, it would run with the page's full power once loaded by URL. Import the module instead, or remove the package`,
    );
  }
  return problems;
}

/** Every use of the modules the bundle renders, with its package and module. */
function* renderedUses(usages: Map<string, PackageUsage>, rendered: (module: string) => boolean): Generator<{ pkg: string; module: string; use: GlobalUse }> {
  for (const [pkg, usage] of usages) {
    for (const [module, uses] of usage.modules) {
      if (!rendered(module)) continue;
      for (const use of uses) yield { pkg, module, use };
    }
  }
}

/** Problems for every rendered use a package's policy does not grant. */
export function checkImportMeta(options: { usages: Map<string, PackageUsage>; policy: Policy; rendered: (module: string) => boolean; overrideFile: string }): string[] {
  const problems: string[] = [];
  for (const { pkg, module, use } of renderedUses(options.usages, options.rendered)) {
    const missing = importMetaGrantsFor(use).filter((path) => !granted(options.policy, pkg, path));
    if (!missing.length) continue;
    const what = use.path === '' ? 'import.meta itself (its env and hot)' : `import.meta.${use.path}`;
    const snippet = JSON.stringify({ resources: { [pkg]: { importMeta: Object.fromEntries(missing.map((m) => [m, true])) } } });
    problems.push(`${module}:${use.line}:${use.column} (package "${pkg}") reads ${what}, which its policy does not grant. If it should, add to ${options.overrideFile}: ${snippet}`);
  }
  return problems;
}

/** The generator's `importMeta` section for a package: every member its rendered uses need. */
export function importMetaSection(usage: PackageUsage): Record<string, true> | undefined {
  const paths = new Set<string>();
  for (const uses of usage.modules.values()) for (const use of uses) for (const path of importMetaGrantsFor(use)) paths.add(path);
  // `env` whole covers each of its values.
  if (paths.has('env')) for (const path of [...paths]) if (path.startsWith('env.')) paths.delete(path);
  return paths.size ? Object.fromEntries([...paths].sort().map((p) => [p, true as const])) : undefined;
}

/**
 * What a use of `import.meta` reads: `env.<NAME>` for a static read of one env value, `env` for the whole env object
 * (passed on, destructured, or read with a computed key), `hot`/`url`/… for another member, `''` for `import.meta`
 * itself used as a value.
 */
export function importMetaPath(meta: AnyNode, parents: Map<AnyNode, AnyNode>): string {
  const member = parents.get(meta);
  const first = member?.type === 'MemberExpression' && member.object === meta ? staticProperty(member) : undefined;
  if (first === undefined) return '';
  if (first !== 'env') return first;
  const outer = parents.get(member!);
  const second = outer?.type === 'MemberExpression' && outer.object === member ? staticProperty(outer) : undefined;
  return second === undefined ? 'env' : `env.${second}`;
}
