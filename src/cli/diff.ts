// The review diff between the policy on disk and the one this build's analysis produces: per package, which global,
// package or DOM grant it gains or loses, and for each gain the code that needs it (file:line:column).
import type { BuildAnalysis } from '../plugin/analysis.js';
import type { GlobalUse } from '../plugin/uses.js';
import { grantingUses, type PackageUsage } from '../policy/generate.js';
import { powerLabel, powerLabels } from '../policy/power.js';
import type { Policy, ResourcePolicy } from '../policy/schema.js';
import { importMetaGrantsFor } from '../plugin/import-meta.js';
import { normalizeGrantKey } from '../shared/global-path.js';

export interface Change {
  sign: '+' | '-' | '~';
  section: 'globals' | 'packages' | 'dom' | 'dom.create' | 'dom.events' | 'importMeta' | 'css.origins';
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
    // The uses of exactly this path first: for a whole object they are where the use could not be narrowed.
    const path = normalizeGrantKey(key);
    const exact: string[] = [];
    for (const { module, use } of grantingUses(usage)) {
      if (use.path === path) exact.push(place(module, use));
      else if (use.path.startsWith(`${path}.`)) places.push(place(module, use));
    }
    return [...exact, ...places];
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
        (section === 'dom' && (use.kind === 'element' || use.kind === 'create')) ||
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
  const section: Omit<Change, 'where'>[] =
    !before.dom && after.dom ? [{ sign: '+', section: 'dom', key: 'section' }] : before.dom && !after.dom ? [{ sign: '-', section: 'dom', key: 'section' }] : [];
  return [
    ...section,
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
  dom: 'dom section',
  packages: 'package',
  'dom.create': 'element',
  'dom.events': 'event',
  importMeta: 'import.meta',
  'css.origins': 'CSS origin',
};

function label(change: Change): string {
  if (change.section === 'dom') {
    return change.sign === '+'
      ? "+ gains a dom section: the attenuated DOM (the app's elements reach it as its own wrappers)"
      : '- loses its dom section';
  }
  const section = SECTION_LABELS[change.section];
  const value =
    change.section !== 'globals' ? '' : change.value === 'write' ? ' (write)' : change.value === false ? ' (false: reads as absent, quietly; the code has a fallback)' : '';
  const verb = change.sign === '+' ? 'gains' : change.sign === '-' ? 'loses' : 'changes';
  const power = change.section === 'globals' && change.sign !== '-' ? powerLabel(change.key, change.value) : undefined;
  return `${change.sign} ${verb} ${section} ${change.key}${change.sign === '~' ? ` → ${JSON.stringify(change.value)}` : value}${power ? `   <- ${power.text}` : ''}`;
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

/**
 * Every package of the policy that holds full power, origin-wide storage or a whole surprising object, for the end of
 * `portcullis policy` and `--check`: loud, whatever changed.
 */
export function formatPowers(policy: Policy, usages?: BuildAnalysis['usages']): string[] {
  const lines: string[] = [];
  for (const name of Object.keys(policy.resources).sort()) {
    for (const label of powerLabels(policy.resources[name])) {
      lines.push(`  ${name}: ${label.key} — ${label.text}`);
      const where = evidence(usages?.get(name), 'globals', label.key)[0];
      if (where) lines.push(`        at ${where}`);
    }
  }
  return lines.length ? ['Powers to review first (they reach beyond the package):', ...lines] : [];
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
