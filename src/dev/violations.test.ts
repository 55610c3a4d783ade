// The dev server's violation list: what a page may send it (untrusted), how entries are merged and counted, which fix
// each one offers, when a policy edit makes one go away, and what reaches the terminal.
import { describe, expect, it } from 'vitest';
import type { Policy } from '../policy/schema.js';
import { checkReport, fixFor, formatViolation, isAllowedBy, MAX_ENTRIES, printable, ViolationStore } from './violations.js';

const fetchReport = { package: 'hostile-fetch', api: 'fetch', module: 'hostile/hostile-fetch/index.js', kind: 'read', count: 1 };

describe('reports from a page', () => {
  it('reject-malformed: wrong types, unknown kinds, empty names and bad counts are dropped', () => {
    expect(checkReport(null)).toBeUndefined();
    expect(checkReport('fetch')).toBeUndefined();
    expect(checkReport({ ...fetchReport, kind: 'steal' })).toBeUndefined();
    expect(checkReport({ ...fetchReport, package: '' })).toBeUndefined();
    expect(checkReport({ ...fetchReport, api: 42 })).toBeUndefined();
    expect(checkReport({ ...fetchReport, count: 0 })).toBeUndefined();
    expect(checkReport({ ...fetchReport, count: 1.5 })).toBeUndefined();
    expect(checkReport({ ...fetchReport, count: '3' })).toBeUndefined();
    expect(checkReport(fetchReport)).toEqual(fetchReport);
  });

  it('reject-oversized: long strings are cut, a frame with a bad position is left out', () => {
    const report = checkReport({ ...fetchReport, api: 'x'.repeat(10_000), frame: { url: 'http://h/a.js', line: -1, column: 2 } })!;
    expect(report.api.length).toBeLessThan(400);
    expect(report.frame).toBeUndefined();
    expect(checkReport({ ...fetchReport, frame: { url: 'http://h/a.js', line: 3, column: 9 } })?.frame).toEqual({ url: 'http://h/a.js', line: 3, column: 9 });
  });

  it('merges by package, API, module and kind, and adds up counts across reports (page loads)', () => {
    const store = new ViolationStore();
    expect(store.add({ violations: [fetchReport, { ...fetchReport, api: 'XMLHttpRequest' }] })).toHaveLength(2);
    expect(store.add({ violations: [{ ...fetchReport, count: 4 }] })).toHaveLength(0);
    expect(store.entries().map((e) => `${e.api}×${e.count}`)).toEqual(['fetch×5', 'XMLHttpRequest×1']);
    store.clear();
    expect(store.entries()).toEqual([]);
  });

  it('reject-flood: a page inventing API names cannot grow the list without bound', () => {
    const store = new ViolationStore();
    for (let batch = 0; batch < 5; batch++) {
      store.add({ violations: Array.from({ length: 400 }, (_, i) => ({ ...fetchReport, api: `name${batch}_${i}` })) });
    }
    expect(store.entries()).toHaveLength(MAX_ENTRIES);
    expect(store.dropped).toBe(2000 - MAX_ENTRIES);
    expect(store.add({ violations: 'not a list' })).toEqual([]);
  });
});

describe('the fix each entry offers', () => {
  it('a globals grant, "write" for assignments', () => {
    expect(fixFor({ package: 'p', api: 'fetch', kind: 'read' }).snippet).toBe('{"resources":{"p":{"globals":{"fetch":true}}}}');
    expect(fixFor({ package: 'p', api: 'appState', kind: 'write' }).snippet).toBe('{"resources":{"p":{"globals":{"appState":"write"}}}}');
  });

  it("the runtime's own snippet when it is a fragment for that package (DOM grants), never one for another package", () => {
    const dom = '{"resources":{"w":{"dom":{"create":["canvas"]}}}}';
    expect(fixFor({ package: 'w', api: "document.createElement('canvas')", kind: 'dom', snippet: dom }).snippet).toBe(dom);
    const forged = '{"resources":{"other":{"globals":{"fetch":true}}}}';
    expect(fixFor({ package: 'p', api: 'fetch', kind: 'read', snippet: forged }).snippet).toBe('{"resources":{"p":{"globals":{"fetch":true}}}}');
    const extraSection = '{"resources":{"p":{"globals":{"fetch":true},"evil":1}}}';
    expect(fixFor({ package: 'p', api: 'fetch', kind: 'read', snippet: extraSection }).snippet).not.toBe(extraSection);
  });

  it('none for what no grant lifts: code from a string, computed import(), DOM paths the facade never opens', () => {
    expect(fixFor({ package: 'p', api: 'setTimeout with a string of code', kind: 'call' })).toMatchObject({ snippet: '', note: expect.stringMatching(/No policy can allow this/) });
    expect(fixFor({ package: 'p', api: 'import("data:text/javascript,1")', kind: 'import' }).snippet).toBe('');
    const why = '(no grant allows this inside the attenuated DOM)';
    expect(fixFor({ package: 'p', api: 'event.view', kind: 'dom', snippet: why })).toEqual({ snippet: '', note: why });
  });
});

