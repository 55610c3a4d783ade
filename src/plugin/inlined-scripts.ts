// THREATS.md row 57, a package's script shipped in a form the transform never saw: inlined as a data: URL. Vite
// inlines a file below `build.assetsInlineLimit` (4 KB by default), or any file asked for with `?inline` or in library
// mode, as `data:text/javascript;base64,…` wherever its URL was asked for: the package's own `?url`, or the app's
// `new URL('pkg/w.js', import.meta.url)`. No file is emitted (so PORTCULLIS_SCRIPT_ASSET's check of emitted files
// sees nothing), and `new Worker(url)` or `import(url)` in the app runs the package's code unconfined.
// The check reads every chunk as shipped: a script data: URL whose bytes are a file of a package fails the build.
// The app's own inlined worker is left alone (its bytes are no package's file).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageGraph } from './attribution.js';

/** Base64 data: URLs of a type a browser runs as a script or a page (what Vite's mrmime gives a script file). */
const SCRIPT_DATA_URL = /data:(?:text|application)\/(?:javascript|ecmascript|x-javascript|jsx|node|html|xhtml\+xml)(?:;[\w.+-]+=[\w.+-]+)*;base64,([A-Za-z0-9+/]+={0,2})/g;

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Problems, one per package file inlined into a chunk as a script data: URL. */
export function inlinedPackageScripts(bundle: Record<string, { type: string; fileName: string; code?: string; source?: string | Uint8Array }>, graph: PackageGraph): string[] {
  /** Decoded content hash → size and the output files holding it. */
  const found = new Map<string, { size: number; in: Set<string> }>();
  for (const output of Object.values(bundle)) {
    const text = output.type === 'chunk' ? output.code : typeof output.source === 'string' ? output.source : undefined;
    if (!text || !text.includes(';base64,')) continue;
    for (const match of text.matchAll(SCRIPT_DATA_URL)) {
      const bytes = Buffer.from(match[1]!, 'base64');
      const key = sha(bytes);
      if (!found.has(key)) found.set(key, { size: bytes.length, in: new Set() });
      found.get(key)!.in.add(output.fileName);
    }
  }
  if (!found.size) return [];
  // Rare (only when a script data: URL ships): the packages' files of the same sizes, hashed.
  const sizes = new Set([...found.values()].map((f) => f.size));
  const problems: string[] = [];
  for (const [name, dir] of graph.dirOfName) {
    for (const file of filesOf(dir)) {
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        continue;
      }
      if (!sizes.has(size)) continue;
      const hit = found.get(sha(readFileSync(file)));
      if (!hit) continue;
      problems.push(
        `${graph.displayPath(file)} (package "${name}") is inlined into ${[...hit.in].join(', ')} as a data: URL (a \`?url\` or \`?inline\` import, ` +
          "`new URL('…', import.meta.url)` below build.assetsInlineLimit, or library mode), copied as it is: never confined, it would run with " +
          "the page's full power once loaded by that URL (a worker, import()). Import the module instead (then it is bundled and confined), or do not ship the package's script by URL",
      );
    }
  }
  return [...new Set(problems)];
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
