// `portcullis explain <package>`: what the package may do (the reviewed policy merged with the override file), why
// (the code location of each use in this build), who imports it, which grants come from the override file, and what
// the analysis saw but deliberately did not grant (feature probes, other environments' names).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../plugin/attribution.js';
import { readPolicyFile, mergePolicies } from '../policy/load.js';
import { classifyGlobal } from '../policy/browser-globals.js';
import { DOM_FACADE_DEFAULT, generateResource, needsGrant, reattribute } from '../policy/generate.js';
import { powerLabel, powerLabels } from '../policy/power.js';
import { stablePolicyJson, type Policy } from '../policy/schema.js';
import { normalizeGrantKey } from '../shared/global-path.js';
import { analyze, type AnalyzeOptions } from './analyze.js';
import { evidence, type Change } from './diff.js';
import { CliError, EXIT } from './errors.js';

export interface ExplainOptions extends AnalyzeOptions {
  package: string;
  out?: (line: string) => void;
}

const MAX_PLACES = 3;

function resolveName(query: string, names: string[]): string {
  if (names.includes(query)) return query;
  const bySuffix = names.filter((n) => n.endsWith(`>${query}`));
  if (bySuffix.length === 1) return bySuffix[0]!;
  const similar = names.filter((n) => n.includes(query)).slice(0, 8);
  const hint = similar.length ? ` Did you mean: ${similar.join(', ')}?` : ' `portcullis policy` lists the packages of the build in the policy file.';
  throw new CliError('PORTCULLIS_CLI_USAGE', `no package "${query}" in the app's dependency graph (names are canonical: the dependency path joined with ">").${hint}`);
}

