// THREATS.md row 57, a package's script shipped in a form the transform never saw, found by its bytes, whatever it is
// called. (1) Inlined as a data: URL: Vite inlines a file below `build.assetsInlineLimit` (4 KB by default), or any
// file asked for with `?inline` or in library mode, as `data:text/javascript;base64,…`; a plugin may write
// `data:application/javascript;charset=utf-8,<percent-encoded>` or any other type. No file is emitted, and
// `new Worker(url)`, `import(url)` or a `<script src>` in the app runs the package's code unconfined. (2) Emitted by a
// plugin as an asset with no `originalFileName` (nothing names the package), or as a prebuilt chunk: the same code,
// loaded by URL.
// A data: URL of any type but those a browser refuses to run as a script (image/*, audio/*, video/*, text/csv), or an
// unnamed asset, whose bytes are a package's script file fails the build. The app's own inlined worker is left alone
// (its bytes are no package's file). The packages' files are listed by size once per build (or dev session) and hashed
// only when a size matches.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageGraph } from './attribution.js';
import { isScriptFile } from './served-files.js';

type Output = { type: string; fileName: string; code?: string; modules?: Record<string, unknown>; source?: string | Uint8Array; originalFileNames?: readonly string[]; originalFileName?: string | null };

/** `data:` then its media type and parameters, up to the comma (media types are case-insensitive). */
const DATA_URL = /data:([^,"'`\s<>()\\]*),/gi;
/** Types whose script loads browsers refuse (Fetch's "bad MIME type for scripts"). */
const NOT_RUNNABLE = /^\s*(?:image|audio|video)\/|^\s*text\/csv\s*(?:;|$)/i;
/** Types a browser runs as a module script or a worker (the HTML standard's JavaScript MIME types), and pages. */
const SCRIPT_TYPE = /^\s*(?:(?:text|application)\/(?:x-)?(?:javascript|ecmascript)|text\/(?:javascript1\.[0-5]|jscript|livescript|jsx)|application\/node|text\/html|application\/xhtml\+xml)\s*(?:;|$)/i;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Problems, one per package script inlined as a data: URL or emitted unnamed. `runtimeFile`: Portcullis's own. */
export function inlinedPackageScripts(bundle: Record<string, Output>, graph: PackageGraph, runtimeFile?: string): string[] {
  /** Content hash → where it ships: data: URLs (with whether their type is a script's) and unnamed assets. */
  const found = new Map<string, { size: number; scriptType: boolean; in: Set<string>; asset?: string }>();
  const note = (bytes: Uint8Array, where: string, scriptType: boolean, asset?: string) => {
    const key = sha(bytes);
    const entry = found.get(key) ?? { size: bytes.length, scriptType: false, in: new Set<string>() };
    entry.scriptType ||= scriptType;
    entry.in.add(where);
    if (asset) entry.asset = asset;
    found.set(key, entry);
  };
  for (const output of Object.values(bundle)) {
    const text = output.type === 'chunk' ? output.code : typeof output.source === 'string' ? output.source : undefined;
    if (text && /data:/i.test(text)) {
      // An empty payload (code that builds the URL: `'data:text/javascript,' + code`) would match every empty file.
      for (const url of dataUrls(text)) if (/[^\s]/.test(Buffer.from(url.bytes).toString('latin1'))) note(url.bytes, output.fileName, SCRIPT_TYPE.test(url.type));
    }
    // A plugin's prebuilt chunk (`emitFile({ type: 'prebuilt-chunk' })`): code no module of the graph rendered.
    if (output.type === 'chunk' && output.code !== undefined && Object.keys(output.modules ?? {}).length === 0) note(Buffer.from(output.code), output.fileName, true, output.fileName);
    const named = (output.originalFileNames?.length ?? 0) > 0 || !!output.originalFileName;
    if (output.type === 'asset' && !named && output.fileName !== runtimeFile && output.source !== undefined) {
      const bytes = typeof output.source === 'string' ? Buffer.from(output.source) : output.source;
      note(bytes, output.fileName, isScriptFile(output.fileName, output.source), output.fileName);
    }
  }
  if (!found.size) return [];
  const problems: string[] = [];
  const index = packageFiles(graph);
  for (const size of new Set([...found.values()].map((f) => f.size))) {
    for (const candidate of index.bySize.get(size) ?? []) {
      let bytes: Uint8Array | undefined;
      let hit;
      try {
        hit = found.get((candidate.sha ??= sha((bytes = readFileSync(candidate.file)))));
        if (hit && !hit.scriptType && !isScriptFile(candidate.file, (bytes ??= readFileSync(candidate.file)))) continue;
      } catch {
        continue;
      }
      if (!hit) continue;
      const how = hit.asset
        ? `is emitted as the file ${hit.asset} by a plugin that names no source for it`
        : `is inlined into ${[...hit.in].join(', ')} as a data: URL (a \`?url\` or \`?inline\` import, \`new URL('…', import.meta.url)\` below build.assetsInlineLimit, library mode, or a plugin)`;
      problems.push(
        `${graph.displayPath(candidate.file)} (package "${candidate.name}") ${how}, copied as it is: never confined, it would run with ` +
          "the page's full power once loaded by that URL (a worker, import(), a <script src>). Import the module instead (then it is bundled and confined), or do not ship the package's script by URL",
      );
    }
  }
  return [...new Set(problems)];
}

/** Every data: URL in a text (code or markup) that a browser could run as a script, with its decoded bytes. */
export function* dataUrls(text: string): Generator<{ type: string; bytes: Uint8Array }> {
  for (const match of text.matchAll(DATA_URL)) {
    // A source map (a package's own, or Vite's in dev) is read by devtools, never run.
    if (/sourceMappingURL=\s*$/.test(text.slice(Math.max(0, match.index! - 20), match.index!))) continue;
    const params = match[1]!;
    const type = params.split(';')[0]!;
    if (NOT_RUNNABLE.test(type || 'text/plain')) continue;
    const start = match.index! + match[0].length;
    const quote = text[match.index! - 1];
    const raw = quote === '"' || quote === "'" || quote === '`' ? quoted(text, start, quote) : /^[^\s"'`<>()]*/.exec(text.slice(start))![0];
    // As a URL parser does: non-ASCII as UTF-8, then percent-decoded, then (`;base64`) forgiving base64.
    const bytes = percentDecode(Buffer.from(raw, 'utf8'));
    const base64 = /;\s*base64\s*$/i.test(params);
    yield { type: type || 'text/plain', bytes: base64 ? Buffer.from(Buffer.from(bytes).toString('latin1').replace(/[\t\n\f\r ]/g, ''), 'base64') : bytes };
  }
}

/** One-character escapes of a string literal, and line continuations (which are nothing). */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0', '\n': '', '\r': '', '\u2028': '', '\u2029': '' };

/** A JavaScript string literal's value from `start` up to its closing `quote` (escapes read as the engine does). */
function quoted(text: string, start: number, quote: string): string {
  let out = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === quote || (quote === '`' && c === '$' && text[i + 1] === '{')) break;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[++i] ?? '';
    if (next in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[next];
    else if (next === 'x') (out += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16))), (i += 2);
    else if (next === 'u' && text[i + 1] === '{') {
      const end = text.indexOf('}', i);
      out += String.fromCodePoint(parseInt(text.slice(i + 2, end), 16));
      i = end;
    } else if (next === 'u') (out += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16))), (i += 4);
    else out += next;
  }
  return out;
}

