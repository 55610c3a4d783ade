// portcullis(): one plugin object for Vite 8 (Rolldown) and Rollup 4. It rewrites each dependency module to reach
// globals only through its package's compartment, checks imports between packages against the policy, and emits
// the runtime script that runs lockdown() first in <head>.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plugin as VitePlugin, ResolvedConfig } from 'vite';
import { loadPolicy, writeFileAtomic, mergePolicies, readPolicyFile } from '../policy/load.js';
import { DOM_FACADE_DEFAULT, generatePolicy, type PackageUsage } from '../policy/generate.js';
import { stablePolicyJson, type Policy } from '../policy/schema.js';
import type { GlobalGrant, RuntimeConfig } from '../shared/runtime-config.js';
import { normalizeGrants } from '../shared/global-path.js';
import { settleImportedGlobals } from './imported-globals.js';
import { collectAnalysis, servedAnalysis, type BuildAnalysis, type GraphContext, type PortcullisApi } from './analysis.js';
import { findAppDir, PackageGraph } from './attribution.js';
import { PortcullisBuildError } from './errors.js';
import { checkImports } from './imports.js';
import { definedLiterals, resolveOptions, type PortcullisOptions } from './options.js';
import { PRELUDE, PRELUDE_ID, preludeModule } from './prelude.js';
import { canDeferRuntime, runtimeScript } from './runtime-asset.js';
import { ensureLexer } from './transform.js';
import { createTransformCache } from './cache.js';
import { MEMBRANE_ID, parseMembraneId } from './membrane.js';
import { loadMembraneModule } from './membrane-load.js';
import { isDomPackage, mayRoute, membraneFor } from './routing.js';
import { devServer } from '../dev/server.js';
import { createBundleAudit } from './audit.js';
import { checkHelperImports, type HelperImport } from './helpers.js';
import { workerConfig } from './workers.js';
import { createPackageChecks } from './package-checks.js';
import { createEvaluationGuard } from './build-time-eval.js';

export type { PortcullisOptions } from './options.js';
export type { BuildAnalysis, PortcullisApi } from './analysis.js';

const SCRIPT_EXTENSIONS = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;
/** Module types a bundler runs as code (Rolldown says which; Rollup runs every module as JavaScript). */
const CODE_MODULE_TYPES = /^(?:js|jsx|ts|tsx)$/;
/**
 * In `vite dev` a CSS request's JavaScript is Vite's own style-injection glue (with `import.meta.hot`), not the
 * package's code; the stylesheet itself is checked as it loads (css-policy.ts). Exactly the ids `vite:css-post` turns
 * into that glue (its transform filter, Vite 7 and 8), no more: an id Portcullis skipped as CSS that Vite served as
 * JavaScript (`./evil.js?lang.css&x` once) ran unconfined (red team s13).
 */
const CSS_LANGS = /\.(?:css|less|sass|scss|styl|stylus|pcss|postcss|sss)(?:$|\?)/;
const NOT_CSS_GLUE = /[?&]commonjs-proxy|[?&](?:worker|sharedworker|raw|url)\b/;
const isCssGlue = (id: string) => CSS_LANGS.test(id) && !NOT_CSS_GLUE.test(id);