describe('a policy edit', () => {
  const policy = (resources: Policy['resources']): Policy => ({ resources });
  const entry = (pkg: string, snippet: string) => ({ package: pkg, snippet });

  it('makes an entry go away when the policy grants the path, a prefix of it, or write for a write', () => {
    const read = entry('p', '{"resources":{"p":{"globals":{"crypto.getRandomValues":true}}}}');
    expect(isAllowedBy(read, policy({ p: { globals: { crypto: true } } }))).toBe(true);
    expect(isAllowedBy(read, policy({ p: { globals: { 'crypto.getRandomValues': true } } }))).toBe(true);
    expect(isAllowedBy(read, policy({ p: { globals: { 'crypto.subtle': true } } }))).toBe(false);
    expect(isAllowedBy(read, policy({ q: { globals: { crypto: true } } }))).toBe(false);
    const write = entry('p', '{"resources":{"p":{"globals":{"appState":"write"}}}}');
    expect(isAllowedBy(write, policy({ p: { globals: { appState: true } } }))).toBe(false);
    expect(isAllowedBy(write, policy({ p: { globals: { appState: 'write' } } }))).toBe(true);
    const dom = entry('w', '{"resources":{"w":{"dom":{"create":["canvas"]}}}}');
    expect(isAllowedBy(dom, policy({ w: { dom: { create: ['div'] } } }))).toBe(false);
    expect(isAllowedBy(dom, policy({ w: { dom: { create: ['div', 'canvas'] } } }))).toBe(true);
    expect(isAllowedBy(entry('p', ''), policy({ p: { globals: { setTimeout: true } } }))).toBe(false);
  });

  it('forgetAllowed drops exactly the entries the new policy grants', () => {
    const store = new ViolationStore();
    store.add({ violations: [fetchReport, { ...fetchReport, api: 'XMLHttpRequest' }] });
    expect(store.forgetAllowed(policy({ 'hostile-fetch': { globals: { fetch: true } } }))).toBe(1);
    expect(store.entries().map((e) => e.api)).toEqual(['XMLHttpRequest']);
  });
});

describe('the terminal line', () => {
  it('says who, what, where, the outcome and the grant, on one line', () => {
    const [e] = new ViolationStore().add({ violations: [fetchReport] });
    e!.line = 10;
    expect(formatViolation(e!, 'enforce', 'portcullis.policy-override.json')).toBe(
      'blocked: "hostile-fetch" may not use fetch (hostile/hostile-fetch/index.js:10). ' +
        'To allow, add to portcullis.policy-override.json: {"resources":{"hostile-fetch":{"globals":{"fetch":true}}}}',
    );
    expect(formatViolation(e!, 'report', 'o.json')).toMatch(/^allowed \(report mode\): /);
  });

  it('reject-terminal-escape: control characters and bidi overrides from a package are shown escaped', () => {
    const [e] = new ViolationStore().add({ violations: [{ ...fetchReport, api: 'x\u001b]52;c;ZXZpbA==\u0007\u202e\nfake line' }] });
    const line = formatViolation(e!, 'enforce', 'o.json');
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(line).toContain('\\u001b]52;c;ZXZpbA==\\u0007\\u202e\\u000afake line');
    expect(printable('plain text')).toBe('plain text');
  });
});