export async function explainCommand(options: ExplainOptions): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const analysis = await analyze(options);
  const name = resolveName(options.package, [...analysis.packages.keys()].sort());
  const rel = (file: string) => relative(options.cwd, file) || file;
  const dir = analysis.packages.get(name)!;
  let version = '';
  try {
    version = ` ${JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version}`;
  } catch {
    // a package.json without a version: the name is enough
  }
  // Where each use's grant goes: another package's global object, a global shared between packages (generate.ts).
  const usage = reattribute(analysis.usages).get(name);
  out(`${name}${version} (${rel(dir)})`);
  const base: Policy = existsSync(analysis.policyFile) ? readPolicyFile(analysis.policyFile) : { resources: {} };
  const override: Policy = existsSync(analysis.overrideFile) ? readPolicyFile(analysis.overrideFile) : { resources: {} };
  const effective = mergePolicies(base, override).resources[name] ?? {};
  // Loud, before anything else: what reaches beyond the package.
  for (const label of powerLabels(effective)) out(`  ${label.level === 'full' ? '!! ' : '!  '}${label.key}: ${label.text}`);

  const importers = [...(analysis.importers.get(name) ?? [])].sort().map((i) => (i.startsWith(`${ROOT}:`) ? `the app (${i.slice(ROOT.length + 1)})` : i));
  out(`  imported by: ${importers.length ? importers.join(', ') : usage ? 'nothing outside itself' : '(not in this build: nothing imports it)'}`);

  const fromOverride = override.resources[name] ?? {};
  const generated = generateResource(usage ?? { modules: new Map(), imports: new Set() }, { domFacade: DOM_FACADE_DEFAULT });
  const stale = stablePolicyJson({ resources: { x: base.resources[name] ?? {} } }) !== stablePolicyJson({ resources: { x: generated } });
  out(`  policy: ${rel(analysis.policyFile)}${existsSync(analysis.overrideFile) ? ` + ${rel(analysis.overrideFile)}` : ''}` +
    (stale ? ' (this build would change its entry: run `portcullis policy --check`)' : ''));

  const lines = (section: Change['section'], key: string, overridden: boolean, extra = '') => {
    const places = evidence(usage, section, key);
    out(`    ${key}${extra}${overridden ? '   [override file]' : ''}`);
    if (places.length === 0) out(`        ${overridden ? 'granted by hand' : 'no use found in this build'}`);
    for (const where of places.slice(0, MAX_PLACES)) out(`        at ${where}`);
    if (places.length > MAX_PLACES) out(`        (and ${places.length - MAX_PLACES} more)`);
  };

  const globals = Object.entries(effective.globals ?? {}).filter(([, v]) => v !== false).sort(([a], [b]) => (a < b ? -1 : 1));
  out(globals.length ? '  may use globals:' : '  may use no globals.');
  for (const [key, value] of globals) {
    const alias = normalizeGrantKey(key) !== key ? ` (= ${normalizeGrantKey(key)})` : '';
    const power = powerLabel(key, value);
    lines('globals', key, key in (fromOverride.globals ?? {}), `${value === 'write' ? ' (write)' : (value as unknown) === 'origin' ? ' (origin)' : ''}${alias}${power ? `   <- ${power.text}` : ''}`);
  }
  const quiet = Object.entries(effective.globals ?? {}).filter(([, v]) => v === false).map(([k]) => k).sort();
  if (quiet.length) out(`  reads as absent, quietly (false: the code tests for it or has a fallback): ${quiet.join(', ')}`);
  const packages = Object.entries(effective.packages ?? {}).filter(([, v]) => v).sort(([a], [b]) => (a < b ? -1 : 1));
  out(packages.length ? '  may import:' : '  may import no other package.');
  for (const [key] of packages) lines('packages', key, key in (fromOverride.packages ?? {}));
  if (effective.dom) {
    out('  attenuated DOM:');
    for (const tag of effective.dom.create ?? []) lines('dom.create', tag, (fromOverride.dom?.create ?? []).includes(tag), ' (element)');
    for (const type of effective.dom.events ?? []) lines('dom.events', type, (fromOverride.dom?.events ?? []).includes(type), ' (event)');
  }
  const meta = Object.entries(effective.importMeta ?? {}).filter(([, v]) => v).map(([k]) => k).sort();
  if (meta.length) out('  may read import.meta:');
  for (const key of meta) lines('importMeta', key, key in (fromOverride.importMeta ?? {}));
  if (effective.css?.origins?.length) out('  its CSS may load from:');
  for (const origin of effective.css?.origins ?? []) lines('css.origins', origin, (fromOverride.css?.origins ?? []).includes(origin));
  // Development-only grants (the `devPolicy` file): in force under `vite`, never in a build.
  const devFile = analysis.devPolicyFile;
  const dev = devFile && existsSync(devFile) ? readPolicyFile(devFile).resources[name] : undefined;
  if (dev && (dev.globals || dev.packages || dev.dom)) {
    out(`  under \`vite\` only (${rel(devFile!)}, the development builds; never in a build):`);
    for (const [key, value] of Object.entries(dev.globals ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const power = powerLabel(key, value);
      out(`    ${key}${value === 'write' ? ' (write)' : value === false ? ' (false: reads as absent)' : ''}${power ? `   <- ${power.text}` : ''}`);
    }
    for (const pkg of Object.keys(dev.packages ?? {}).sort()) out(`    imports ${pkg}`);
    if (dev.dom) out(`    dom: ${JSON.stringify(dev.dom)}`);
  }
  const removed = Object.entries(fromOverride.globals ?? {}).filter(([, v]) => v === false).map(([k]) => k);
  if (removed.length) out(`  of which the override file sets false: ${removed.join(', ')}`);

  // What the analysis saw and did not grant, so a reviewer sees the rules at work rather than trusting them.
  if (usage) {
    const groups = { probe: new Map<string, number>(), other: new Map<string, number>(), unknown: new Map<string, number>() };
    for (const uses of usage.modules.values()) {
      for (const use of uses) {
        if (use.kind !== 'probe' && use.kind !== 'read' && use.kind !== 'write' && use.kind !== 'test') continue;
        const root = use.path.split('.')[0]!;
        if (needsGrant(use)) continue; // listed with the grants (a probe through the global object is the quiet false)
        const kind = use.kind === 'probe' ? 'probe' : classifyGlobal(root);
        if (kind === 'browser') continue;
        const group = groups[kind];
        group.set(root, (group.get(root) ?? 0) + 1);
      }
    }
    const list = (group: Map<string, number>) => [...group].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
    if (groups.probe.size) out(`  feature probes (typeof x, 'x' in window; not grants): ${list(groups.probe)}`);
    if (groups.other.size) out(`  names only Node, workers or AMD have (a page does not; not grants): ${list(groups.other)}`);
    if (groups.unknown.size) out(`  names no browser has (the package's own globals; if the app defines one for it, grant it in the override file): ${list(groups.unknown)}`);
  }
  return EXIT.ok;
}
