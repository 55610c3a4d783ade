// `vite dev`: the same confinement as `vite build`, plus the overlay. The main plugin's transform confines the
// modules Vite serves one by one (the app's linked `file:` packages); optimizer.ts runs the same hooks inside the
// dependency optimizer for pre-bundled packages. This file serves the runtime script first in <head>, regenerates it
// when the policy or override file changes (then reloads the page), and keeps the list of violations the pages
// report: printed once in the terminal, replayed to every page that connects.
// Threat: a dependency running unconfined in dev (the runtime script late or missing, a pre-bundled file missed), or
// a stale policy in force after an edit.
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse as lexModule } from 'es-module-lexer';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { HtmlTagDescriptor, OptimizedDepInfo, Plugin as VitePlugin, ViteDevServer } from 'vite';
import { cleanId, PackageGraph } from '../plugin/attribution.js';
import { checkImports } from '../plugin/imports.js';
import { packageRoot, runtimeScript } from '../plugin/runtime-asset.js';
import { ensureLexer } from '../plugin/transform.js';
import type { ResolvedOptions } from '../plugin/options.js';
import { loadPolicy } from '../policy/load.js';
import type { Policy } from '../policy/schema.js';
import { DEV_CLIENT_PATH, DEV_EVENT, DEV_RUNTIME_PATH, type DevState } from '../shared/dev-protocol.js';
import type { RuntimeConfig } from '../shared/runtime-config.js';
import { devImportGraph } from './imports.js';
import { optimizerCacheKey, optimizerPlugin } from './optimizer.js';
import { packageDocuments } from './package-documents.js';
import { locateFrame } from './source-map.js';
import { formatViolation, printable, ViolationStore } from './violations.js';

const CLIENT_ID = '\0portcullis-dev-client';
const VITE_CLIENT = /[\\/]node_modules[\\/]vite[\\/]dist[\\/]client[\\/]/;

/**
 * Vite's own client modules, which the transform leaves alone: files (by real path, the query aside) inside the
 * `dist/client` of the Vite the app or Portcullis resolves. Not an id that merely names such a path: a package's
 * `./evil.js?/node_modules/vite/dist/client/` was served unconfined, and a package can nest a folder of that name
 * (red team s13).
 */
function viteClientCheck(root: () => string): (id: string) => boolean {
  let dirs: string[] | undefined;
  const dirOf = (from: string) => {
    try {
      return `${realpathSync.native(dirname(createRequire(from).resolve('vite/package.json')))}${sep}dist${sep}client${sep}`;
    } catch {
      return undefined;
    }
  };
  return (id) => {
    const file = cleanId(id);
    if (!file || !VITE_CLIENT.test(file)) return false;
    dirs ??= [dirOf(join(root(), 'package.json')), dirOf(import.meta.url)].filter((d): d is string => d !== undefined);
    let real: string;
    try {
      real = realpathSync.native(file);
    } catch {
      return false;
    }
    return dirs.some((dir) => real.startsWith(dir));
  };
}
const BROADCAST_MS = 50;

/** What the dev server needs from the main plugin. */
export interface DevCore {
  options: ResolvedOptions;
  /** The main plugin: the optimizer runs its resolveId, load and transform hooks. */
  plugin(): VitePlugin;
  /** The root of the dependency graph for an app root (the same rule the build uses). */
  appDir(root: string): string;
  runtimeConfig(policy: Policy): RuntimeConfig;
  /** The dev server loaded a new policy: the main plugin's hooks (the DOM membrane routing) must use it too. */
  policyChanged(policy: Policy): void;
  /** The id prefix of the per-package prelude modules. */
  preludeId: string;
  /** `portcullis policy` analysing what the dev server runs: the optimizer starts bundling, and has bundled. */
  analysis?: {
    active(): boolean;
    start(): Promise<void>;
    done(ctx: unknown, bundle: unknown): Promise<void>;
  };
}

