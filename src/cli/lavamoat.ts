// `portcullis policy --from-lavamoat <policy.json>`: carries a LavaMoat policy over (same canonical resource names,
// same `globals` and `packages` shape) and says what could not be carried, and why.
// Threat: an import that silently widens or narrows what a reviewer approved. Nothing is guessed quietly: every
// renamed, dropped or changed entry is reported.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { writeFileAtomic } from '../policy/load.js';
import { classifyGlobal } from '../policy/browser-globals.js';
import { stablePolicyJson, type Policy, type ResourcePolicy } from '../policy/schema.js';
import { analyze, type AnalyzeOptions } from './analyze.js';
import { countGrants, plural } from './diff.js';
import { CliError, EXIT } from './errors.js';

export interface LavaMoatOptions extends AnalyzeOptions {
  from: string;
  output?: string;
  out?: (line: string) => void;
}

const GLOBAL_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ImportResult {
  policy: Policy;
  /** One line per thing not carried over (or carried over changed). */
  notes: string[];
}

/** Pure: a parsed LavaMoat policy and this app's package names → a Portcullis policy and the notes. */
export function importLavaMoat(json: unknown, file: string, known: ReadonlySet<string>): ImportResult {
  if (!isObject(json) || !isObject(json.resources)) {
    throw new CliError('PORTCULLIS_LAVAMOAT_INVALID', `${file}: not a LavaMoat policy (expected {"resources": {...}}). Pass LavaMoat's policy.json or policy-override.json.`);
  }
  const notes: string[] = [];
  for (const key of Object.keys(json)) if (key !== 'resources') notes.push(`${key}: top-level key not carried over (Portcullis has only "resources")`);

  // LavaMoat and Portcullis name packages the same way; a different install can still give another shortest path.
  const byLeaf = new Map<string, string[]>();
  for (const name of known) {
    const leaf = name.slice(name.lastIndexOf('>') + 1);
    byLeaf.set(leaf, [...(byLeaf.get(leaf) ?? []), name]);
  }
  const rename = (name: string, where: string): string | undefined => {
    if (known.has(name)) return name;
    const candidates = byLeaf.get(name.slice(name.lastIndexOf('>') + 1)) ?? [];
    if (candidates.length === 1) {
      notes.push(`${where}: "${name}" is "${candidates[0]}" in this app's dependency graph: renamed`);
      return candidates[0];
    }
    const why = candidates.length ? `ambiguous here (${candidates.join(', ')})` : 'not in this app\'s dependency graph';
    notes.push(`${where}: "${name}" is ${why}: not carried over`);
    return undefined;
  };

  const resources: Record<string, ResourcePolicy> = {};
  for (const [lavaName, value] of Object.entries(json.resources)) {
    const at = `resources["${lavaName}"]`;
    const name = rename(lavaName, at);
    if (!name) continue;
    if (!isObject(value)) {
      notes.push(`${at}: not an object: not carried over`);
      continue;
    }
    const resource: ResourcePolicy = (resources[name] ??= {});
    for (const [section, content] of Object.entries(value)) {
      if (section === 'globals' && isObject(content)) {
        for (const [path, grant] of Object.entries(content)) {
          const gAt = `${at}.globals["${path}"]`;
          if (!GLOBAL_PATH.test(path)) notes.push(`${gAt}: not a global name or dotted path: not carried over`);
          else if (grant !== true && grant !== false && grant !== 'write') notes.push(`${gAt}: value ${JSON.stringify(grant)} is not true, false or "write": not carried over`);
          else if (classifyGlobal(path.split('.')[0]!) === 'other') notes.push(`${gAt}: only Node, workers or AMD have "${path.split('.')[0]}", a page does not: not carried over`);
          else (resource.globals ??= {})[path] = grant;
        }
      } else if (section === 'packages' && isObject(content)) {
        for (const [pkg, grant] of Object.entries(content)) {
          const target = rename(pkg, `${at}.packages`);
          if (target && typeof grant === 'boolean') (resource.packages ??= {})[target] = grant;
          else if (target) notes.push(`${at}.packages["${pkg}"]: value ${JSON.stringify(grant)} is not a boolean: not carried over`);
        }
      } else if (section === 'builtin') {
        notes.push(`${at}.builtin: Node built-in modules (${Object.keys(isObject(content) ? content : {}).join(', ') || 'none'}) do not exist in a browser: not carried over`);
      } else if (section === 'native') {
        notes.push(`${at}.native: native modules do not exist in a browser: not carried over`);
      } else {
        notes.push(`${at}.${section}: not a Portcullis resource key: not carried over`);
      }
    }
  }
  return { policy: { resources }, notes };
}

export async function fromLavaMoatCommand(options: LavaMoatOptions): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const source = resolve(options.cwd, options.from);
  if (!existsSync(source)) throw new CliError('PORTCULLIS_LAVAMOAT_INVALID', `${source} does not exist. Pass the path of LavaMoat's policy.json (e.g. lavamoat/browserify/policy.json).`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    throw new CliError('PORTCULLIS_LAVAMOAT_INVALID', `${source}: not valid JSON (${(error as Error).message}). Fix the file or pass another one.`);
  }
  const analysis = await analyze(options);
  const { policy, notes } = importLavaMoat(json, relative(options.cwd, source) || source, new Set(analysis.packages.keys()));
  const missing = [...analysis.usages.keys()].filter((name) => !policy.resources[name]).sort();
  for (const name of missing) policy.resources[name] = {};
  if (missing.length) {
    const shown = missing.length > 12 ? `${missing.slice(0, 12).join(', ')} and ${missing.length - 12} more` : missing.join(', ');
    notes.push(`${missing.length} package${missing.length === 1 ? ' is' : 's are'} in this build with no LavaMoat entry and get${missing.length === 1 ? 's' : ''} an empty one (no globals, no packages): ${shown}`);
  }
  const file = options.output ? resolve(options.cwd, options.output) : analysis.policyFile;
  writeFileAtomic(file, stablePolicyJson(policy));
  out(`wrote ${relative(options.cwd, file) || file} from ${relative(options.cwd, source) || source}: ${plural(Object.keys(policy.resources).length, 'package')}, ${plural(countGrants(policy), 'grant')}.`);
  if (notes.length) out(`\nNot carried over as it was (${notes.length}):\n${notes.map((n) => `  - ${n}`).join('\n')}\n`);
  else out('Everything was carried over.');
  out('Next: `portcullis policy --check` shows where this build\'s analysis differs; keep hand-made grants in the override file.');
  return EXIT.ok;
}