/** Works as a Vite plugin and, unchanged, as a Rollup 4 plugin (listed after node-resolve and commonjs). */
export default function portcullis(options?: PortcullisOptions): VitePlugin & { api: PortcullisApi } {
  const opts = resolveOptions(options);
  let root = process.cwd();
  let viteConfig: ResolvedConfig | undefined;
  /** Vite's `define` for plain identifiers with JSON literal values: see ConfineOptions.defined. */
  let defined: Record<string, string> = {};
  let graph: PackageGraph;
  let transformCache: ReturnType<typeof createTransformCache>;
  let policy: Policy | undefined;
  let usages: Map<string, PackageUsage>;
  let runtimeFile: string | undefined;
  /** Set by the CLI through `api.analyze`: analyse only, enforce nothing. */
  let receiveAnalysis: ((analysis: BuildAnalysis) => void) | undefined;

  // Invariant 2's checks of what packages bring besides globals: helpers, import.meta, CSS (package-checks.ts).
  const checks = createPackageChecks({
    graph: () => graph,
    policy: () => (receiveAnalysis || opts.generatePolicy ? undefined : policy),
    usages: () => usages,
    overrideFile: () => relative(root, overridePath()) || opts.policyOverride,
  });
  // Invariant 2: what runs is what was confined (audit.ts).
  const audit = createBundleAudit(
    () => graph,
    () => (opts.cache ? join(graph.appDir, 'node_modules', '.cache', 'portcullis', 'audit') : undefined),
  );
  /** A module's file from its display path (one inside the app), for imports the bundler at hand did not load. */
  const fileOfModule = (module: string) => {
    const file = resolve(graph.appDir, module);
    return existsSync(file) ? file : undefined;
  };
  // Invariant 3 before Vite's own plugins evaluate a package module's options in this process (build-time-eval.ts).
  const beforeViteEvaluates = createEvaluationGuard(() => graph);
  const policyPath = () => resolve(root, opts.policy);
  const overridePath = () => resolve(root, opts.policyOverride);
  const analysisOf = (ctx: GraphContext, bundle?: Parameters<typeof collectAnalysis>[0]['bundle']) =>
    collectAnalysis({ ctx, graph, usages, bundle, root, policyFile: policyPath(), overrideFile: overridePath(), devPolicyFile: resolve(root, opts.devPolicy) });
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
    // `portcullis policy` on what `vite` runs: the optimizer's bundling is the build analysed (nothing is enforced).
    analysis: {
      active: () => receiveAnalysis !== undefined,
      start: async () => {
        startAnalysis();
        await ensureLexer();
      },
      done: async (ctx, bundle) => {
        await settleImportedGlobals(ctx as never, (id) => graph.displayPath(id), usages, fileOfModule);
        receiveAnalysis!(analysisOf(ctx as never, bundle as never));
      },
    },
  });
  /** What buildStart sets up; the optimizer calls it directly when it is the build being analysed. */
  const startAnalysis = () => {
    graph = new PackageGraph(opts.appDir ? resolve(root, opts.appDir) : findAppDir(root));
    transformCache = createTransformCache(opts.cache ? join(graph.appDir, 'node_modules', '.cache', 'portcullis', 'transform') : undefined);
    usages = new Map();
    policy = undefined;
  };

  const plugin: VitePlugin & { api: PortcullisApi } = {
    name: 'portcullis',
    api: {
      analyze: (receive) => void (receiveAnalysis = receive),
      served: async (ctx) => {
        await settleImportedGlobals(ctx, (id) => graph.displayPath(id), usages, fileOfModule);
        return servedAnalysis(ctx, analysisOf, (id) => dev.sourceOf(id));
      },
    },
    enforce: 'post',
    config(config, env) {
      return { ...dev.config(config, env), ...workerConfig(config, () => graph) };
    },
    configureServer: dev.configureServer,

    configResolved(config) {
      viteConfig = config;
      defined = definedLiterals(config.define);
      root = config.root;
      dev.configResolved(config);
    },

    async buildStart() {
      try {
        startAnalysis();
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
      handler(source, importer, resolveOptions) {
        const devModule = dev.resolveId(source, importer, resolveOptions);
        if (devModule !== undefined) return devModule;
        if (source.startsWith(PRELUDE)) return { id: PRELUDE_ID + source.slice(PRELUDE.length), moduleSideEffects: false };
        // A membrane module's re-exported namespace is that module's own membrane module (membrane.ts).
        if (source.startsWith(MEMBRANE_ID) && importer?.startsWith(MEMBRANE_ID) && parseMembraneId(source)) return source;
        if (!importer || !policy || source.startsWith('\0') || importer.startsWith(MEMBRANE_ID)) return null;
        // A URL the browser asks the dev server for (Vite resolves it with the page as importer): the module itself, as
        // the membrane module's own import of it must be, or the membrane would import itself.
        if (dev.serving && source.startsWith('/') && importer.endsWith('.html')) return null;
        const from = graph.attribute(importer.split('?')[0]!);
        if (!mayRoute(policy, from)) return null;
        // Only here a promise: the thousands of other calls in a build answer synchronously.
        const p = policy;
        return this.resolve(source, importer, { ...resolveOptions, skipSelf: true }).then((resolved) => {
          if (!resolved || resolved.external) return resolved;
          const target = graph.attribute(dev.sourceOf(resolved.id).split('?')[0]!);
          return membraneFor(p, from, target, resolved.id, dev.serving) ?? resolved;
        });
      },
    },

    async load(id) {
      try {
        // The same modules the transform confines: not Vite's own client, nor pre-bundled deps (checked as sources).
        if (viteConfig && !dev.skipTransform(this, id)) beforeViteEvaluates(id);
        checks.stylesheet(id);
        const stylesheet = checks.confinedStylesheet(id);
        if (stylesheet !== null) return stylesheet;
      } catch (error) {
        return fail(this, error);
      }
      const devModule = await dev.load(id);
      if (devModule) return devModule;
      if (id.startsWith(PRELUDE_ID)) return { code: preludeModule(id.slice(PRELUDE_ID.length)), moduleSideEffects: false };
      const membrane = parseMembraneId(id);
      if (membrane) return loadMembraneModule(this, membrane, dev.serving ? dev : undefined);
      return null;
    },

    transform(code, id, meta) {
      // `vite dev` has no generateBundle: a package's script inlined as a data: URL fails the module that holds it,
      // a plugin's virtual module too.
      if (dev.serving && id.startsWith('\0')) {
        try {
          checks.inlinedScriptsNow(id, code);
        } catch (error) {
          return fail(this, error);
        }
      }
      if (id.startsWith('\0') || dev.skipTransform(this, id)) return null;
      const file = id.split('?')[0]!;
      // Whatever the extension (`import './payload.data'` runs as code too): every module the bundler runs as code.
      const moduleType = (meta as { moduleType?: string } | undefined)?.moduleType;
      // Not in the dev server's pipeline: there the module type is Vite's guess from the id's tail, query included
      // (`./evil.js?x&.txt` is "text"), and whatever the pipeline returns is served as JavaScript (red team s13).
      const devPipeline = dev.serving && (this as { environment?: { mode?: string } }).environment?.mode === 'dev';
      if (moduleType !== undefined && !CODE_MODULE_TYPES.test(moduleType) && !devPipeline) return null;
      if (dev.serving && isCssGlue(id)) return null;
      try {
        if (dev.serving) checks.inlinedScriptsNow(file, code);
        const owner = graph.attribute(file);
        if (owner.kind !== 'package') return null;
        const moduleName = graph.displayPath(file);
        const result = transformCache.confine({
          code,
          id: file,
          packageName: owner.name,
          moduleName,
          prelude: { kind: 'import', source: PRELUDE + owner.name },
          // As Vite's own plugins do: no map where `vite build` writes none (Rollup's output options are not known yet).
          sourceMap: !(viteConfig?.command === 'build' && !viteConfig.build.sourcemap),
          defined,
          // Rolldown (Vite 8, its optimizer) reads raw CommonJS and `.cjs` as scripts; Rollup reads every module as one.
          bundler: (this.meta as { rolldownVersion?: string }).rolldownVersion ? 'rolldown' : 'rollup',
          // For the policy's file:line: the source on disk, which an earlier plugin (Rollup's commonjs) may have changed.
          original: receiveAnalysis || opts.generatePolicy ? readFileSync(file, 'utf8') : undefined,
        });
        audit.noteConfined(id);
        // `vite dev` has no generateBundle: a denied `import.meta` use fails the module when it is served or pre-bundled.
        if (dev.serving) checks.importMetaNow(owner.name, moduleName, result.uses);
        if (dev.serving) checks.virtualImportsNow(owner.name, moduleName, result.uses);
        let usage = usages.get(owner.name);
        if (!usage) usages.set(owner.name, (usage = { modules: new Map(), imports: new Set() }));
        usage.modules.set(moduleName, result.uses);
        if (result.constants) (usage.constants ??= new Map()).set(moduleName, result.constants);
        return result.code === null ? null : { code: result.code, map: result.map };
      } catch (error) {
        // Vite transpiles .ts/.mts/.tsx, not .cts: Rolldown strips its types after every plugin, so Portcullis reads TypeScript.
        if (error instanceof PortcullisBuildError && error.code === 'PORTCULLIS_PARSE_ERROR' && (!SCRIPT_EXTENSIONS.test(file) || file.endsWith('.cts'))) {
          const hint = `${graph.displayPath(file)} is not JavaScript when Portcullis sees it: a plugin that turns it into JavaScript must come before portcullis() in plugins`;
          return fail(this, new PortcullisBuildError('PORTCULLIS_PARSE_ERROR', `${error.message.replace(/ \(PORTCULLIS_PARSE_ERROR\)$/, '')} ${hint}`));
        }
        return fail(this, error);
      }
    },

    outputOptions(options) {
      try {
        return audit.outputOptions(options);
      } catch (error) {
        return fail(this, error);
      }
    },

    renderChunk: {
      // First, on the chunk exactly as the bundler rendered it, before any minifier (terser is a renderChunk plugin):
      // prove every package module in it; what later hooks change is checked again in generateBundle (audit.ts).
      order: 'pre',
      handler(code, chunk, outputOptions) {
        try {
          const problems = audit.renderChunk(code, chunk, outputOptions.format);
          if (problems.length) throw new PortcullisBuildError('PORTCULLIS_UNCONFINED_CODE', problems.join('\n'));
        } catch (error) {
          fail(this, error);
        }
        return null;
      },
    },

    async buildEnd(error) {
      transformCache?.flush();
      if (error || dev.serving) return;
      try {
        await settleImportedGlobals(this, (id) => graph.displayPath(id), usages, fileOfModule);
        const helperImports: HelperImport[] = [];
        const problems = checkImports({ ctx: this, graph, policy, usages, preludeId: PRELUDE_ID, helperImports });
        problems.push(...(await checkHelperImports({ ctx: this, imports: helperImports, specifiers: (id) => checks.specifiersOf(id), displayPath: (id) => graph.displayPath(id) })));
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
      const unproven = audit.generateBundle(bundle as never);
      if (unproven.length) fail(this, new PortcullisBuildError('PORTCULLIS_UNCONFINED_CODE', unproven.join('\n')));
      try {
        checks.renderedImportMeta(bundle as never, (ref) => {
          try {
            return this.getFileName(ref);
          } catch {
            return undefined; // (a reference of no file this build emits)
          }
        });
        // Whoever named it (the app, a plugin): a package's script copied into the output, or inlined, unconfined.
        checks.scriptAssets(bundle as never, root, runtimeFile);
      } catch (error) {
        fail(this, error);
      }
      if (!receiveAnalysis && !opts.generatePolicy) return;
      const analysis = analysisOf(this, bundle as never);
      checks.addStylesheetUses(analysis.usages);
      if (receiveAnalysis) return receiveAnalysis(analysis);
      writeFileAtomic(policyPath(), stablePolicyJson(generatePolicy(analysis.usages, { domFacade: DOM_FACADE_DEFAULT })));
      this.warn(`wrote ${relative(process.cwd(), policyPath())}: review it and commit it`);
    },

    transformIndexHtml: {
      // Late, so the page's scripts that other plugins add are there to be seen.
      order: 'post',
      handler(html) {
        if (dev.serving) return dev.htmlTags();
        if (!runtimeFile || !viteConfig) return [];
        // A classic script before everything else in <head>: lockdown() runs before any module. Deferred when no
        // script of the page could run before it then (runtime-asset.ts).
        const defer = canDeferRuntime(html) ? { defer: true } : {};
        return [{ tag: 'script', attrs: { src: `${viteConfig.base}${runtimeFile}`, ...defer }, injectTo: 'head-prepend' }];
      },
    },
  };
  return plugin;

  function runtimeConfig(p: Policy): RuntimeConfig {
    const resources: RuntimeConfig['resources'] = {};
    for (const [name, resource] of Object.entries(p.resources)) {
      // One meaning per grant (`window.trustedTypes` is `trustedTypes`): src/shared/global-path.ts.
      const globals: Record<string, GlobalGrant> = { ...normalizeGrants(resource.globals ?? {}) };
      resources[name] = { globals };
      if (isDomPackage(p, name)) {
        resources[name].dom = { create: [], events: [], ...resource.dom };
        const imports = Object.keys(resource.packages ?? {}).filter((dep) => resource.packages![dep] === true);
        if (imports.length > 0) resources[name].imports = imports;
      }
    }
    const recordGrants = opts.recordGrants ? { recordGrants: true } : {};
    return { mode: opts.mode, overrideFile: relative(root, overridePath()) || opts.policyOverride, resources, ...recordGrants };
  }
}
