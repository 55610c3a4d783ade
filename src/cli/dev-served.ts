// The other half of what `vite` runs: the modules the dev server transforms and serves one by one, which the dependency
// optimizer never sees. Packages land there when a plugin adds their imports to the app's modules only under `vite`
// (@prefresh/vite imports `@prefresh/core` by its file path into every component module), and when they are linked or
// excluded from pre-bundling. A dev server (no port, no WebSocket, no watcher) is asked for the app's pages and, from
// them, every module they import, as a browser would: the plugin's transform sees each package module it serves.
import { existsSync, readFileSync } from 'node:fs';
import { init, parse } from 'es-module-lexer';
import { relative, resolve } from 'node:path';
import type { InlineConfig, ViteDevServer } from 'vite';
import type { BuildAnalysis, GraphContext, PortcullisApi } from '../plugin/analysis.js';
import type { ResolveContext } from '../plugin/imported-globals.js';

type Vite = typeof import('vite');

/** Bounds the walk: a real app serves a few thousand modules in dev. */
const MAX_MODULES = 20_000;
/** Served by Vite itself or already analysed: its client and env, and the pre-bundled dependencies. */
const SKIPPED = /^\/(?:@vite\/(?:client|env)\b|node_modules\/\.vite\/)|[?&](?:url|raw|inline|worker|sharedworker)\b/;

/** The app's HTML pages: Vite's `build.rolldownOptions.input` (or rollupOptions) entries that are HTML, else index.html. */
function pages(server: ViteDevServer): string[] {
  const { root, build } = server.config;
  const input = (build as { rolldownOptions?: { input?: unknown }; rollupOptions?: { input?: unknown } }).rolldownOptions?.input ?? build.rollupOptions?.input;
  const entries = typeof input === 'string' ? [input] : Array.isArray(input) ? input : input && typeof input === 'object' ? Object.values(input) : [];
  const html = (entries as unknown[]).filter((e): e is string => typeof e === 'string' && e.endsWith('.html')).map((e) => resolve(root, e));
  return html.length ? html : [resolve(root, 'index.html')].filter(existsSync);
}

/** The URLs a module's code imports, statically or with a literal `import()`. */
function importedUrls(code: string): string[] {
  try {
    return parse(code)[0].flatMap((i) => ('specifier' in i && i.specifier?.startsWith('/') ? [i.specifier] : []));
  } catch {
    return []; // not JavaScript (an asset's URL module), or a syntax the lexer rejects: Vite reports those itself
  }
}

/**
 * Serves the app as `vite` would and returns what the plugin saw in the modules served one by one, or undefined when
 * no package module is served that way.
 */
export async function analyzeServed(vite: Vite, config: InlineConfig, find: (plugins: readonly unknown[]) => Partial<PortcullisApi>): Promise<BuildAnalysis | undefined> {
  await init;
  let api: Partial<PortcullisApi> | undefined;
  const server = await vite.createServer({
    ...config,
    // No port and no WebSocket (`hmr` stays on: plugins such as @prefresh/vite add their imports only with HMR).
    server: { middlewareMode: true, ws: false, watch: null },
    plugins: [...(config.plugins ?? []), { name: 'portcullis:cli-served', configResolved: (c) => void (api = find(c.plugins)) }],
  });
  try {
    const queue: string[] = [];
    const seen = new Set<string>();
    const visit = (url: string) => {
      if (seen.has(url) || SKIPPED.test(url) || seen.size >= MAX_MODULES) return;
      seen.add(url);
      queue.push(url);
    };
    for (const file of pages(server)) {
      const url = `/${relative(server.config.root, file).split('\\').join('/')}`;
      const html = await server.transformIndexHtml(url, readFileSync(file, 'utf8'));
      for (const [, src] of html.matchAll(/<script\b[^>]*\btype=["']?module["']?[^>]*\bsrc=["']([^"']+)["']/gi)) visit(new URL(src!, `http://x${url}`).pathname);
      for (const [, body] of html.matchAll(/<script\b[^>]*\btype=["']?module["']?[^>]*>([\s\S]*?)<\/script>/gi)) for (const u of importedUrls(body!)) visit(u);
    }
    while (queue.length) {
      const url = queue.shift()!;
      const result = await server.transformRequest(url).catch(() => null);
      if (result) for (const u of importedUrls(result.code)) visit(u.split('#')[0]!);
    }
    const moduleGraph = server.environments.client.moduleGraph;
    const container = server.environments.client.pluginContainer;
    const ctx: GraphContext & ResolveContext = {
      getModuleIds: () => moduleGraph.idToModuleMap.keys(),
      resolve: async (source, importer) => (await container.resolveId(source, importer)) ?? null,
      getModuleInfo: (id) => {
        const node = moduleGraph.getModuleById(id);
        return node ? { importedIds: [...node.importedModules].flatMap((m) => (m.id ? [m.id] : [])), dynamicallyImportedIds: [] } : null;
      },
    };
    const analysis = await api?.served?.(ctx);
    return analysis && analysis.usages.size ? analysis : undefined;
  } finally {
    await server.close();
  }
}
