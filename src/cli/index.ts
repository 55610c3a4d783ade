#!/usr/bin/env node
// The `portcullis` command: `portcullis policy` (write, `--check`, `--from-lavamoat`) and `portcullis explain`.
// Exit codes: 0 done or up to date, 1 `--check` found the policy out of date, 2 an error (named file, what to do).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PortcullisBuildError } from '../plugin/errors.js';
import { CliError, EXIT } from './errors.js';
import { explainCommand } from './explain.js';
import { fromLavaMoatCommand } from './lavamoat.js';
import { policyCommand } from './policy.js';

const COMMON = `
  --config <file>   the app's build config (default: vite.config.* in the current directory)
  --rollup          the config is a Rollup config (default file: rollup.config.mjs / .js / .cjs)
  --quiet           no progress on stderr
  --help            this text`;

const HELP: Record<string, string> = {
  main: `portcullis: policy tooling for the Portcullis Vite/Rollup plugin

Usage:
  portcullis policy [--check] [--from-lavamoat <policy.json>] [options]
  portcullis explain <package> [options]
  portcullis --version

Commands:
  policy    write portcullis.policy.json from the analysis of the app's real build (--check: verify it, for CI)
  explain   what a package may do, why (code locations), who imports it, and what the override file adds

Run \`portcullis <command> --help\` for a command's options.`,
  policy: `Usage: portcullis policy [--check] [--from-lavamoat <policy.json>] [--output <file>] [options]

Builds the app with its own config (nothing is written to the output directory), analyses every dependency and
writes the policy file named by the plugin's \`policy\` option (default portcullis.policy.json), sorted and stable:
running it again changes nothing. Prints what changed, package by package, with the code behind each new grant.

  --check                  write nothing; exit 1 and print the review diff if a file is out of date (for CI)
  --no-dev                 analyse the production build only (by default the development builds that \`vite\`
                           pre-bundles are analysed too: their extra grants go to portcullis.policy.dev.json,
                           the plugin's \`devPolicy\` option, which only the dev server reads)
  --from-lavamoat <file>   import a LavaMoat policy.json instead, and list what could not be carried over
  --output <file>          write to this file instead of the plugin's \`policy\` option${COMMON}

Exit codes: 0 written or up to date, 1 out of date (--check), 2 error.`,
  explain: `Usage: portcullis explain <package> [options]

<package> is a canonical name (\`qs>side-channel\`) or, when it is unambiguous, the last part of one (\`side-channel\`).
Prints what the package may do under the policy and the override file, where in its code each grant is used,
which packages or app modules import it, which grants come from the override file, and what the analysis saw
but did not grant (feature probes, names a page does not have).${COMMON}`,
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP.main);
    return command ? EXIT.ok : EXIT.error;
  }
  if (command === '--version' || command === '-v') {
    console.log(version());
    return EXIT.ok;
  }
  if (command !== 'policy' && command !== 'explain') {
    throw new CliError('PORTCULLIS_CLI_USAGE', `unknown command "${command}". The commands are \`portcullis policy\` and \`portcullis explain <package>\` (see \`portcullis --help\`).`);
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest, command);
  } catch (error) {
    // Node's message goes on about positionals starting with '-': the first sentence is the useful part.
    const message = (error as Error).message.split('. To specify')[0]!.replace(/\.$/, '');
    throw new CliError('PORTCULLIS_CLI_USAGE', `${message}. See \`portcullis ${command} --help\`.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP[command]);
    return EXIT.ok;
  }
  const common = { cwd, config: values.config, rollup: values.rollup, quiet: values.quiet };
  if (command === 'explain') {
    if (positionals.length !== 1) throw new CliError('PORTCULLIS_CLI_USAGE', 'explain needs exactly one package name: `portcullis explain <package>`.');
    return explainCommand({ ...common, package: positionals[0]! });
  }
  if (positionals.length) throw new CliError('PORTCULLIS_CLI_USAGE', `unexpected argument "${positionals[0]}". See \`portcullis policy --help\`.`);
  if (values['from-lavamoat'] !== undefined) {
    if (values.check) throw new CliError('PORTCULLIS_CLI_USAGE', '--check and --from-lavamoat do not go together: import first, then check.');
    return fromLavaMoatCommand({ ...common, from: values['from-lavamoat'], output: values.output });
  }
  return policyCommand({ ...common, check: values.check, output: values.output, noDev: values['no-dev'] });
}

function parse(args: string[], command: 'policy' | 'explain') {
  const parsed = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      rollup: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      check: { type: 'boolean' },
      'from-lavamoat': { type: 'string' },
      output: { type: 'string' },
      'no-dev': { type: 'boolean' },
    },
  });
  const policyOnly = (['check', 'from-lavamoat', 'output', 'no-dev'] as const).find((o) => parsed.values[o] !== undefined);
  if (command === 'explain' && policyOnly) throw new Error(`option --${policyOnly} belongs to \`portcullis policy\``);
  return parsed;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError || error instanceof PortcullisBuildError) {
      console.error(`portcullis: ${error.message}`);
    } else {
      console.error('portcullis: unexpected error (please report it):', error);
    }
    process.exitCode = EXIT.error;
  },
);
