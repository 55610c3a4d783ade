// `portcullis policy`: writes the policy from the analysis of the app's real build, sorted and stable (a second run
// changes nothing), and the development-only grants from what `vite` pre-bundles into their own file (the `devPolicy`
// option), which only the dev server reads. `--check` writes nothing and exits 1 with the review diff when either
// file is out of date (for CI).
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { PortcullisBuildError } from '../plugin/errors.js';
import type { BuildAnalysis } from '../plugin/analysis.js';
import type { GlobalUse } from '../plugin/uses.js';
import { writeFileAtomic, readPolicyFile } from '../policy/load.js';
import { DOM_FACADE_DEFAULT, generatePolicy, reattribute } from '../policy/generate.js';
import { developmentOnly } from '../policy/development.js';
import { stablePolicyJson, type Policy } from '../policy/schema.js';
import { analyze, analyzeDevelopment, type AnalyzeOptions } from './analyze.js';
import { countGrants, diffPolicies, formatDiff, formatPowers, plural } from './diff.js';
import { EXIT } from './errors.js';

export interface PolicyCommandOptions extends AnalyzeOptions {
  check?: boolean;
  /** Write here instead of the plugin's `policy` option. */
  output?: string;
  /** Analyse the production build only: no development file. */
  noDev?: boolean;
  out?: (line: string) => void;
}

interface Target {
  file: string;
  shown: string;
  generated: Policy;
  analysis: BuildAnalysis;
  /** The development file is written only when it has grants or already exists. */
  optional: boolean;
}

type Status = { kind: 'up-to-date' } | { kind: 'missing' } | { kind: 'invalid'; message: string } | { kind: 'stale'; current: Policy };

function status(target: Target): Status {
  if (!existsSync(target.file)) return { kind: 'missing' };
  if (readFileSync(target.file, 'utf8') === stablePolicyJson(target.generated)) return { kind: 'up-to-date' };
  try {
    return { kind: 'stale', current: readPolicyFile(target.file) };
  } catch (error) {
    if (!(error instanceof PortcullisBuildError)) throw error;
    return { kind: 'invalid', message: error.message };
  }
}

/**
 * What the development builds run that the production analysis does not cover. The optimizer keeps every export of
 * a package's entry (the app may import any), so a module the production build transformed and tree-shook
 * (lodash-es's `template.js`, date-fns's `intlFormat.js`) is not called by the app in dev either: only its top level
 * counts. Modules the production build never saw (react's `*.development.js`) and rendered ones count whole.
 */
function developmentUsages(dev: BuildAnalysis, production: BuildAnalysis): BuildAnalysis['usages'] {
  const result: BuildAnalysis['usages'] = new Map();
  for (const [name, usage] of dev.usages) {
    const rendered = production.usages.get(name)?.modules;
    const seen = production.transformed.get(name);
    // A module the build left out is still evaluated in dev (the pre-bundle runs every module it holds): its
    // top-level code counts (vooks's `window.matchMedia !== undefined`, pinia's devtools), its functions do not.
    const modules = new Map<string, GlobalUse[]>();
    for (const [module, uses] of usage.modules) modules.set(module, !seen?.has(module) || rendered?.has(module) ? uses : uses.filter((u) => u.topLevel));
    result.set(name, { modules, imports: usage.imports });
  }
  return result;
}

export async function policyCommand(options: PolicyCommandOptions): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const analysis = await analyze(options);
  const file = options.output ?? analysis.policyFile;
  const generated = generatePolicy(analysis.usages, { domFacade: DOM_FACADE_DEFAULT });
  // The review diff's evidence: uses where their grants went (through another package's global object).
  const withOwners = (a: BuildAnalysis): BuildAnalysis => ({ ...a, usages: reattribute(a.usages) });
  const targets: Target[] = [{ file, shown: relative(options.cwd, file) || file, generated, analysis: withOwners(analysis), optional: false }];
  const dev = options.noDev || options.output ? undefined : await analyzeDevelopment(options);
  if (dev) {
    const devFile = resolve(analysis.root, dev.devPolicyFile ?? 'portcullis.policy.dev.json');
    const devOnly = developmentOnly(generated, generatePolicy(developmentUsages(dev, analysis), { domFacade: DOM_FACADE_DEFAULT }));
    if (Object.keys(devOnly.resources).length || existsSync(devFile)) {
      targets.push({ file: devFile, shown: relative(options.cwd, devFile) || devFile, generated: devOnly, analysis: withOwners(dev), optional: true });
    }
  }

  let outOfDate = false;
  for (const target of targets) {
    const { shown } = target;
    const summary = `${plural(Object.keys(target.generated.resources).length, 'package')}, ${plural(countGrants(target.generated), 'grant')}`;
    const what = target.optional ? ' (grants only `vite` needs: the development builds)' : '';
    const s = status(target);
    if (s.kind === 'up-to-date') {
      out(`${shown} is up to date (${summary})${what}.`);
      continue;
    }
    if (options.check) {
      outOfDate = true;
      if (s.kind === 'missing') out(`${shown} does not exist. Run \`portcullis policy\` to write it (${summary})${what}, review it and commit it.`);
      else if (s.kind === 'invalid') out(`${shown} is not a valid policy: ${s.message}\nRun \`portcullis policy\` to rewrite it from the build.`);
      else {
        const diffs = diffPolicies(s.current, target.generated, target.analysis);
        if (diffs.length === 0) out(`${shown} has the right grants but not the stable layout (sorted keys, 2-space indent).`);
        else out(`${shown} is out of date: ${diffs.length} package${diffs.length === 1 ? '' : 's'} changed.\n\n${formatDiff(diffs)}\n`);
      }
      continue;
    }
    writeFileAtomic(target.file, stablePolicyJson(target.generated));
    if (s.kind === 'stale') {
      const diffs = diffPolicies(s.current, target.generated, target.analysis);
      out(`updated ${shown} (${summary})${what}: ${diffs.length} package${diffs.length === 1 ? '' : 's'} changed.`);
      if (diffs.length) out(`\n${formatDiff(diffs)}\n`);
    } else {
      out(`wrote ${shown} (${summary})${what}.`);
    }
  }
  for (const target of targets) {
    const lines = formatPowers(target.generated, target.analysis.usages);
    if (lines.length) out(`\n${target.optional ? lines[0]!.replace(':', ` (${target.shown}, under \`vite\` only):`) : lines[0]}\n${lines.slice(1).join('\n')}\n`);
  }
  if (options.check) {
    if (outOfDate) out('Run `portcullis policy` to update it, review the diff and commit it.');
    return outOfDate ? EXIT.outOfDate : EXIT.ok;
  }
  out('Review it (`portcullis explain <package>` says why each grant is there) and commit it.');
  return EXIT.ok;
}
