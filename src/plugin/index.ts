// portcullis(): one plugin object for Vite 8 (Rolldown) and Rollup 4. It rewrites each dependency module to reach
// globals only through its package's compartment, checks imports between packages against the policy, and emits
// the runtime script that runs lockdown() first in <head>.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Plugin as VitePlugin, ResolvedConfig } from 'vite';
import { loadPolicy, writeFileAtomic, mergePolicies, readPolicyFile } from '../policy/load.js';
import { DOM_FACADE_DEFAULT, generatePolicy, type PackageUsage } from '../policy/generate.js';
import { stablePolicyJson, type Policy } from '../policy/schema.js';
import type { RuntimeConfig } from '../shared/runtime-config.js';
import { collectAnalysis, type BuildAnalysis, type PortcullisApi } from './analysis.js';
import { PackageGraph } from './attribution.js';
import { PortcullisBuildError } from './errors.js';
import { checkImports } from './imports.js';
import { resolveOptions, type PortcullisOptions } from './options.js';
import { runtimeScript } from './runtime-asset.js';
import { ensureLexer } from './transform.js';
import { createTransformCache } from './cache.js';
import { MEMBRANE_ID, membraneId, membraneModule, moduleShape, parseMembraneId, routable } from './membrane.js';
import { devServer } from '../dev/server.js';

/** A package gets the attenuated DOM when its policy has a `dom` section and does not grant the real `document`. */
const isDomPackage = (p: Policy, name: string) => Boolean(p.resources[name]?.dom) && p.resources[name]?.globals?.document !== true;
/** Full power: the real document or window granted outright; the app's values pass to it as they are. */
const isFullPower = (p: Policy, name: string) => p.resources[name]?.globals?.document === true || p.resources[name]?.globals?.window === true;

export type { PortcullisOptions } from './options.js';
export type { BuildAnalysis, PortcullisApi } from './analysis.js';

const PRELUDE = 'portcullis:prelude/';
const PRELUDE_ID = '\0portcullis-prelude:';
const SCRIPT_EXTENSIONS = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;

/** The nearest directory at or above `start` with a package.json: the app's, the root of the dependency graph. */
function findAppDir(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(start);
  }
}

function preludeModule(pkg: string): string {
  const name = JSON.stringify(pkg);
  return [
    `function registry() {`,
    `  const r = globalThis.__portcullis__;`,
    `  if (!r) throw new Error("Portcullis: the runtime script did not run before the app. It must be the first <script> in <head>, and the page's CSP must allow it (PORTCULLIS_RUNTIME_MISSING)");`,
    `  return r;`,
    `}`,
    `export function compartment(module) { return registry().compartment(${name}, module); }`,
    `export function checkImport(module, specifier) { return registry().checkImport(${name}, module, specifier); }`,
  ].join('\n');
}

