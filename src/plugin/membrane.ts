// The app's imports of a package go through a per-module membrane module, so that every value the app gets from the
// package, and every value it passes back, crosses in src/boundary (app-membrane.ts for dom-mode packages,
// app-membrane-shallow.ts for the others). The app's own imports are routed, and so are a full-power package's
// imports of a dom-mode package (it holds the real page as the app does); imports between confined packages are not
// a way into the real page, and a full-power package itself is not routed to.
// The membrane module keeps the module's shape: every export by name (`export *` followed to its sources), the
// default export (a CommonJS module's `module.exports`, and its named exports as cjs-exports.ts finds them), each export's identity (one stand-in per value) and, for
// bindings the module declares with `export let`/`export var`, live updates after each call into the package.
// Unused exports stay tree-shakable: each is a pure read of the real module.
import { readFile } from 'node:fs/promises';
import { parse as lexModule } from 'es-module-lexer';
import { commonJsExports } from './cjs-exports.js';
import { RUNTIME_MISSING_MESSAGE } from './errors.js';

export const MEMBRANE_ID = '\0portcullis-membrane:';

/**
 * `\0portcullis-membrane:<package>|<real module id>`. In `vite dev` the id travels in a URL (Vite turns only the
 * leading \0 into `__x00__`; Firefox cuts a URL at a NUL): `|` is URL-safe there and never in a package name.
 * The trailing `|` keeps other plugins from taking the id for the real one's (Rollup commonjs's loads any id that
 * ends in `?commonjs-es-import`).
 */
export function membraneId(pkg: string, realId: string): string {
  return `${MEMBRANE_ID}${pkg}|${realId}|`;
}

export function parseMembraneId(id: string): { pkg: string; realId: string } | undefined {
  if (!id.startsWith(MEMBRANE_ID)) return undefined;
  const rest = id.slice(MEMBRANE_ID.length);
  const split = rest.indexOf('|');
  if (split === -1 || !rest.endsWith('|')) return undefined;
  return { pkg: rest.slice(0, split), realId: rest.slice(split + 1, -1) };
}

/**
 * Modules worth routing: script modules, plus Rollup commonjs's ES wrapper of a CommonJS module and, when `versioned`,
 * a dependency with Vite dev's version query (`?v=…`: pre-bundled or served as it is). Not JSON, CSS, `?url`.
 */
export function routable(id: string, versioned = false): boolean {
  const [file, query] = id.split('?') as [string, string | undefined];
  if (query !== undefined && query !== 'commonjs-es-import' && !(versioned && /^v=[\w-]+$/.test(query))) return false;
  return /\.(?:[cm]?[jt]sx?|vue|svelte)$/.test(file) || !/\.[a-z0-9]+$/i.test(file);
}

export interface ModuleShape {
  /** Export names (no '*'); 'default' included when the module has one. */
  names: string[];
  /** Names declared `export let`/`export var` by the module itself: refreshed after each call into the package. */
  live: string[];
  /** Rollup's commonjs wrapper exports its names through `syntheticNamedExports`: so must the membrane module. */
  synthetic: boolean;
  /**
   * Names that re-export another module's namespace (`import * as z from './x.js'; export { z }`, zod's shape), with
   * the module's id: the membrane module re-exports that module's own membrane namespace, so the app's `z.object`
   * stays a member read the bundler can shake (one `toApp(real.z)` kept every export of zod: +260 KB).
   */
  namespaces?: Array<[name: string, id: string]>;
}

/** What the bundler knows of a module: its export names and its source. */
export interface ModuleFacts {
  exports: readonly string[];
  code: string | null;
  syntheticNamedExports?: boolean | string;
}

const BUNDLER_INTERNAL = new Set(['*', '__moduleExports', '__require', '__exports']);

/**
 * The module's export names, `export *` followed through `resolve` (a name of the module's own, or of an earlier
 * star, wins; `default` never comes from a star, as in ECMAScript).
 */
