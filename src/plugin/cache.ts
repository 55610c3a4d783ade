// A content-addressed disk cache of confineModule's results. A dependency's module only changes when its package
// does, so a rebuild re-parses nothing it has seen (parsing and scope analysis are most of Portcullis's build cost).
// The key covers everything the result depends on: the code (and the source on disk the uses' lines come from), the
// package's canonical name, the module's display path, the prelude, and Portcullis's own code. An entry that cannot
// be read or parsed is a miss; writes go to a temporary file and are renamed into place.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { confineModule, type ConfineOptions, type ConfineResult } from './transform.js';

// A source map as JSON data (what Rollup and Rolldown accept from a transform hook).
type Cached = Omit<ConfineResult, 'map'> & { map: { version: number; mappings: string; sources: string[]; names: string[] } | null };

let codeSignature: string | undefined;
/**
 * Portcullis's own code: the built plugin, shared and policy folders (dist/), or, when a Vite config bundled the
 * plugin from source, that one bundled file.
 */
function signature(): string {
  if (codeSignature) return codeSignature;
  const hash = createHash('sha256');
  const here = fileURLToPath(import.meta.url);
  const dirs = existsSync(join(dirname(here), 'transform.js')) ? ['.', '../shared', '../policy'].map((d) => join(dirname(here), d)) : [];
  const files = dirs.length ? dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.js')).sort().map((f) => join(d, f))) : [here];
  for (const file of files) hash.update(readFileSync(file));
  return (codeSignature = hash.digest('hex'));
}

export function createTransformCache(dir: string | undefined) {
  return {
    confine(options: ConfineOptions): Cached {
      if (!dir) return confineModule(options);
      const key = createHash('sha256')
        .update(signature())
        .update(`\0${options.packageName}\0${options.moduleName}\0${JSON.stringify(options.prelude)}\0${options.bundler ?? ''}\0`)
        .update(options.code)
        .update(`\0${options.original ?? ''}`)
        .digest('hex');
      const file = join(dir, key.slice(0, 2), `${key}.json`);
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as Cached;
      } catch {
        // not cached yet, or unreadable: compute it
      }
      const result = confineModule(options);
      const entry: Cached = { ...result, map: result.map ? (JSON.parse(result.map.toString()) as Cached['map']) : null };
      try {
        mkdirSync(dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, JSON.stringify(entry));
        renameSync(temp, file);
      } catch {
        // A cache that cannot be written only costs speed.
      }
      return entry;
    },
  };
}
