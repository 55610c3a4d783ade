// Rows 55, 56 and 59 (CommonJS half) in real builds: Vite 8 (Rolldown), Rollup 4 with node-resolve and commonjs, and
// Vite's dependency optimizer (the dev server's pre-bundling). Each attack first reaches the real global in a plain
// build (or its runtime: the optimizer's pre-bundled file), then is refused at build time or confined at run time.
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { rollup, type OutputChunk, type Plugin as RollupPlugin, type RollupOutput } from 'rollup';
import { build, createLogger, createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from './index.js';
import { evaluateModule, thrown, windowLikeContext } from './test-realm.js';

interface Case {
  pkg: string;
  type?: 'module';
  source: string;
  /** The app's entry: exports `run`. */
  main: string;
  /** A build error (refused), or undefined when the module is confined and `run` throws the policy error. */
  refused?: RegExp;
}

const CASES: Record<string, Case> = {
  'row 55: an HTML-like comment in CommonJS': {
    pkg: 'html-comment',
    source: "var q = 1;\nq <!--q; fetch('/x?row=55');\nmodule.exports = q;",
    main: "import q from 'html-comment'; export const run = () => q;",
    refused: /node_modules\/html-comment\/index\.js:2:3: "<!--" is an HTML-like comment.*PORTCULLIS_HTML_COMMENT/,
  },
  'row 56: free names in the options of import()': {
    pkg: 'import-options',
    type: 'module',
    source: "export const go = (u) => import(u, { with: { type: fetch('/x?row=56') } });",
    main: "import { go } from 'import-options'; export const run = () => go('data:text/javascript,export default 1');",
  },
  'row 59: a top-level arguments in CommonJS': {
    pkg: 'cjs-arguments',
    source: "module.exports = typeof arguments === 'string' ? (fetch('/x?row=59'), arguments) : 'wrapper';",
    main: "import a from 'cjs-arguments'; export const run = () => a;",
    refused: /node_modules\/cjs-arguments\/index\.js:1:25: `arguments` outside any function.*PORTCULLIS_TOP_LEVEL_ARGUMENTS/,
  },
};

function write(file: string, content: string | object): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
}

function makeApp(c: Case): string {
  const app = mkdtempSync(join(tmpdir(), 'portcullis-goal-'));
  write(join(app, 'package.json'), { name: 'goal-app', private: true, type: 'module', dependencies: { [c.pkg]: '*' } });
  write(join(app, 'main.js'), c.main);
  write(join(app, `node_modules/${c.pkg}/package.json`), { name: c.pkg, version: '1.0.0', main: 'index.js', ...(c.type ? { type: c.type } : {}) });
  write(join(app, `node_modules/${c.pkg}/index.js`), c.source);
  write(join(app, 'portcullis.policy.json'), { resources: { [c.pkg]: {} } });
  return app;
}

/** A window-like realm where the real global has an `arguments` (an app's, say), then the bundle's exports. */
async function execute(code: string, runtime?: string) {
  const realm = windowLikeContext();
  vm.runInContext('globalThis.arguments = "real global";', realm.context);
  if (runtime) vm.runInContext(runtime, realm.context);
  const out = await evaluateModule(code, realm.context);
  let value: unknown;
  const error = thrown(() => (value = (out.run as () => unknown)()));
  await Promise.resolve(value).catch(() => {});
  return { value, error, calls: realm.calls };
}

async function viteBuild(app: string, confined: boolean) {
  const result = (await build({
    root: app,
    configFile: false,
    logLevel: 'silent',
    plugins: confined ? [portcullis()] : [],
    build: { write: false, minify: false, modulePreload: false, rollupOptions: { input: join(app, 'main.js'), preserveEntrySignatures: 'strict' } },
  })) as unknown as RollupOutput;
  const chunk = result.output.find((o): o is OutputChunk => o.type === 'chunk' && o.isEntry)!;
  const runtime = result.output.find((o) => o.fileName.includes('portcullis-runtime'));
  return { code: chunk.code, runtime: runtime && runtime.type === 'asset' ? String(runtime.source) : undefined };
}

