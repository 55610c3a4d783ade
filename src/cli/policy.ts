// `portcullis policy`: writes the policy from the analysis of the app's real build, sorted and stable (a second run
// changes nothing). `--check` writes nothing and exits 1 with the review diff when the file is out of date (for CI).
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PortcullisBuildError } from '../plugin/errors.js';
import { writeFileAtomic, readPolicyFile } from '../policy/load.js';
import { DOM_FACADE_DEFAULT, generatePolicy } from '../policy/generate.js';
import { stablePolicyJson, type Policy } from '../policy/schema.js';
import { analyze, type AnalyzeOptions } from './analyze.js';
import { countGrants, diffPolicies, formatDiff, formatPowers, plural } from './diff.js';
import { EXIT } from './errors.js';

export interface PolicyCommandOptions extends AnalyzeOptions {
  check?: boolean;
  /** Write here instead of the plugin's `policy` option. */
  output?: string;
  out?: (line: string) => void;
}

export async function policyCommand(options: PolicyCommandOptions): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const analysis = await analyze(options);
  const file = options.output ?? analysis.policyFile;
  const shown = relative(options.cwd, file) || file;
  const generated = generatePolicy(analysis.usages, { domFacade: DOM_FACADE_DEFAULT });
  const text = stablePolicyJson(generated);
  const summary = `${plural(Object.keys(generated.resources).length, 'package')}, ${plural(countGrants(generated), 'grant')}`;

  const exists = existsSync(file);
  let current: Policy | undefined;
  let invalid: string | undefined;
  if (exists) {
    try {
      current = readPolicyFile(file);
    } catch (error) {
      if (!(error instanceof PortcullisBuildError)) throw error;
      invalid = error.message;
    }
  }
  const upToDate = exists && readFileSync(file, 'utf8') === text;

  const powers = () => {
    const lines = formatPowers(generated, analysis.usages);
    if (lines.length) out(`\n${lines.join('\n')}\n`);
  };
  if (options.check) {
    if (upToDate) {
      out(`${shown} is up to date (${summary}).`);
      powers();
      return EXIT.ok;
    }
    if (!exists) out(`${shown} does not exist. Run \`portcullis policy\` to write it (${summary}), review it and commit it.`);
    else if (invalid) out(`${shown} is not a valid policy: ${invalid}\nRun \`portcullis policy\` to rewrite it from the build.`);
    else {
      const diffs = diffPolicies(current!, generated, analysis);
      if (diffs.length === 0) out(`${shown} has the right grants but not the stable layout (sorted keys, 2-space indent).`);
      else out(`${shown} is out of date: ${diffs.length} package${diffs.length === 1 ? '' : 's'} changed.\n\n${formatDiff(diffs)}\n`);
      out('Run `portcullis policy` to update it, review the diff and commit it.');
    }
    powers();
    return EXIT.outOfDate;
  }

  if (upToDate) {
    out(`${shown} is up to date (${summary}).`);
    powers();
    return EXIT.ok;
  }
  writeFileAtomic(file, text);
  if (current) {
    const diffs = diffPolicies(current, generated, analysis);
    out(`updated ${shown} (${summary}): ${diffs.length} package${diffs.length === 1 ? '' : 's'} changed.`);
    if (diffs.length) out(`\n${formatDiff(diffs)}\n`);
  } else {
    out(`wrote ${shown} (${summary}).`);
  }
  powers();
  out('Review it (`portcullis explain <package>` says why each grant is there) and commit it.');
  return EXIT.ok;
}
