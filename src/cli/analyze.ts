// Runs the app's real build (its own vite.config.*, or a Rollup config with --rollup) with the portcullis() plugin
// it already has switched to analysis: nothing is written to the output directory, no policy is read or enforced,
// and the plugin hands back every package's uses and the package graph (src/plugin/analysis.ts).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InlineConfig } from 'vite';
import type { BuildAnalysis, PortcullisApi } from '../plugin/analysis.js';
import { analyzeServed } from './dev-served.js';
import type { PackageUsage } from '../policy/generate.js';
import { CliError } from './errors.js';
import { createProgress } from './progress.js';

export interface AnalyzeOptions {
  cwd: string;
  /** The config file; default: the first vite.config.* (or rollup.config.* with `rollup`) in cwd. */
  config?: string;
  rollup?: boolean;
  quiet?: boolean;
}

const VITE_CONFIGS = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs', 'vite.config.cts', 'vite.config.cjs'];
const ROLLUP_CONFIGS = ['rollup.config.mjs', 'rollup.config.js', 'rollup.config.cjs'];

interface PluginLike {
  name?: string;
  api?: Partial<PortcullisApi>;
}

function findConfig(options: AnalyzeOptions): string {
  if (options.config) {
    const file = resolve(options.cwd, options.config);
    if (!existsSync(file)) throw new CliError('PORTCULLIS_CONFIG_NOT_FOUND', `${file} does not exist. Pass the path of the app's ${options.rollup ? 'Rollup' : 'Vite'} config with --config <file>.`);
    return file;
  }
  const names = options.rollup ? ROLLUP_CONFIGS : VITE_CONFIGS;
  const found = names.map((name) => join(options.cwd, name)).find((file) => existsSync(file));
  if (found) return found;
  const other = (options.rollup ? VITE_CONFIGS : ROLLUP_CONFIGS).find((name) => existsSync(join(options.cwd, name)));
  const hint = other ? ` There is a ${other}: ${options.rollup ? 'leave out --rollup' : 'add --rollup'}.` : ' Run the command in the app\'s directory, or pass --config <file>.';
  throw new CliError('PORTCULLIS_CONFIG_NOT_FOUND', `no ${names[0]!.replace(/\.[a-z]+$/, '.*')} in ${options.cwd}.${hint}`);
}

/** The bundler the app itself uses: resolved from the app's directory, else the one beside this package. */
async function importFromApp<T>(cwd: string, specifier: string): Promise<T> {
  let path: string;
  try {
    path = pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(specifier)).href;
  } catch {
    path = specifier;
  }
  return (await import(path)) as T;
}

function attach(plugins: readonly unknown[], configFile: string, receive: (a: BuildAnalysis) => void): Partial<PortcullisApi> {
  const flat = (plugins as unknown[]).flat(Infinity as 1) as PluginLike[];
  const plugin = flat.find((p) => p?.name === 'portcullis' && typeof p.api?.analyze === 'function');
  if (!plugin) {
    throw new CliError(
      'PORTCULLIS_CONFIG_NO_PLUGIN',
      `${configFile} does not use portcullis(): add \`import portcullis from 'portcullis'\` and \`portcullis()\` to its plugins (README, "Use").`,
    );
  }
  plugin.api!.analyze!(receive);
  return plugin.api!;
}

function buildFailed(configFile: string, error: unknown): CliError {
  const e = error as { message?: string; id?: string; code?: string };
  if (e instanceof CliError) return e;
  const where = e.id ? ` in ${e.id}` : '';
  // Bundlers colour their messages and may list many errors: plain text, and the first screenful.
  const lines = (e.message ?? String(error)).replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const message = lines.length > 30 ? [...lines.slice(0, 30), `(${lines.length - 30} more lines)`].join('\n') : lines.join('\n');
  return new CliError('PORTCULLIS_BUILD_FAILED', `the build of ${configFile} failed${where}: ${message}\nFix the build (\`vite build\` shows the same error), then run the command again.`);
}