async function rollupBuild(app: string, confined: boolean) {
  const plugins = [nodeResolve({ browser: true }), commonjs(), ...(confined ? [portcullis({ appDir: app, policy: join(app, 'portcullis.policy.json') }) as RollupPlugin] : [])];
  const bundle = await rollup({ input: join(app, 'main.js'), plugins, onwarn: () => {} });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const runtime = output.find((o) => o.fileName === 'portcullis-runtime.js');
  return { code: output[0].code, runtime: runtime && runtime.type === 'asset' ? String(runtime.source) : undefined };
}

/** Pre-bundles the package with Vite's dependency optimizer (as `vite dev` does); the file, or the error logged. */
async function optimize(app: string, pkg: string, confined: boolean): Promise<{ code?: string; errors: string }> {
  const errors: string[] = [];
  const logger = createLogger('error');
  logger.error = (message) => void errors.push(message);
  const cacheDir = join(app, 'node_modules/.vite');
  const server = await createServer({
    configFile: false,
    root: app,
    cacheDir,
    customLogger: logger,
    server: { port: 0, host: '127.0.0.1', strictPort: false, ws: false },
    optimizeDeps: { include: [pkg], noDiscovery: true },
    plugins: confined ? [portcullis()] : [],
  });
  try {
    // An error inside the optimizer at start-up fails the start (Vite: "Error during dependency optimization").
    await server.listen().catch((error: Error) => void errors.push(error.message));
    const file = join(cacheDir, 'deps', `${pkg}.js`);
    for (const deadline = Date.now() + 20_000; !existsSync(file) && !errors.length && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    return { code: existsSync(file) ? readFileSync(file, 'utf8') : undefined, errors: errors.join('\n') };
  } finally {
    await server.close();
  }
}

describe.each(Object.entries(CASES))('%s', (_name, c) => {
  it('vite build: reaches the real global plainly; refused or confined with Portcullis', async () => {
    const plain = await execute((await viteBuild(makeApp(c), false)).code);
    expect(plain.calls.filter((call) => call.startsWith('fetch'))).toHaveLength(1);
    if (c.refused) return void (await expect(viteBuild(makeApp(c), true)).rejects.toThrow(c.refused));
    const { code, runtime } = await viteBuild(makeApp(c), true);
    const confined = await execute(code, runtime);
    expect(confined.error?.message).toContain(`package "${c.pkg}" may not use fetch`);
    expect(confined.calls).toEqual([]);
  });

  it('Rollup 4: refused or confined with Portcullis', async () => {
    if (c.pkg === 'html-comment') {
      // Rollup's own parser refuses this text, with Portcullis or without: nothing to confine.
      await expect(rollupBuild(makeApp(c), false)).rejects.toThrow(/html-comment\/index\.js \(2:2\)/);
      return void (await expect(rollupBuild(makeApp(c), true)).rejects.toThrow(/html-comment\/index\.js/));
    }
    const plain = await execute((await rollupBuild(makeApp(c), false)).code);
    // Rollup's commonjs wraps a module in a real function, so its `arguments` is that function's, not a global one.
    if (c.pkg === 'cjs-arguments') expect(plain.value).not.toBe('real global');
    else expect(plain.calls.filter((call) => call.startsWith('fetch'))).toHaveLength(1);
    const { code, runtime } = await rollupBuild(makeApp(c), true);
    const confined = await execute(code, runtime);
    if (c.pkg === 'cjs-arguments') expect(confined.value).toEqual(plain.value);
    else expect(confined.error?.message).toContain(`package "${c.pkg}" may not use fetch`);
    expect(confined.calls).toEqual([]);
  });

  it('dev optimizer: the pre-bundled file reaches the real global plainly; refused or confined with Portcullis', async () => {
    const plain = await optimize(makeApp(c), c.pkg, false);
    const realm = windowLikeContext();
    vm.runInContext('globalThis.arguments = "real global";', realm.context);
    const out = await evaluateModule(plain.code!, realm.context);
    if (c.pkg === 'import-options') await (out.go as (u: string) => Promise<unknown>)('data:text/javascript,1').catch(() => {});
    expect(realm.calls.filter((call) => call.startsWith('fetch'))).toHaveLength(1);
    const confined = await optimize(makeApp(c), c.pkg, true);
    if (c.refused) return expect(confined.errors).toMatch(new RegExp(c.refused.source.split('.*')[1]!));
    expect(confined.code).toContain('_names.fetch');
    expect(confined.code).toContain('_import(u,');
  }, 60_000);
});
