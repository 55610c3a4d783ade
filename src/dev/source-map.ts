// Turns a position in served code (from a browser stack frame) into the line of the original file, with the source
// map Vite (dev pipeline) or Rolldown (pre-bundled dependencies) made. Browsers do not apply source maps to
// `Error.stack`, so the dev server does it.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ViteDevServer } from 'vite';
import type { StackFrame } from '../shared/dev-protocol.js';

export interface RawSourceMap {
  sources: (string | null)[];
  mappings: string;
  sourceRoot?: string;
}

export interface OriginalPosition {
  source: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one segment's VLQ fields (`AAgBC` → [0, 0, 16, 1]). */
export function decodeSegment(segment: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`invalid base64 VLQ character ${JSON.stringify(char)}`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    fields.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
    value = 0;
    shift = 0;
  }
  return fields;
}

/**
 * The original position of generated (line, column), both 1-based (as in stack frames): the last mapping at or
 * before the column on that line, else the line's first mapping.
 */
export function originalPosition(map: RawSourceMap, line: number, column: number): OriginalPosition | undefined {
  const lines = map.mappings.split(';');
  if (line < 1 || line > lines.length) return undefined;
  let source = 0;
  let origLine = 0;
  let origColumn = 0;
  let best: [number, number, number] | undefined;
  for (let l = 0; l < line; l++) {
    let genColumn = 0;
    let first: [number, number, number] | undefined;
    for (const segment of lines[l]!.split(',')) {
      if (!segment) continue;
      const f = decodeSegment(segment);
      genColumn += f[0]!;
      if (f.length < 4) continue;
      source += f[1]!;
      origLine += f[2]!;
      origColumn += f[3]!;
      if (l !== line - 1) continue;
      first ??= [source, origLine, origColumn];
      if (genColumn <= column - 1) best = [source, origLine, origColumn];
    }
    if (l === line - 1) best ??= first;
  }
  if (!best) return undefined;
  const name = map.sources[best[0]];
  if (name === undefined || name === null) return undefined;
  return { source: map.sourceRoot ? `${map.sourceRoot.replace(/\/?$/, '/')}${name}` : name, line: best[1] + 1, column: best[2] + 1 };
}

/** The original file, line and column of a frame of code this dev server served: Vite's source map, or the optimizer's. */
export async function locateFrame(server: ViteDevServer, frame: StackFrame): Promise<{ line: number; column: number; file: string } | undefined> {
  const env = server.environments.client;
  const url = new URL(frame.url);
  let path = url.pathname;
  const base = server.config.base;
  if (base !== '/' && path.startsWith(base)) path = path.slice(base.length - 1);
  // With its query: pre-bundled files are known by their `?v=` URL.
  const mod = await env.moduleGraph.getModuleByUrl(path + url.search);
  if (!mod?.file) return undefined;
  const map = env.depsOptimizer?.isOptimizedDepFile(mod.file)
    ? (JSON.parse(await readFile(`${mod.file}.map`, 'utf8')) as RawSourceMap)
    : (mod.transformResult?.map as RawSourceMap | null | undefined);
  if (!map?.mappings) return undefined;
  const position = originalPosition(map, frame.line, frame.column);
  if (!position) return undefined;
  const absolute = position.source.startsWith('/') || /^[A-Za-z]:[\\/]/.test(position.source);
  return { line: position.line, column: position.column, file: absolute ? position.source : resolve(dirname(mod.file), position.source) };
}
