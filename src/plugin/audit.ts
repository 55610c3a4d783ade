// Invariant 2 (DESIGN.md, "The boundary"): what runs is what was confined. The transform decides what a package's
// module may reach; this audit proves, on the bundle as rendered, that the decision is what ships. For every module
// attributed to a package that contributes code to a JS chunk (entry and dynamic chunks, the dev optimizer's
// pre-bundled files; worker bundles are audited by workers.ts), whatever its extension and whichever plugin made it:
// - the module went through this build's transform (a module the transform skipped, such as `import './x.data'`,
//   would run as it is);
// - its code, found where the bundler rendered it in the chunk, reaches no global except the shared hardened
//   intrinsics, writes nothing into the chunk's `import.meta` (reads are import-meta.ts's, on the source), makes no
//   computed `import()` but the checked one, and is strict.
//   This reads what was rendered, not what the transform returned, so a later plugin's `transform` or `renderChunk`
//   that brings a global back is caught; code no longer where the bundler rendered it fails the build;
// - after every plugin's renderChunk and minification (generateBundle), the chunk reaches no global it did not reach
//   when it was proven.
// Anything else fails the build naming the module (PORTCULLIS_UNCONFINED_CODE). Output options under which package
// code would run sloppy are refused, and non-ES formats are made strict (PORTCULLIS_SLOPPY_OUTPUT).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../policy/load.js';
import type { PackageGraph } from './attribution.js';
import { SHARED_INTRINSICS } from './globals.js';
import { PortcullisBuildError } from './errors.js';
import { lineStartsOf, locate, parseChunk, type Span } from './rendered-code.js';

/** The part of a rendered chunk (Rollup's and Rolldown's RenderedChunk) the audit reads. */
export interface AuditedChunk {
  fileName: string;
  modules: Record<string, { code: string | null; renderedLength: number }>;
}

const MODULE_FORMATS = new Set(['es', 'esm', 'module']);
/** The audit's own code: a cached proof made by other rules does not count. */
const AUDIT_VERSION = (() => {
  const hash = createHash('sha256');
  for (const name of ['audit', 'rendered-code', 'helper-bindings', 'globals']) {
    for (const ext of ['.js', '.ts']) {
      const file = fileURLToPath(new URL(`./${name}${ext}`, import.meta.url));
      if (existsSync(file)) hash.update(readFileSync(file));
    }
  }
  // Bundled into one file (a Vite config that imports the plugin from source): that file.
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex');
})();
const isModuleFormat = (format: string | undefined) => format === undefined || MODULE_FORMATS.has(format);

/** A chunk's identity from renderChunk to generateBundle (its file name still holds hash placeholders at render). */
const chunkKey = (chunk: { modules: Record<string, unknown> }) => Object.keys(chunk.modules).join('\0');

/**
 * Proofs that passed, by content: a chunk whose code, format and package modules are byte for byte those of a proven
 * one needs no second parse (a warm rebuild). Only passes are kept; a failure is always recomputed.
 */
function proofCache(dir: string | undefined) {
  const file = (key: string) => join(dir!, key.slice(0, 2), key);
  return {
    key: (...parts: string[]) => {
      const hash = createHash('sha256');
      for (const part of parts) hash.update(part).update('\0');
      return hash.digest('hex');
    },
    has: (key: string) => Boolean(dir) && existsSync(file(key)),
    /** A proof's content, or undefined: absent, or unreadable (a miss only costs time). */
    read(key: string): string | undefined {
      if (!dir) return undefined;
      try {
        return readFileSync(file(key), 'utf8');
      } catch {
        return undefined;
      }
    },
    add(key: string, content = ''): void {
      if (!dir) return;
      try {
        mkdirSync(join(dir, key.slice(0, 2)), { recursive: true });
        // Whole or not at all: builds and dev servers of one app share the cache, and a reader must never see a
        // file another process has only begun to write.
        writeFileAtomic(file(key), content);
      } catch {
        // A cache that cannot be written only costs time.
      }
    },
  };
}