export async function analyze(options: AnalyzeOptions): Promise<BuildAnalysis> {
  const configFile = findConfig(options);
  const progress = createProgress(process.stderr, options.quiet);
  const analyses: BuildAnalysis[] = [];
  const receive = (a: BuildAnalysis) => void analyses.push(a);
  const counter = { name: 'portcullis:cli-progress', transform: () => void progress.module() };
  try {
    if (options.rollup) {
      const { loadConfigFile } = await importFromApp<typeof import('rollup/loadConfigFile')>(options.cwd, 'rollup/loadConfigFile');
      const { rollup } = await importFromApp<typeof import('rollup')>(options.cwd, 'rollup');
      const { options: builds, warnings } = await loadConfigFile(configFile, {}, false);
      warnings.flush();
      for (const input of builds) {
        attach(input.plugins, configFile, receive);
        const bundle = await rollup({ ...input, plugins: [...input.plugins, counter], onLog: () => {} });
        await bundle.generate(input.output[0] ?? {}); // generateBundle: the analysis counts rendered modules only
        await bundle.close();
      }
    } else {
      const vite = await importFromApp<typeof import('vite')>(options.cwd, 'vite');
      await vite.build({
        configFile,
        mode: 'production',
        logLevel: 'silent',
        build: { write: false, rolldownOptions: { checks: { bundlerTimings: false } } },
        plugins: [
          counter,
          { name: 'portcullis:cli', configResolved: (config) => void attach(config.plugins, configFile, receive) },
        ],
      });
    }
  } catch (error) {
    throw buildFailed(relative(options.cwd, configFile) || configFile, error);
  }
  if (analyses.length === 0) {
    throw new CliError('PORTCULLIS_BUILD_FAILED', `the build of ${configFile} finished without running portcullis(): is it applied to \`vite build\` (apply: 'build')?`);
  }
  const analysis = mergeAnalyses(analyses);
  progress.done(`${analysis.usages.size} packages in the bundle, ${analysis.packages.size} in the dependency graph`);
  return analysis;
}

/**
 * What `vite` (the dev server) runs: Vite's dependency optimizer pre-bundles the development builds of the packages
 * (`process.env.NODE_ENV` is "development", the app's `define`s do not apply), and the plugin's optimizer hook sees
 * each original file, as under `vite`. Runs the real optimizer once, into a temporary cache folder (the app's own
 * node_modules/.vite is left alone). Packages Vite does not pre-bundle (linked or excluded ones) are served file by
 * file: their analysis is the production build's. Undefined for a Rollup config (no dev server).
 */
export async function analyzeDevelopment(options: AnalyzeOptions): Promise<BuildAnalysis | undefined> {
  if (options.rollup) return undefined;
  const configFile = findConfig(options);
  const analyses: BuildAnalysis[] = [];
  const receive = (a: BuildAnalysis) => void analyses.push(a);
  const cacheDir = mkdtempSync(join(tmpdir(), 'portcullis-dev-analysis-'));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'development'; // what `vite` sets, and what the optimizer's define reads
  try {
    const vite = await importFromApp<typeof import('vite')>(options.cwd, 'vite');
    const inline = {
      configFile,
      mode: 'development',
      logLevel: 'silent',
      cacheDir,
      // Rolldown prints its timing report itself when the machine is slow: not the CLI's output.
      optimizeDeps: { rolldownOptions: { checks: { bundlerTimings: false } } },
    } satisfies InlineConfig;
    const config = await vite.resolveConfig(
      { ...inline, plugins: [{ name: 'portcullis:cli-dev', configResolved: (c) => void attach(c.plugins, configFile, receive) }] },
      'serve',
    );
    await vite.optimizeDeps(config, true);
    // Then what the dev server serves one by one (plugin-added imports, linked packages), on the same pre-bundles.
    const served = await analyzeServed(vite, inline, (plugins) => attach(plugins, configFile, () => {}));
    if (served) analyses.push(served);
  } catch (error) {
    const failed = buildFailed(relative(options.cwd, configFile) || configFile, error);
    throw new CliError('PORTCULLIS_BUILD_FAILED', `${failed.message.split('\nFix the build')[0]} (while pre-bundling the development builds, as \`vite\` does).\nFix it (\`vite --force\` shows the same error), or pass --no-dev to analyse the production build only.`);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(cacheDir, { recursive: true, force: true });
  }
  // No dependency to pre-bundle (an app without packages): nothing runs in dev that the build does not analyse.
  return analyses.length ? mergeAnalyses(analyses) : undefined;
}

/** Several Rollup outputs (a config array) are one app: the union of their uses and edges. */
function mergeAnalyses(list: BuildAnalysis[]): BuildAnalysis {
  const [first, ...rest] = list as [BuildAnalysis, ...BuildAnalysis[]];
  for (const other of rest) {
    for (const [name, usage] of other.usages) {
      const target = first.usages.get(name) ?? { modules: new Map(), imports: new Set() } satisfies PackageUsage;
      for (const [module, uses] of usage.modules) target.modules.set(module, uses);
      for (const imported of usage.imports) target.imports.add(imported);
      first.usages.set(name, target);
    }
    for (const [name, set] of other.importers) first.importers.set(name, new Set([...(first.importers.get(name) ?? []), ...set]));
    for (const [name, dir] of other.packages) first.packages.set(name, dir);
    for (const [name, set] of other.transformed) first.transformed.set(name, new Set([...(first.transformed.get(name) ?? []), ...set]));
  }
  return first;
}