export function devServer(core: DevCore) {
  const { options } = core;
  let serving = false;
  let root = process.cwd();
  const isViteClient = viteClientCheck(() => root);
  let graph: PackageGraph | undefined;
  let cacheKey: string | undefined;
  let server: ViteDevServer | undefined;
  let runtime: { source: string; config: RuntimeConfig } | undefined;
  let policy: Policy | undefined;
  let policyError: string | undefined;
  let importProblems: string[] = [];
  const printedProblems = new Set<string>();
  const store = new ViolationStore();
  let broadcastTimer: ReturnType<typeof setTimeout> | undefined;

  const policyPath = () => resolve(root, options.policy);
  const overridePath = () => resolve(root, options.policyOverride);
  const devPolicyPath = () => resolve(root, options.devPolicy);
  const appGraph = () => (graph ??= new PackageGraph(core.appDir(root)));
  const attributionOf = (id: string): 'root' | 'package' | 'virtual' | 'outside' => {
    try {
      return appGraph().attribute(id).kind;
    } catch {
      return 'outside';
    }
  };
  const log = (message: string, level: 'info' | 'warn' | 'error' = 'warn') =>
    server?.config.logger[level](`[portcullis] ${message}`, { timestamp: true });

  function state(): DevState {
    return {
      mode: options.mode,
      overrideFile: runtime?.config.overrideFile ?? options.policyOverride,
      violations: store.entries(),
      importProblems,
      ...(policyError ? { policyError } : {}),
    };
  }

  function broadcastSoon(): void {
    broadcastTimer ??= setTimeout(() => {
      broadcastTimer = undefined;
      server?.ws.send(DEV_EVENT.state, state());
    }, BROADCAST_MS);
  }

  /** Loads the policy and builds the runtime script from it; on failure the previous one stays in force. */
  function loadRuntime(): boolean {
    try {
      const known = new Set(appGraph().dirOfName.keys());
      const next =
        options.generatePolicy && !existsSync(policyPath())
          ? { resources: {} }
          : loadPolicy({ policyFile: policyPath(), overrideFile: overridePath(), developmentFile: devPolicyPath(), knownPackages: known });
      const config: RuntimeConfig = { ...core.runtimeConfig(next), dev: true };
      runtime = { source: runtimeScript(config), config };
      policy = next;
      policyError = undefined;
      return true;
    } catch (error) {
      policyError = (error as Error).message;
      log(printable(policyError), 'error');
      return false;
    }
  }

  /** Imports between packages, checked with the build's own rule against the current policy. */
  async function checkDevImports(): Promise<void> {
    if (!server || !policy) return;
    try {
      const ctx = await devImportGraph(server, appGraph());
      importProblems = checkImports({ ctx, graph: appGraph(), policy, usages: new Map(), preludeId: core.preludeId });
    } catch (error) {
      importProblems = [(error as Error).message];
    }
    for (const problem of importProblems) {
      if (printedProblems.has(problem)) continue;
      printedProblems.add(problem);
      log(`vite build would fail: ${printable(problem)}`, 'error');
    }
    broadcastSoon();
  }

  async function onReport(message: unknown): Promise<void> {
    const fresh = store.add(message);
    broadcastSoon();
    for (const entry of fresh) {
      if (entry.frame) {
        const where = server ? await locateFrame(server, entry.frame).catch(() => undefined) : undefined;
        if (where) {
          entry.line = where.line;
          entry.column = where.column;
          // The attenuated DOM reports "(DOM)": the stack knows which module it was.
          if (entry.module.startsWith('(') && where.file) entry.module = appGraph().displayPath(where.file);
        }
        entry.frame = undefined;
      }
      log(formatViolation(entry, options.mode, state().overrideFile));
    }
    if (fresh.length) broadcastSoon();
  }

  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  function onPolicyFile(file: string): void {
    if (![policyPath(), overridePath(), devPolicyPath()].includes(resolve(file))) return;
    // Editors save in several steps (truncate and write, or write and rename): act once they are done.
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      const shown = relative(process.cwd(), file) || file;
      if (!loadRuntime()) {
        server?.ws.send({ type: 'error', err: { message: `[portcullis] ${policyError}`, stack: '', plugin: 'portcullis', id: file } });
        broadcastSoon();
        return;
      }
      core.policyChanged(policy!);
      // Which packages get the attenuated DOM decides how the app's imports resolve (through a membrane or not):
      // every module is transformed again after the reload.
      server?.environments.client.moduleGraph.invalidateAll();
      const forgotten = store.forgetAllowed(policy!);
      log(`${shown} changed: reloading the page under the new policy${forgotten ? ` (${forgotten} violation${forgotten === 1 ? ' is' : 's are'} now allowed)` : ''}`, 'info');
      void checkDevImports();
      server?.ws.send(DEV_EVENT.state, state());
      server?.ws.send({ type: 'full-reload', path: '*' });
    }, 50);
  }

  /** The optimizer's record of a pre-bundled file: discovered (being bundled, early in a cold start) or optimized. */
  function depInfo(id: string): OptimizedDepInfo | undefined {
    const optimizer = server?.environments.client.depsOptimizer;
    if (!serving || !optimizer?.isOptimizedDepFile(id)) return undefined;
    const file = id.split('?')[0]!;
    return [...Object.values(optimizer.metadata.optimized), ...Object.values(optimizer.metadata.discovered)].find((dep) => dep.file === file);
  }

  const runtimeUrls = () => new Set([DEV_RUNTIME_PATH, `${server?.config.base ?? '/'}${DEV_RUNTIME_PATH.slice(1)}`]);

  return {
    /** True under `vite` (dev server); the build-only hooks step aside. */
    get serving(): boolean {
      return serving;
    },

    config(config: { root?: string }, env: { command: string; isPreview?: boolean }) {
      serving = env.command === 'serve' && !env.isPreview;
      if (!serving) return undefined;
      root = config.root ? resolve(config.root) : process.cwd();
      const plugin = optimizerPlugin({
        main: core.plugin,
        analysis: core.analysis,
        key: () => (cacheKey ??= optimizerCacheKey(appGraph())),
        isAppModule: (id) => attributionOf(id) === 'root',
      });
      return { optimizeDeps: { rolldownOptions: { plugins: [plugin] } } };
    },

    configResolved(config: { root: string }): void {
      if (serving) root = config.root;
    },

    configureServer(viteServer: ViteDevServer): void {
      if (!serving) return;
      server = viteServer;
      root = viteServer.config.root;
      loadRuntime();
      viteServer.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!;
        if (!runtimeUrls().has(path)) return next();
        if (!runtime) {
          res.statusCode = 500;
          res.end(`/* [portcullis] ${policyError ?? 'no runtime'} */`);
          return;
        }
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        // Never cached: after a policy edit the reloaded page must get the new grants.
        res.setHeader('Cache-Control', 'no-store');
        res.end(runtime.source);
      });
      viteServer.middlewares.use(packageDocuments(() => root, appGraph, (m) => viteServer.config.logger.warn(m)));
      // Vite already watches its root. Adding a file that does not exist yet (the override file, usually) to a watched
      // folder makes chokidar drop that folder's other events: HMR of the app's files there would stop.
      const outside = [policyPath(), overridePath(), devPolicyPath()].filter((file) => relative(root, file).startsWith('..') || isAbsolute(relative(root, file)));
      if (outside.length) viteServer.watcher.add(outside);
      for (const event of ['add', 'change', 'unlink'] as const) viteServer.watcher.on(event, onPolicyFile);
      viteServer.ws.on(DEV_EVENT.hello, (_data: unknown, client: { send(event: string, payload?: unknown): void }) => {
        client.send(DEV_EVENT.state, state());
        void checkDevImports();
      });
      viteServer.ws.on(DEV_EVENT.report, (data: unknown) => void onReport(data));
      viteServer.ws.on(DEV_EVENT.clear, () => {
        store.clear();
        printedProblems.clear();
        broadcastSoon();
      });
      viteServer.httpServer?.once('close', () => {
        clearTimeout(reloadTimer);
        clearTimeout(broadcastTimer);
      });
    },

    /**
     * The dev client's id; null (resolve it, but leave it alone) for imports made by tooling that is not part of the
     * app's dependency graph (Vite's client); undefined for everything else.
     */
    resolveId(source: string, importer: string | undefined, resolveOptions?: object): string | null | undefined {
      if (!serving) return undefined;
      if (source === DEV_CLIENT_PATH) return CLIENT_ID;
      // Vite's dependency scan (an undocumented `scan` flag) must see the app's bare imports as they are, or it will
      // not pre-bundle them.
      if ((resolveOptions as { scan?: boolean } | undefined)?.scan) return null;
      if (/^\/?@vite\//.test(source) || isViteClient(source)) return null;
      if (importer && (importer === CLIENT_ID || isViteClient(importer))) return null;
      // A pre-bundled file importing its sibling chunks: confined inside the optimizer already, wherever cacheDir is.
      if (importer && server?.environments.client.depsOptimizer?.isOptimizedDepFile(importer)) return null;
      return undefined;
    },

    /** In dev a pre-bundled file stands for the package entry it was bundled from: that is the file to attribute. */
    sourceOf(id: string): string {
      return depInfo(id)?.src ?? id;
    },

    /**
     * The file whose exports a membrane module in dev re-exports: for a pre-bundled file, the package entry it was
     * bundled from, as Vite's own interop check reads it. Never the pre-bundled file itself: on a cold start the
     * optimizer holds it back until every request of the first crawl is done, this one included (waiting deadlocks).
     */
    async exportsSource(id: string): Promise<string> {
      await server?.environments.client.depsOptimizer?.scanProcessing; // the scan does not wait for requests
      return depInfo(id)?.src ?? id;
    },

    /**
     * A module's own export names in dev, where `this.load()` of a plain file gives no module info: read from its
     * code. `export * from` names nothing here (the caller follows them); CommonJS names come from the caller too.
     */
    async moduleExports(id: string): Promise<string[]> {
      await ensureLexer();
      const code = await readFile(id.split('?')[0]!, 'utf8');
      try {
        const [, exports, , hasModuleSyntax] = lexModule(code);
        return hasModuleSyntax ? exports.flatMap((e) => (e.type === 'reexport-all' ? [] : [e.name])) : [];
      } catch {
        return []; // JSX in a .js entry: Vite's optimizer compiles it; its names are then the build's, unknown here
      }
    },

    async load(id: string): Promise<string | null> {
      if (id !== CLIENT_ID) return null;
      return readFile(join(packageRoot(), 'dist', 'dev', 'portcullis-dev-client.js'), 'utf8');
    },

    /**
     * Modules the main transform must leave alone in dev: the pre-bundled files (their modules were confined one by
     * one inside the optimizer), Vite's own client, which is tooling, not a dependency of the app, and modules of a
     * server environment (SSR).
     */
    skipTransform(ctx: { environment?: object }, id: string): boolean {
      if (!serving) return false;
      const env = ctx.environment as { depsOptimizer?: { isOptimizedDepFile(id: string): boolean }; config?: { consumer?: string } } | undefined;
      // Server-side rendering runs in Node, where no runtime script ran: Portcullis confines what the browser runs.
      if (env?.config?.consumer === 'server') return true;
      return Boolean(env?.depsOptimizer?.isOptimizedDepFile(id)) || isViteClient(id);
    },

    /** The runtime script first in <head> (a classic script: it runs before any module), then the dev client. */
    htmlTags(): HtmlTagDescriptor[] {
      const base = server?.config.base ?? '/';
      return [
        { tag: 'script', attrs: { src: `${base}${DEV_RUNTIME_PATH.slice(1)}` }, injectTo: 'head-prepend' },
        { tag: 'script', attrs: { type: 'module', src: `${base}${DEV_CLIENT_PATH.slice(1)}` }, injectTo: 'head-prepend' },
      ];
    },

    /** For tests: the server-side state. */
    state,
  };
}

export type DevServer = ReturnType<typeof devServer>;