export function createBundleAudit(graph: () => PackageGraph, cacheDir: () => string | undefined) {
  /** Ids this build's transform confined (kept across watch rebuilds, which do not transform unchanged modules again). */
  const confined = new Set<string>();
  /** Per proven chunk: the global names it reached when proven. */
  const proven = new Map<string, { names: Set<string>; format: 'module' | 'script' }>();

  function packageOf(id: string): string | undefined {
    const owner = graph().attribute(id);
    return owner.kind === 'package' ? owner.name : undefined;
  }

  return {
    /** The transform confined (or checked and left unchanged) this module. */
    noteConfined(id: string): void {
      confined.add(id);
    },

    /** Refuses `output.strict: false` for formats where it makes package code sloppy; makes the others strict. */
    outputOptions<T extends { format?: string; strict?: boolean | 'auto' }>(options: T): T | null {
      if (isModuleFormat(options.format)) return null;
      if (options.strict === false) {
        throw new PortcullisBuildError(
          'PORTCULLIS_SLOPPY_OUTPUT',
          `output.strict: false with format "${options.format}" runs package code in sloppy mode, where \`this\` in a plain ` +
            'function call is the real window. Remove `strict: false` (Portcullis makes non-ES output strict), or use format "es"',
        );
      }
      return { ...options, strict: true };
    },

    /** renderChunk (first, before any minifier): proves each package module of the chunk. Returns the problems. */
    renderChunk(code: string, chunk: AuditedChunk, format: string | undefined): string[] {
      const goal = isModuleFormat(format) ? 'module' : 'script';
      const modules: { id: string; pkg: string; code: string }[] = [];
      const problems: string[] = [];
      for (const [id, info] of Object.entries(chunk.modules)) {
        if (!info.code || info.renderedLength === 0 || !info.code.trim()) continue;
        const pkg = packageOf(id);
        if (!pkg) continue;
        if (!id.startsWith('\0') && !confined.has(id)) {
          problems.push(
            `${graph().displayPath(id)} (package "${pkg}") is bundled into ${chunk.fileName} as JavaScript, but Portcullis's ` +
              'transform never saw it (a module type it skips, or a plugin that loaded it outside the transform): it would run unconfined',
          );
          continue;
        }
        modules.push({ id, pkg, code: info.code });
      }
      if (!modules.length && !problems.length) return [];
      const cache = proofCache(cacheDir());
      const key = cache.key(AUDIT_VERSION, goal, code, ...modules.flatMap((m) => [m.id, m.pkg, m.code]));
      const cachedNames = problems.length ? undefined : provenNames(cache.read(key));
      if (cachedNames) {
        proven.set(chunkKey(chunk), { names: cachedNames, format: goal });
        return [];
      }
      let parsed;
      try {
        parsed = parseChunk(code, goal);
      } catch (error) {
        return [...problems, `${chunk.fileName} cannot be parsed as the browser will read it (${(error as Error).message}), so Portcullis cannot prove what it runs`];
      }
      const lineStarts = lineStartsOf(code);
      const spans: Span[] = [];
      const located: typeof modules = [];
      let cursor = 0;
      for (const module of modules) {
        const span = locate(code, lineStarts, module.code, cursor);
        if (!span) {
          problems.push(
            `${graph().displayPath(module.id)} (package "${module.pkg}") is not in ${chunk.fileName} as the bundler rendered it: ` +
              'a plugin changed the chunk afterwards (renderChunk), so Portcullis cannot prove the code that ships is the code it confined',
          );
          continue;
        }
        cursor = span.end;
        spans.push(span);
        located.push(module);
      }
      const escapes = parsed.escapesIn(spans, located.map((m) => m.pkg));
      located.forEach((module, i) => {
        for (const escape of escapes[i]!) {
          const line = upper(lineStarts, escape.offset);
          problems.push(
            `${graph().displayPath(module.id)} (package "${module.pkg}") reaches ${escape.what} unconfined in ${chunk.fileName}:${line}:` +
              `${escape.offset - lineStarts[line - 1]! + 1}: the code that ships is not what Portcullis confined (a plugin after it, or a module it could not rewrite)`,
          );
        }
      });
      const names = new Set(parsed.free.map((f) => f.name));
      proven.set(chunkKey(chunk), { names, format: goal });
      if (!problems.length) cache.add(key, JSON.stringify([...names]));
      return problems;
    },

    /** generateBundle (last): the final code of each proven chunk reaches no global it did not reach when proven. */
    generateBundle(bundle: Record<string, { type: string; code?: string; modules?: Record<string, unknown>; fileName: string }>): string[] {
      const problems: string[] = [];
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk' || !output.modules || output.code === undefined) continue;
        const before = proven.get(chunkKey(output as { modules: Record<string, unknown> }));
        if (!before) continue;
        const cache = proofCache(cacheDir());
        const key = cache.key(AUDIT_VERSION, 'final', before.format, output.code, ...[...before.names].sort());
        if (cache.has(key)) continue;
        let names: string[];
        try {
          names = parseChunk(output.code, before.format).free.map((f) => f.name);
        } catch (error) {
          problems.push(`${output.fileName} cannot be parsed after minification (${(error as Error).message}), so Portcullis cannot prove what it runs`);
          continue;
        }
        const added = [...new Set(names)].filter((name) => !before.names.has(name) && !SHARED_INTRINSICS.has(name));
        if (!added.length) cache.add(key);
        else {
          problems.push(
            `${output.fileName} reaches ${added.map((n) => `\`${n}\``).join(', ')} after Portcullis proved it: a plugin changed it after rendering ` +
              '(renderChunk or generateBundle), and Portcullis cannot tell whether that code belongs to a package. Run that plugin before portcullis()',
          );
        }
      }
      return problems;
    },
  };
}

function upper(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type BundleAudit = ReturnType<typeof createBundleAudit>;

/** The global names a cached proof lists; undefined for a missing or damaged one (then the chunk is proven again). */
function provenNames(content: string | undefined): Set<string> | undefined {
  if (content === undefined) return undefined;
  try {
    const names: unknown = JSON.parse(content);
    return Array.isArray(names) && names.every((n) => typeof n === 'string') ? new Set(names) : undefined;
  } catch {
    return undefined;
  }
}