/** Works as a Vite plugin and, unchanged, as a Rollup 4 plugin (listed after node-resolve and commonjs). */
export default function portcullis(options?: PortcullisOptions): VitePlugin & { api: PortcullisApi } {
  const opts = resolveOptions(options);
  let root = process.cwd();
  let viteConfig: ResolvedConfig | undefined;
  let graph: PackageGraph;
  let transformCache: ReturnType<typeof createTransformCache>;
  let policy: Policy | undefined;
  let usages: Map<string, PackageUsage>;
  let runtimeFile: string | undefined;
  /** Set by the CLI through `api.analyze`: analyse only, enforce nothing. */
  let receiveAnalysis: ((analysis: BuildAnalysis) => void) | undefined;

  const policyPath = () => resolve(root, opts.policy);
  const overridePath = () => resolve(root, opts.policyOverride);
  const fail = (ctx: { error(e: { message: string; code?: string }): never }, error: unknown): never => {
    if (error instanceof PortcullisBuildError) ctx.error({ message: error.message, code: error.code });
    throw error;
  };
  // `vite dev`: the optimizer runs this plugin's hooks on pre-bundled packages; the runtime script and the overlay.
  const dev = devServer({
    options: opts,
    plugin: () => plugin,
    appDir: (r) => (opts.appDir ? resolve(r, opts.appDir) : findAppDir(r)),
    runtimeConfig: (p) => runtimeConfig(p),
    policyChanged: (p) => void (policy = p),
    preludeId: PRELUDE_ID,
  });

  const plugin: VitePlugin & { api: PortcullisApi } = {
    name: 'portcullis',
    api: { analyze: (receive) => void (receiveAnalysis = receive) },
    enforce: 'post',
    config: dev.config,
    configureServer: dev.configureServer,

    configResolved(config) {
      viteConfig = config;
      root = config.root;
      dev.configResolved(config);
    },

    async buildStart() {
      try {
        graph = new PackageGraph(opts.appDir ? resolve(root, opts.appDir) : findAppDir(root));
        transformCache = createTransformCache(opts.cache ? join(graph.appDir, 'node_modules', '.cache', 'portcullis', 'transform') : undefined);
        usages = new Map();
        policy = undefined;
        if (!opts.generatePolicy && !receiveAnalysis) {
          policy = loadPolicy({ policyFile: policyPath(), overrideFile: overridePath(), knownPackages: new Set(graph.dirOfName.keys()) });
        }
        await ensureLexer();
      } catch (error) {
        fail(this, error);
      }
    },

    resolveId: {
      // Before Vite's resolver: the app's imports of a package must be routed through its membrane.
      order: 'pre',
      async handler(source, importer, resolveOptions) {
        const devModule = dev.resolveId(source, importer, resolveOptions);
        if (devModule !== undefined) return devModule;
        if (source.startsWith(PRELUDE)) return { id: PRELUDE_ID + source.slice(PRELUDE.length), moduleSideEffects: false };
        if (!importer || !policy || source.startsWith('\0') || importer.startsWith(MEMBRANE_ID)) return null;
        if (graph.attribute(importer.split('?')[0]!).kind !== 'root') return null;
        const resolved = await this.resolve(source, importer, { ...resolveOptions, skipSelf: true });
        if (!resolved || resolved.external || !routable(resolved.id)) return resolved;
        const target = graph.attribute(dev.sourceOf(resolved.id).split('?')[0]!);
        if (target.kind !== 'package' || isFullPower(policy, target.name)) return resolved;
        return membraneId(target.name, resolved.id);
      },
    },

    async load(id) {
      const devModule = await dev.load(id);
      if (devModule) return devModule;
      if (id.startsWith(PRELUDE_ID)) return { code: preludeModule(id.slice(PRELUDE_ID.length)), moduleSideEffects: false };
      const membrane = parseMembraneId(id);
      if (membrane) {
        if (dev.serving) {
          const names = await dev.moduleExports(membrane.realId);
          return membraneModule(membrane.pkg, membrane.realId, { names, live: [], synthetic: false });
        }
        const shape = await moduleShape(
          membrane.realId,
          async (id) => {
            const info = await this.load({ id });
            return { exports: info.exports ?? [], code: info.code, syntheticNamedExports: (info as { syntheticNamedExports?: boolean | string }).syntheticNamedExports };
          },
          async (spec, importer) => (await this.resolve(spec, importer, { skipSelf: true }))?.id ?? null,
        );
        return { code: membraneModule(membrane.pkg, membrane.realId, shape), syntheticNamedExports: shape.synthetic ? '__portcullisNamed' : false };
      }
      return null;
    },

    transform(code, id) {
      if (id.startsWith('\0') || dev.skipTransform(this, id)) return null;
      const file = id.split('?')[0]!;
      if (!SCRIPT_EXTENSIONS.test(file) && /\.[a-z0-9]+$/i.test(file)) return null;
      try {
        const owner = graph.attribute(file);
        if (owner.kind !== 'package') return null;
        const moduleName = graph.displayPath(file);
        const result = transformCache.confine({
          code,
          id: file,
          packageName: owner.name,
          moduleName,
          prelude: { kind: 'import', source: PRELUDE + owner.name },
          // For the policy's file:line: the source on disk, which an earlier plugin (Rollup's commonjs) may have changed.
          original: receiveAnalysis || opts.generatePolicy ? readFileSync(file, 'utf8') : undefined,
        });
        let usage = usages.get(owner.name);
        if (!usage) usages.set(owner.name, (usage = { modules: new Map(), imports: new Set() }));
        usage.modules.set(moduleName, result.uses);
        return result.code === null ? null : { code: result.code, map: result.map };
      } catch (error) {
        return fail(this, error);
      }
    },

    buildEnd(error) {
      if (error || dev.serving) return;
      try {
        const problems = checkImports({ ctx: this, graph, policy, usages, preludeId: PRELUDE_ID });
        if (problems.length) {
          throw new PortcullisBuildError('PORTCULLIS_IMPORT_DENIED', problems.join('\n'));
        }
        if (receiveAnalysis) return; // delivered in generateBundle, once tree-shaking has dropped dead modules
        if (opts.generatePolicy) {
          // This build runs with the grants of every module it saw; the file (generateBundle) has the rendered ones.
          const generated = generatePolicy(usages, { domFacade: DOM_FACADE_DEFAULT });
          policy = existsSync(overridePath()) ? mergePolicies(generated, readPolicyFile(overridePath())) : generated;
        }
        for (const name of usages.keys()) {
          if (!policy!.resources[name]) this.warn(`package "${name}" has no entry in ${opts.policy}: it runs with no globals and no packages`);
        }
        const source = runtimeScript(runtimeConfig(policy!));
        const hash = createHash('sha256').update(source).digest('hex').slice(0, 8);
        runtimeFile = viteConfig ? `${viteConfig.build.assetsDir}/portcullis-runtime-${hash}.js` : 'portcullis-runtime.js';
        this.emitFile({ type: 'asset', fileName: runtimeFile, source });
      } catch (e) {
        fail(this, e);
      }
    },

    generateBundle(_output, bundle) {
      if (!receiveAnalysis && !opts.generatePolicy) return;
      const analysis = collectAnalysis({ ctx: this, graph, usages, bundle, root, policyFile: policyPath(), overrideFile: overridePath() });
      if (receiveAnalysis) return receiveAnalysis(analysis);
      writeFileAtomic(policyPath(), stablePolicyJson(generatePolicy(analysis.usages, { domFacade: DOM_FACADE_DEFAULT })));
      this.warn(`wrote ${relative(process.cwd(), policyPath())}: review it and commit it`);
    },

    transformIndexHtml() {
      if (dev.serving) return dev.htmlTags();
      if (!runtimeFile || !viteConfig) return [];
      // A classic, synchronous script before everything else in <head>: lockdown() runs before any module.
      return [{ tag: 'script', attrs: { src: `${viteConfig.base}${runtimeFile}` }, injectTo: 'head-prepend' }];
    },
  };
  return plugin;

  function runtimeConfig(p: Policy): RuntimeConfig {
    const resources: RuntimeConfig['resources'] = {};
    for (const [name, resource] of Object.entries(p.resources)) {
      const globals: Record<string, true | 'write' | false> = { ...resource.globals };
      resources[name] = { globals };
      if (isDomPackage(p, name)) resources[name].dom = { create: [], events: [], ...resource.dom };
    }
    const recordGrants = opts.recordGrants ? { recordGrants: true } : {};
    return { mode: opts.mode, overrideFile: relative(root, overridePath()) || opts.policyOverride, resources, ...recordGrants };
  }
}