export async function moduleShape(id: string, facts: (id: string) => Promise<ModuleFacts | null>, resolve: (spec: string, importer: string) => Promise<string | null>, seen = new Set<string>()): Promise<ModuleShape> {
  seen.add(id);
  const info = await facts(id);
  const code = info?.code ?? (await readFile(id.split('?')[0]!, 'utf8').catch(() => ''));
  let lexed: ReturnType<typeof lexModule> | undefined;
  try {
    lexed = lexModule(code);
  } catch {
    lexed = undefined;
  }
  const names = new Set((info?.exports ?? []).filter((n) => !BUNDLER_INTERNAL.has(n)));
  const commonJs = lexed ? !lexed[3] : false;
  if (commonJs || id.endsWith('?commonjs-es-import')) names.add('default');
  // Rolldown lists no named exports for a CommonJS module and has no synthetic ones: the lexer's names are re-exported.
  if (commonJs && !info?.syntheticNamedExports) for (const name of await commonJsExports(id, resolve)) names.add(name);
  const live = new Set<string>();
  const namespaces = new Map<string, string>();
  if (lexed) {
    for (const exp of lexed[1]) {
      if (exp.type !== 'reexport' || exp.importName !== null || !exp.from || !names.has(exp.name)) continue;
      const target = await resolve(exp.from, id);
      if (target && routable(target)) namespaces.set(exp.name, target);
    }
    for (const m of code.matchAll(/\bexport\s+(?:let|var)\s+([^=;]+)/g)) {
      for (const part of m[1]!.split(',')) {
        const name = /^\s*([A-Za-z_$][\w$]*)/.exec(part)?.[1];
        if (name) live.add(name);
      }
    }
    for (const imp of lexed[0]) {
      if (imp.type !== 'reexport-star') continue;
      const target = await resolve(imp.specifier, id);
      if (!target || seen.has(target)) continue;
      const before = new Set(names);
      const inner = await moduleShape(target, facts, resolve, seen);
      for (const name of inner.names) if (name !== 'default') names.add(name);
      for (const [name, ns] of inner.namespaces ?? []) if (name !== 'default' && !before.has(name)) namespaces.set(name, ns);
    }
  }
  return { names: [...names], live: [...live].filter((n) => names.has(n)), synthetic: Boolean(info?.syntheticNamedExports), namespaces: [...namespaces] };
}

/** The module the app imports instead of the package's own. */
export function membraneModule(pkg: string, realId: string, shape: ModuleShape): string {
  const lines = [
    `import * as real from ${JSON.stringify(realId)};`,
    // The app's import of a package can run before any package's prelude: the same clear error when the runtime is missing.
    `if (!globalThis.__portcullis__) throw new Error(${JSON.stringify(RUNTIME_MISSING_MESSAGE)});`,
    `const membrane = globalThis.__portcullis__.membrane(${JSON.stringify(pkg)});`,
  ];
  const exported: string[] = [];
  const live = new Set(shape.live);
  const namespaces = new Map(shape.namespaces);
  shape.names.forEach((name, i) => {
    const local = `$${i}`;
    exported.push(`${local} as ${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}`);
    const namespace = namespaces.get(name);
    if (namespace !== undefined) return void lines.unshift(`import * as ${local} from ${JSON.stringify(membraneId(pkg, namespace))};`);
    const read = `membrane.toApp(real[${JSON.stringify(name)}], ${JSON.stringify(name)})`;
    if (live.has(name)) {
      lines.push(`let ${local} = ${read};`, `membrane.watch(() => { ${local} = ${read}; });`);
    } else lines.push(`const ${local} = /*#__PURE__*/ ${read};`);
  });
  if (shape.synthetic) {
    // Rollup's commonjs wrapper: names it cannot list come from `module.exports`, converted.
    lines.push(`const $named = /*#__PURE__*/ membrane.toApp(real.__moduleExports, "module.exports");`);
    exported.push('$named as __portcullisNamed');
  }
  if (exported.length) lines.push(`export { ${exported.join(', ')} };`);
  return lines.join('\n');
}
