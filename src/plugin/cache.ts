// A content-addressed disk cache of confineModule's results. A dependency's module only changes when its package
// does, so a rebuild re-parses nothing it has seen (parsing and scope analysis are most of Portcullis's build cost).
// The key covers everything the result depends on: the code (and the source on disk the uses' lines come from), the
// package's canonical name, the module's display path, the prelude, and Portcullis's own code. An entry that cannot
// be read or parsed is a miss; writes go to a temporary file and are renamed into place.
//
// Reads are batched: each build also writes `pack`, one file holding every entry it used, one line each, and the
// next build reads that one file instead of one per module. The per-module files stay the truth (a build that stops
// early, or another build running at the same time, still finds what was computed); the pack only saves syscalls.
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

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, text);
}

export function createTransformCache(dir: string | undefined) {
  /** The previous build's pack: key → its line, read once on first use. */
  let pack: Map<string, string> | undefined;
  /** This build's entries, for the next pack. */
  const used = new Map<string, string>();
  let changed = false;
  const packFile = dir && join(dir, 'pack');

  function readPack(): Map<string, string> {
    if (pack) return pack;
    pack = new Map();
    try {
      for (const line of readFileSync(packFile!, 'utf8').split('\n')) if (line.length > KEY_LENGTH) pack.set(line.slice(0, KEY_LENGTH), line);
    } catch {
      // no pack yet: every entry comes from its own file
    }
    return pack;
  }

  /** A line that parses as the entry for `key`, or undefined. */
  function parse(line: string | undefined, key: string): Cached | undefined {
    if (line === undefined) return undefined;
    try {
      return deserialise(line, key);
    } catch {
      return undefined; // damaged: a miss
    }
  }

  function lookUp(key: string, file: string): Cached | undefined {
    const packed = readPack().get(key);
    const fromPack = parse(packed, key);
    if (fromPack) {
      used.set(key, packed!);
      return fromPack;
    }
    let line: string | undefined;
    try {
      line = readFileSync(file, 'utf8');
    } catch {
      return undefined; // not cached yet, or unreadable
    }
    const fromFile = parse(line, key);
    if (fromFile) {
      used.set(key, line);
      changed = true;
    }
    return fromFile;
  }

  return {
    confine(options: ConfineOptions): Cached {
      if (!dir) {
        const result = confineModule(options);
        return { ...result, map: result.map ? result.map.toString() : null };
      }
      const key = hash(
        'sha256',
        `${signature()}\0${options.packageName}\0${options.moduleName}\0${JSON.stringify(options.prelude)}\0${options.bundler ?? ''}\0${JSON.stringify(options.defined ?? {})}\0${options.code}\0${options.original ?? ''}`,
      );
      const file = join(dir, key.slice(0, 2), `${key}.entry`);
      const cached = lookUp(key, file);
      if (cached) return cached;
      const result = confineModule(options);
      const entry: Cached = { ...result, map: result.map ? result.map.toString() : null };
      const line = serialise(key, entry);
      used.set(key, line);
      changed = true;
      try {
        writeAtomic(file, line);
      } catch {
        // A cache that cannot be written only costs speed.
      }
      return entry;
    },
    /** At the end of a build: the pack for the next one, when this build used anything the last pack lacked. */
    flush(): void {
      if (!dir || !used.size || (!changed && used.size === readPack().size)) return;
      try {
        writeAtomic(packFile!, [...used.values()].join('\n') + '\n');
      } catch {
        // as above: only speed
      }
      pack = new Map(used);
      changed = false;
    },
  };
}
