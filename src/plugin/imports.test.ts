// The import check on the final module graph: a full-power package's imports of another package go through that
// package's membrane module, which counts as an import of the module it stands for, and of nothing else.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PackageGraph } from './attribution.js';
import { checkImports } from './imports.js';
import { membraneId } from './membrane.js';

function pkg(dir: string, name: string, deps: Record<string, string> = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', dependencies: deps }));
  writeFileSync(join(dir, 'index.js'), 'export default 1;');
  return join(dir, 'index.js');
}

function layout() {
  const app = mkdtempSync(join(tmpdir(), 'portcullis-imports-'));
  pkg(app, 'app', { framework: '1', leaf: '1', other: '1' });
  const files = {
    framework: pkg(join(app, 'node_modules/framework'), 'framework', { leaf: '1' }),
    leaf: pkg(join(app, 'node_modules/leaf'), 'leaf'),
    other: pkg(join(app, 'node_modules/other'), 'other'),
  };
  return { graph: new PackageGraph(app), files };
}

function check(graph: PackageGraph, imports: Record<string, string[]>, grants: Record<string, string[]>) {
  const ctx = {
    getModuleIds: () => Object.keys(imports)[Symbol.iterator](),
    getModuleInfo: (id: string) => (imports[id] ? { importedIds: imports[id]!, dynamicallyImportedIds: [] } : null),
  };
  const policy = { resources: Object.fromEntries(Object.entries(grants).map(([name, pkgs]) => [name, { globals: { document: true as const }, packages: Object.fromEntries(pkgs.map((p) => [p, true as const])) }])) };
  return checkImports({ ctx, graph, policy, usages: new Map(), preludeId: '\0portcullis-prelude:' });
}

describe('checkImports', () => {
  it('takes a membrane module for the module it stands for, granted or not', () => {
    const { graph, files } = layout();
    const viaMembrane = membraneId('leaf', files.leaf);
    expect(check(graph, { [files.framework]: [viaMembrane] }, { framework: ['leaf'] })).toEqual([]);
    const refused = check(graph, { [files.framework]: [viaMembrane] }, { framework: [] });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('imports "leaf", which its policy does not grant');
  });

  it('refuses a membrane module that names another package than the module it stands for', () => {
    const { graph, files } = layout();
    const forged = membraneId('leaf', files.other);
    const problems = check(graph, { [files.framework]: [forged] }, { framework: ['leaf', 'other'] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('which does not stand for a module of "leaf"');
  });
});
