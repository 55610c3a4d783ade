// Turns a position in served code (from a browser stack frame) into the line of the original file, with the source
// map Vite (dev pipeline) or Rolldown (pre-bundled dependencies) made. Browsers do not apply source maps to
// `Error.stack`, so the dev server does it.

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
