// `portcullis policy --check` shows the import.meta and CSS grants the build needs, with the code that needs them
// (rows 60 and 61 of THREATS.md), as it does for globals.
import { describe, expect, it } from 'vitest';
import type { BuildAnalysis } from '../plugin/analysis.js';
import { generatePolicy, type PackageUsage } from '../policy/generate.js';
import { diffPolicies, formatDiff } from './diff.js';

describe('--check: import.meta and css.origins', () => {
  it('lists each gained grant with its location', () => {
    const usage: PackageUsage = {
      modules: new Map([
        ['node_modules/pkg/index.js', [{ path: 'env.VITE_SECRET', kind: 'meta', line: 1, column: 30 }, { path: 'env.MODE', kind: 'meta', line: 2, column: 1 }]],
        ['node_modules/pkg/style.css', [{ path: 'https://evil.example', kind: 'css-url', line: 2, column: 5 }]],
      ]),
      imports: new Set(),
    };
    const usages = new Map([['pkg', usage]]);
    const after = generatePolicy(usages);
    expect(after.resources.pkg).toEqual({ importMeta: { 'env.VITE_SECRET': true }, css: { origins: ['https://evil.example'] } });
    const text = formatDiff(diffPolicies({ resources: { pkg: {} } }, after, { usages } as unknown as BuildAnalysis));
    expect(text).toContain('+ gains import.meta env.VITE_SECRET\n        at node_modules/pkg/index.js:1:30');
    expect(text).toContain('+ gains CSS origin https://evil.example\n        at node_modules/pkg/style.css:2:5');
  });
});
