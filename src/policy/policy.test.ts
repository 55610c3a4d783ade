// Policy validation, merging and generation: every bad input names the file, the JSON path and the fix.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePolicy } from './generate.js';
import { loadPolicy, mergePolicies, writeFileAtomic } from './load.js';
import { stablePolicyJson, validatePolicy } from './schema.js';

const known = new Set(['a', 'b', 'a>c']);

describe('validatePolicy', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not an object', [], /\(top level\): expected an object/],
    ['unknown top-level key', { resources: {}, resolutions: {} }, /resolutions: unknown key/],
    ['unknown resource key', { resources: { a: { global: {} } } }, /resources\["a"\]\.global: unknown key/],
    ['bad grant value', { resources: { a: { globals: { fetch: 1 } } } }, /resources\["a"\]\.globals\["fetch"\]: expected true, false or "write", got 1/],
    ['bad global name', { resources: { a: { globals: { 'fe tch': true } } } }, /not a global name or dotted path/],
    ['package not in the graph', { resources: { lodash: {} } }, /resources\["lodash"\]: no such package in the app's dependency graph/],
    ['granted import not in the graph', { resources: { a: { packages: { zzz: true } } } }, /packages\["zzz"\]: no such package/],
    ['"origin" on a listener other than addEventListener', { resources: { a: { globals: { removeEventListener: 'origin' } } } }, /"origin" applies only to .* and addEventListener \(every event of the page\)/],
    ['forbidden tag', { resources: { a: { dom: { create: ['div', 'IFRAME'] } } } }, /"IFRAME" creates a realm or runs code and can never be granted/],
  ];
  for (const [what, value, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => validatePolicy(value, 'app/portcullis.policy.json', known)).toThrow(message);
      expect(() => validatePolicy(value, 'app/portcullis.policy.json', known)).toThrow(/^app\/portcullis\.policy\.json: .*\(PORTCULLIS_POLICY_INVALID\)$/);
    });
  }

  it('accepts addEventListener "origin" (every event of the page, labelled by explain)', () => {
    expect(() => validatePolicy({ resources: { a: { globals: { addEventListener: 'origin', 'window.addEventListener': 'origin' } } } }, 'p.json', known)).not.toThrow();
  });

  it('accepts a LavaMoat-shaped policy', () => {
    const policy = { resources: { a: { globals: { fetch: true, 'console.warn': true, appState: 'write' }, packages: { 'a>c': true } }, 'a>c': {} } };
    expect(validatePolicy(policy, 'p.json', known)).toEqual(policy);
  });
});

describe('loading and merging', () => {
  it('merges the override over the policy; a global set to false is kept as a quiet denial, a package set to false is removed', () => {
    const merged = mergePolicies(
      { resources: { a: { globals: { fetch: true, localStorage: true }, packages: { b: true } } } },
      { resources: { a: { globals: { localStorage: false, 'console.warn': true }, packages: { b: false } }, b: { packages: { a: true } } } },
    );
    expect(merged).toEqual({ resources: { a: { globals: { fetch: true, localStorage: false, 'console.warn': true }, packages: {} }, b: { packages: { a: true } } } });
  });

  it('names the file for a missing policy and for malformed JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-policy-'));
    const policyFile = join(dir, 'portcullis.policy.json');
    expect(() => loadPolicy({ policyFile, overrideFile: join(dir, 'o.json') })).toThrow(/portcullis\.policy\.json does not exist\. Generate it once .*PORTCULLIS_POLICY_MISSING/);
    writeFileSync(policyFile, '{ "resources": { ');
    expect(() => loadPolicy({ policyFile, overrideFile: join(dir, 'o.json') })).toThrow(/portcullis\.policy\.json: not valid JSON .*PORTCULLIS_POLICY_INVALID/);
    writeFileSync(policyFile, '{ "resources": {} }');
    writeFileSync(join(dir, 'o.json'), '{ "resources": { "a": { "globals": { "x": "yes" } } } }');
    expect(() => loadPolicy({ policyFile, overrideFile: join(dir, 'o.json') })).toThrow(/o\.json: resources\["a"\]\.globals\["x"\]/);
  });

  it('writes atomically: no temporary file is left behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-atomic-'));
    writeFileAtomic(join(dir, 'p.json'), 'new');
    expect(readFileSync(join(dir, 'p.json'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['p.json']);
  });
});

describe('generatePolicy', () => {
  it('keeps the shortest granted prefix, prefers write, drops probes, and is sorted and stable', () => {
    const uses = [
      { path: 'console.warn', kind: 'read' as const, line: 1, column: 1 },
      { path: 'console', kind: 'read' as const, line: 2, column: 1 },
      { path: 'name', kind: 'read' as const, line: 3, column: 1 },
      { path: 'name', kind: 'write' as const, line: 4, column: 1 },
      { path: 'fetch', kind: 'probe' as const, line: 5, column: 1 },
      { path: 'crypto.getRandomValues', kind: 'read' as const, line: 6, column: 1 },
    ];
    const policy = generatePolicy(new Map([
      ['z', { modules: new Map([['m.js', uses]]), imports: new Set(['a', 'b']) }],
      ['a', { modules: new Map(), imports: new Set<string>() }],
    ]));
    expect(policy).toEqual({
      resources: {
        a: {},
        z: { globals: { console: true, 'crypto.getRandomValues': true, name: 'write' }, packages: { a: true, b: true } },
      },
    });
    const text = stablePolicyJson(policy);
    expect(Object.keys(JSON.parse(text).resources)).toEqual(['a', 'z']);
    expect(stablePolicyJson(JSON.parse(text))).toBe(text);
  });
});
