// The named exports of a CommonJS module, found the way Node and the bundlers find them (cjs-module-lexer): a
// membrane module must re-export each name the app may import (`import { useState } from 'react'`), and Rolldown,
// unlike Rollup's commonjs plugin, gives a CommonJS module no synthetic named exports to fall back on. Re-exports
// (`module.exports = require('./cjs/react.production.js')`) are followed through the bundler's resolver; every
// branch of a conditional re-export is followed (React's production and development files), so a name only one of
// them defines reads as undefined, as it would from the real module.
import { readFile } from 'node:fs/promises';
import { init, parse } from 'cjs-module-lexer';

let ready: Promise<void> | undefined;
const MAX_DEPTH = 16;
/** Names a membrane module never re-exports by name: the default is re-exported on its own, the flag is interop. */
const NOT_NAMED = new Set(['default', '__esModule']);

export type Resolve = (specifier: string, importer: string) => Promise<string | null>;

/** Named exports of the CommonJS file `id` (its query stripped) and of the modules it re-exports, sorted. */
export async function commonJsExports(id: string, resolve: Resolve, read: (file: string) => Promise<string> = (f) => readFile(f, 'utf8')): Promise<string[]> {
  await (ready ??= init());
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = async (file: string, depth: number): Promise<void> => {
    if (seen.has(file) || depth > MAX_DEPTH) return;
    seen.add(file);
    let source: string;
    try {
      source = await read(file);
    } catch {
      return;
    }
    let found: { exports: string[]; reexports: string[] };
    try {
      found = parse(source, file);
    } catch {
      return; // not CommonJS the lexer can read: the module keeps only its default
    }
    for (const name of found.exports) if (!NOT_NAMED.has(name)) names.add(name);
    for (const specifier of found.reexports) {
      const target = await resolve(specifier, file).catch(() => null);
      if (target && !target.startsWith('\0')) await visit(target.split('?')[0]!, depth + 1);
    }
  };
  await visit(id.split('?')[0]!, 0);
  return [...names].sort();
}