function percentDecode(bytes: Buffer): Uint8Array {
  if (!bytes.includes(0x25)) return bytes;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const hex = bytes[i] === 0x25 ? bytes.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9a-f]{2}$/i.test(hex)) (out.push(parseInt(hex, 16)), (i += 2));
    else out.push(bytes[i]!);
  }
  return Uint8Array.from(out);
}

type Indexed = { file: string; name: string; sha?: string };
/** Per graph (one build, one dev session): the packages' files by size, walked once, hashed when a size matches. */
const indexes = new WeakMap<PackageGraph, { bySize: Map<number, Indexed[]> }>();

function packageFiles(graph: PackageGraph): { bySize: Map<number, Indexed[]> } {
  let index = indexes.get(graph);
  if (index) return index;
  index = { bySize: new Map() };
  for (const [name, dir] of graph.dirOfName) {
    for (const file of filesOf(dir)) {
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        continue;
      }
      const list = index.bySize.get(size) ?? [];
      list.push({ file, name });
      index.bySize.set(size, list);
    }
  }
  indexes.set(graph, index);
  return index;
}

/** Every file in a package's folder, not those of packages installed inside it (they are in the graph on their own). */
function* filesOf(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* filesOf(join(dir, entry.name));
    } else if (entry.isFile()) yield join(dir, entry.name);
  }
}
