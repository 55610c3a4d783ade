// A content-addressed disk cache of confineModule's results. A dependency's module only changes when its package
// does, so a rebuild re-parses nothing it has seen (parsing and scope analysis are most of Portcullis's build cost).
// The key covers everything the result depends on: the code (and the source on disk the uses' lines come from), the
// package's canonical name, the module's display path, the prelude, whether a source map is wanted, and Portcullis's
// own code. An entry that cannot be read or parsed is a miss.
//
// One file, `pack`, one entry per line, read once per build and written once at its end (measured on the playground:
// a file per entry cost 450 ms of a 4 s cold build in mkdir, write and rename). Writing merges what is on disk then,
// so builds and dev servers of one app that run side by side keep each other's entries; entries no build used lately
// go once the pack outgrows what this build used (bounded, below). A write goes to a temporary file renamed into
// place. Where no build end comes (the dev optimizer, the dev server), the pack is written shortly after the last miss.
// The source map stays a JSON string, handed to the bundler as is: never parsed here.
import { createHash, hash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../policy/load.js';
import { confineModule, type ConfineOptions, type ConfineResult } from './transform.js';

export type Cached = Omit<ConfineResult, 'map'> & { map: string | null };

let codeSignature: string | undefined;
/**
 * Portcullis's own code: the plugin, shared and policy folders, built (dist/*.js) or, when a Vite config imports the
 * plugin from its TypeScript sources (the e2e apps do; Vite's config bundler gives each bundled module its source
 * file's `import.meta.url`), those sources: hashing only this file let a change to the analysis reuse stale entries.
 * Otherwise (one bundled file of unknown layout), that file.
 */
export function codeFiles(here: string): string[] {
  const ext = /\.[cm]?[jt]s$/.exec(here)?.[0] ?? '.js';
  const dir = dirname(here);
  if (!existsSync(join(dir, `transform${ext}`))) return [here];
  return ['.', '../shared', '../policy'].flatMap((d) => {
    const folder = join(dir, d);
    return readdirSync(folder).filter((f) => f.endsWith(ext) && !f.endsWith(`.d${ext}`)).sort().map((f) => join(folder, f));
  });
}

function signature(): string {
  if (codeSignature) return codeSignature;
  const digest = createHash('sha256');
  for (const file of codeFiles(fileURLToPath(import.meta.url))) digest.update(readFileSync(file));
  return (codeSignature = digest.digest('hex'));
}

// One entry as text: `<key>\t<result without map, JSON>\t<map JSON or empty>`. JSON.stringify never writes a raw tab
// or newline, so both separators are unambiguous.
const KEY_LENGTH = 64;
const serialise = (key: string, entry: Cached) => {
  const { map, ...rest } = entry;
  return `${key}\t${JSON.stringify(rest)}\t${map ?? ''}`;
};
function deserialise(line: string, key: string): Cached | undefined {
  if (!line.startsWith(`${key}\t`)) return undefined;
  const tab = line.indexOf('\t', KEY_LENGTH + 1);
  if (tab === -1) return undefined;
  const rest = JSON.parse(line.slice(KEY_LENGTH + 1, tab)) as Omit<Cached, 'map'>;
  const map = line.slice(tab + 1);
  return { ...rest, map: map || null };
}

/** Entries of other builds kept beside this build's: up to twice its size, plus this much. */
const KEPT_BYTES = 32 * 1024 * 1024;
/** After the last miss, with no build end to flush at. */
const IDLE_FLUSH_MS = 1000;

function readLines(file: string): Map<string, string> {
  const lines = new Map<string, string>();
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line.length > KEY_LENGTH) lines.set(line.slice(0, KEY_LENGTH), line);
  } catch {
    // no pack yet, or unreadable: every entry is a miss
  }
  return lines;
}

export function createTransformCache(dir: string | undefined) {
  const packFile = dir && join(dir, 'pack');
  /** The pack as this build first read it: key → its line. */
  let pack: Map<string, string> | undefined;
  /** This build's entries, read or computed. */
  const used = new Map<string, string>();
  let changed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const readPack = () => (pack ??= readLines(packFile!));

  /** A line that parses as the entry for `key`, or undefined. */
  function parse(line: string | undefined, key: string): Cached | undefined {
    if (line === undefined) return undefined;
    try {
      return deserialise(line, key);
    } catch {
      return undefined; // damaged: a miss
    }
  }

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    if (!packFile || !changed) return;
    changed = false;
    const lines = [...used.values()];
    let budget = 2 * lines.reduce((n, line) => n + line.length, 0) + KEPT_BYTES;
    for (const [key, line] of readLines(packFile)) {
      if (used.has(key) || (budget -= line.length) < 0) continue;
      lines.push(line);
    }
    try {
      mkdirSync(dirname(packFile), { recursive: true });
      writeFileAtomic(packFile, lines.join('\n') + '\n');
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }

  return {
    confine(options: ConfineOptions): Cached {
      const wantsMap = options.sourceMap !== false;
      if (!dir) {
        const result = confineModule(options);
        return { ...result, map: result.map && wantsMap ? result.map.toString() : null };
      }
      const key = hash(
        'sha256',
        `${signature()}\0${options.packageName}\0${options.moduleName}\0${JSON.stringify(options.prelude)}\0${options.bundler ?? ''}\0${wantsMap}\0${JSON.stringify(options.defined ?? {})}\0${options.code}\0${options.original ?? ''}`,
      );
      const known = used.get(key) ?? readPack().get(key);
      const cached = parse(known, key);
      if (cached) {
        if (!used.has(key)) {
          used.set(key, known!);
          if (!pack!.has(key)) changed = true;
        }
        return cached;
      }
      const result = confineModule(options);
      const entry: Cached = { ...result, map: result.map && wantsMap ? result.map.toString() : null };
      used.set(key, serialise(key, entry));
      changed = true;
      clearTimeout(timer);
      timer = setTimeout(flush, IDLE_FLUSH_MS);
      timer.unref?.();
      return entry;
    },
    /** At the end of a build: the pack for the next one, when this build computed anything the pack lacked. */
    flush,
  };
}
