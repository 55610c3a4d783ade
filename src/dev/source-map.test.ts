// Stack frames point into served code; the overlay shows the line of the original file.
import MagicString from 'magic-string';
import { describe, expect, it } from 'vitest';
import { decodeSegment, originalPosition } from './source-map.js';

describe('source maps', () => {
  it('decodes base64 VLQ segments', () => {
    expect(decodeSegment('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeSegment('AAgBC')).toEqual([0, 0, 16, 1]);
    expect(decodeSegment('2HRAD')).toEqual([123, -8, 0, -1]);
    expect(decodeSegment('OA5SyB')).toEqual([7, 0, -300, 25]);
    expect(() => decodeSegment('A!')).toThrow(/invalid/);
  });

  it('maps a position in rewritten code back to its original line, as the transform rewrites it', () => {
    const original = ['export function go() {', '  const a = 1;', '  return fetch("/x", { a });', '}'].join('\n');
    const s = new MagicString(original);
    s.prepend('import { compartment } from "portcullis:prelude/p";\nconst $pc = compartment("m");\n');
    s.overwrite(original.indexOf('fetch'), original.indexOf('fetch') + 5, '$pc.fetch');
    const map = s.generateMap({ hires: 'boundary', source: 'index.js' });
    const served = s.toString().split('\n');
    const line = served.findIndex((l) => l.includes('$pc.fetch')) + 1;
    const column = served[line - 1]!.indexOf('$pc.fetch') + 1;
    expect(originalPosition(map, line, column)).toEqual({ source: 'index.js', line: 3, column: 10 });
    // Columns past the last mapping on the line, or before the first, still give the line.
    expect(originalPosition(map, line, 1)?.line).toBe(3);
    expect(originalPosition(map, line, 500)?.line).toBe(3);
    expect(originalPosition(map, 999, 1)).toBeUndefined();
    expect(originalPosition({ ...map, sourceRoot: '/src' }, line, column)?.source).toBe('/src/index.js');
  });
});
