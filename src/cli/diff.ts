// The review diff between the policy on disk and the one this build's analysis produces: per package, which global,
// package or DOM grant it gains or loses, and for each gain the code that needs it (file:line:column).
import type { BuildAnalysis } from '../plugin/analysis.js';
import type { GlobalUse } from '../plugin/uses.js';
import { grantingUses, type PackageUsage } from '../policy/generate.js';
import type { Policy, ResourcePolicy } from '../policy/schema.js';
import { importMetaGrantsFor } from '../plugin/import-meta.js';

export interface Change {
  sign: '+' | '-' | '~';
  section: 'globals' | 'packages' | 'dom.create' | 'dom.events' | 'importMeta' | 'css.origins';
  key: string;
  /** For `~` (a value change) and `+`: the new value. */
  value?: unknown;
  /** Where the build uses it (gains only). */
  where: string[];
}

export interface PackageDiff {
  name: string;
  status: 'added' | 'removed' | 'changed';
  changes: Change[];
}

const MAX_PLACES = 3;

function place(module: string, use: GlobalUse): string {
  return `${module}:${use.line}:${use.column}`;
}

/** The code that needs a grant: global uses under the path, DOM calls, or imports of the package. */
export function evidence(usage: PackageUsage | undefined, section: Change['section'], key: string): string[] {
  if (!usage) return [];
  const places: string[] = [];
  if (section === 'globals') {
    for (const { module, use } of grantingUses(usage)) {
      if (use.path === key || use.path.startsWith(`${key}.`)) places.push(place(module, use));
    }
    return places;
  }
  if (section === 'importMeta' || section === 'css.origins') {
    const kind = section === 'importMeta' ? 'meta' : 'css-url';
    for (const module of [...usage.modules.keys()].sort()) {
      for (const use of usage.modules.get(module)!) {
        const matches = kind === 'meta' ? importMetaGrantsFor(use).includes(key) : use.kind === 'css-url' && use.path === key;
        if (use.kind === kind && matches) places.push(place(module, use));
      }
    }
    return places;
  }
  const dependency = key.slice(key.lastIndexOf('>') + 1);
  for (const module of [...usage.modules.keys()].sort()) {
    for (const use of usage.modules.get(module)!) {
      const match =
        (section === 'dom.create' && use.kind === 'create' && use.path === key) ||
        (section === 'dom.events' && use.kind === 'listen' && use.path === key) ||
        (section === 'packages' && use.kind === 'import' && (use.path === dependency || use.path.startsWith(`${dependency}/`)));
      if (match) places.push(place(module, use));
    }
  }
  return places;
}

function compareRecord(section: 'globals' | 'packages' | 'importMeta', before: Record<string, unknown> = {}, after: Record<string, unknown> = {}): Omit<Change, 'where'>[] {
  const changes: Omit<Change, 'where'>[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (!(key in before)) changes.push({ sign: '+', section, key, value: after[key] });
    else if (!(key in after)) changes.push({ sign: '-', section, key });
    else if (before[key] !== after[key]) changes.push({ sign: '~', section, key, value: after[key] });
  }
  return changes;
}

function compareList(section: 'dom.create' | 'dom.events' | 'css.origins', before: string[] = [], after: string[] = []): Omit<Change, 'where'>[] {
  const changes: Omit<Change, 'where'>[] = [];
  for (const key of [...new Set([...before, ...after])].sort()) {
    if (!before.includes(key)) changes.push({ sign: '+', section, key });
    else if (!after.includes(key)) changes.push({ sign: '-', section, key });
  }
  return changes;
}

function compareResource(before: ResourcePolicy = {}, after: ResourcePolicy = {}): Omit<Change, 'where'>[] {
  return [
    ...compareRecord('globals', before.globals, after.globals),
    ...compareRecord('packages', before.packages, after.packages),
    ...compareList('dom.create', before.dom?.create, after.dom?.create),
    ...compareList('dom.events', before.dom?.events, after.dom?.events),
    ...compareRecord('importMeta', before.importMeta, after.importMeta),
    ...compareList('css.origins', before.css?.origins, after.css?.origins),
  ];
}

export function diffPolicies(before: Policy, after: Policy, analysis: BuildAnalysis): PackageDiff[] {
  const diffs: PackageDiff[] = [];
  const names = [...new Set([...Object.keys(before.resources), ...Object.keys(after.resources)])].sort();
  for (const name of names) {
    const was = before.resources[name];
    const now = after.resources[name];
    const changes = compareResource(was, now).map((c) => ({
      ...c,
      where: c.sign === '-' ? [] : evidence(analysis.usages.get(name), c.section, c.key),
    }));
    if (was && now && changes.length === 0) continue;
    diffs.push({ name, status: !was ? 'added' : !now ? 'removed' : 'changed', changes });
  }
  return diffs;
}

const SECTION_LABELS: Record<Change['section'], string> = {
  globals: 'global',
  packages: 'package',
  'dom.create': 'element',
  'dom.events': 'event',
  importMeta: 'import.meta',
  'css.origins': 'CSS origin',
};

function label(change: Change): string {
  const section = SECTION_LABELS[change.section];
  const value = change.section === 'globals' && change.value === 'write' ? ' (write)' : '';
  const verb = change.sign === '+' ? 'gains' : change.sign === '-' ? 'loses' : 'changes';
  return `${change.sign} ${verb} ${section} ${change.key}${change.sign === '~' ? ` → ${JSON.stringify(change.value)}` : value}`;
}

/** The text a reviewer reads (and a CI log shows). */
export function formatDiff(diffs: PackageDiff[]): string {
  const lines: string[] = [];
  for (const diff of diffs) {
    const status = diff.status === 'added' ? ' (new in the build)' : diff.status === 'removed' ? ' (no longer in the build)' : '';
    lines.push(`  ${diff.name}${status}`);
    if (diff.changes.length === 0) lines.push('    (no grants)');
    for (const change of diff.changes) {
      lines.push(`    ${label(change)}`);
      for (const where of change.where.slice(0, MAX_PLACES)) lines.push(`        at ${where}`);
      if (change.where.length > MAX_PLACES) lines.push(`        (and ${change.where.length - MAX_PLACES} more)`);
    }
  }
  return lines.join('\n');
}

export function countGrants(policy: Policy): number {
  let n = 0;
  for (const r of Object.values(policy.resources)) {
    n += Object.keys(r.globals ?? {}).length + Object.keys(r.packages ?? {}).length + (r.dom?.create?.length ?? 0) + (r.dom?.events?.length ?? 0);
    n += Object.keys(r.importMeta ?? {}).length + (r.css?.origins?.length ?? 0);
  }
  return n;
}

/** `1 grant`, `3 grants`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
