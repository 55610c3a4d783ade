// The file:line of a use as the policy shows it: the package's source on disk, which the analysed code may differ
// from when an earlier plugin rewrote the module (Rollup's commonjs adds and moves lines).
import type { GlobalUse } from './uses.js';

/**
 * Points recorded uses at the file as it is on disk when an earlier plugin rewrote the module (Rollup's commonjs
 * adds and moves lines): each use's line moves to the nearest original line with the same text; a line that no longer
 * exists as such keeps its position. Exact for the common case, never a guess across different text.
 */
export function remapToOriginal(uses: GlobalUse[], analysed: string, original: string): void {
  const from = analysed.split('\n');
  const to = original.split('\n');
  const where = new Map<string, number[]>();
  to.forEach((line, i) => {
    const key = line.trim();
    if (key) where.set(key, [...(where.get(key) ?? []), i]);
  });
  let delta = 0;
  for (const use of uses) {
    const line = from[use.line - 1];
    const candidates = line === undefined ? undefined : where.get(line.trim());
    if (!candidates) continue;
    const expected = use.line - 1 + delta;
    const best = candidates.reduce((a, b) => (Math.abs(b - expected) < Math.abs(a - expected) ? b : a));
    const indent = (text: string) => text.length - text.trimStart().length;
    delta = best - (use.line - 1);
    use.column += indent(to[best]!) - indent(line!);
    use.line = best + 1;
  }
}
