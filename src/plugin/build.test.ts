// Real Rollup 4 and Vite 8 builds of small apps made of real npm packages (linked from this repo's node_modules)
// and local hostile ones; the output is executed in a realm where the emitted runtime script ran first.
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { rollup, type OutputAsset, type OutputChunk, type Plugin as RollupPlugin } from 'rollup';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from './index.js';
import { evaluateModule, windowLikeContext } from './test-realm.js';

const repoModules = resolve(import.meta.dirname, '../../node_modules');

/** A throwaway app: files, plus real packages linked from the repo's node_modules. */
function makeApp(files: Record<string, string | object>, linked: string[]): string {
  const app = mkdtempSync(join(tmpdir(), 'portcullis-build-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  for (const name of linked) symlinkSync(join(repoModules, name), join(app, 'node_modules', name));
  return app;
}

const grabber = {
  'node_modules/grabber/package.json': { name: 'grabber', version: '1.0.0', main: 'index.js' },
  // CommonJS reaching for the real global through `global`: @rollup/plugin-commonjs turns it into commonjsGlobal.
  'node_modules/grabber/index.js': 'module.exports = function () { return global.document.cookie; };',
};

const rollupApp = () =>
  makeApp(
    {
      'package.json': { name: 'rollup-app', dependencies: { dayjs: '*', qs: '*', 'lodash-es': '*', grabber: '*', 'hostile-fetch': '*' } },
      'main.js': `
        import dayjs from 'dayjs';
        import qs from 'qs';
        import { chunk } from 'lodash-es';
        import grab from 'grabber';
        import { exfilFetch } from 'hostile-fetch';
        export const date = dayjs('2024-02-29T10:00:00').add(1, 'year').format('YYYY-MM-DD');
        export const query = qs.stringify({ a: [1, 2] });
        export const chunks = chunk([1, 2, 3], 2);
        export const grabCookie = () => grab();
        export const exfil = () => exfilFetch();
        export const appCookie = () => document.cookie;
      `,
      ...grabber,
    },
    ['dayjs', 'qs', 'lodash-es', 'hostile-fetch'],
  );

async function rollupBuild(app: string, plugins: RollupPlugin[]): Promise<{ code: string; runtime?: string }> {
  const bundle = await rollup({ input: join(app, 'main.js'), plugins: [nodeResolve({ browser: true }), commonjs(), ...plugins], onwarn: () => {} });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const chunk = output.find((o): o is OutputChunk => o.type === 'chunk')!;
  const runtime = output.find((o): o is OutputAsset => o.type === 'asset' && o.fileName === 'portcullis-runtime.js');
  return { code: chunk.code, runtime: runtime ? String(runtime.source) : undefined };
}

describe('Rollup 4 with node-resolve and commonjs', () => {
  it('runs the attacks in a plain build (so the confined build below proves something)', async () => {
    const app = rollupApp();
    const { code } = await rollupBuild(app, []);
    const realm = windowLikeContext();
    const out = await evaluateModule(code, realm.context);
    expect((out.grabCookie as () => string)()).toBe('session=s3cret');
    await (out.exfil as () => Promise<unknown>)().catch(() => {});
    expect(realm.calls).toContain('fetch /exfil?attack=fetch');
  });

  it('generates a policy, then enforces the reviewed one: real packages work, hostile ones are stopped', async () => {
    const app = rollupApp();
    const policy = join(app, 'portcullis.policy.json');
    await rollupBuild(app, [portcullis({ appDir: app, policy, generatePolicy: true }) as RollupPlugin]);
    const generated = JSON.parse(readFileSync(policy, 'utf8'));
    expect(generated.resources['hostile-fetch'].globals).toEqual({ XMLHttpRequest: true, fetch: true, 'navigator.sendBeacon': true });
    // `document.cookie` is no member of the attenuated DOM: the generator grants the real document, whole.
    expect(generated.resources.grabber.globals).toEqual({ document: true });
    expect(generated.resources.qs.packages).toMatchObject({ 'qs>side-channel': true });

    // The review: neither package should touch the network or the cookie.
    generated.resources['hostile-fetch'] = {};
    generated.resources.grabber = {};
    writeFileSync(policy, JSON.stringify(generated));
    const { code, runtime } = await rollupBuild(app, [portcullis({ appDir: app, policy }) as RollupPlugin]);
    expect(runtime).toBeDefined();
    const realm = windowLikeContext();
    vm.runInContext(runtime!, realm.context);
    const out = await evaluateModule(code, realm.context);
    expect(out.date).toBe('2025-02-28');
    expect(out.query).toBe('a%5B0%5D=1&a%5B1%5D=2');
    expect(out.chunks).toEqual([[1, 2], [3]]);
    expect((out.appCookie as () => string)()).toBe('session=s3cret');
    expect(() => (out.grabCookie as () => string)()).toThrow(/package "grabber" may not use document/);
    await expect((out.exfil as () => Promise<unknown>)()).rejects.toMatchObject({ name: 'PortcullisPolicyError' });
    expect(realm.calls.filter((c) => c.startsWith('fetch'))).toEqual([]);
  });
});

const viteApp = (policy: unknown) =>
  makeApp(
    {
      'package.json': { name: 'vite-app', dependencies: { dayjs: '*', evil: '*' } },
      'index.html': '<!doctype html><html><head><title>t</title><script type="module" src="/main.js"></script></head><body></body></html>',
      'main.js': `import dayjs from 'dayjs'; import evil from 'evil'; document.title = dayjs(0).toISOString() + evil;`,
      'node_modules/evil/package.json': { name: 'evil', version: '1.0.0', type: 'module', main: 'index.js' },
      'node_modules/evil/index.js': `import dayjs from 'dayjs'; export default String(dayjs);`,
      'portcullis.policy.json': policy,
    },
    ['dayjs'],
  );

async function viteBuild(app: string) {
  return build({ root: app, configFile: false, logLevel: 'silent', plugins: [portcullis()], build: { outDir: join(app, 'dist'), write: true } });
}

describe('Vite 8 build', () => {
  it('fails the build when a package statically imports a package its policy does not list', async () => {
    const app = viteApp({ resources: { dayjs: {}, evil: {} } });
    await expect(viteBuild(app)).rejects.toThrow(/node_modules\/evil\/index\.js \(package "evil"\) imports "dayjs", which its policy does not grant/);
  });

  it('names the file and the JSON path of a malformed policy', async () => {
    const app = viteApp({ resources: { dayjs: { globals: { Date: 'yes' } } } });
    await expect(viteBuild(app)).rejects.toThrow(/portcullis\.policy\.json: resources\["dayjs"\]\.globals\["Date"\]: expected true, false or "write"/);
  });

  it('puts the runtime script first in <head>, before any module', async () => {
    const app = viteApp({ resources: { dayjs: {}, evil: { packages: { dayjs: true } } } });
    await viteBuild(app);
    const html = readFileSync(join(app, 'dist/index.html'), 'utf8');
    // Deferred: the page's only other script is a module script, which runs after it (runtime-asset.ts).
    const first = /<head>\s*<script src="\/(assets\/portcullis-runtime-[0-9a-f]{8}\.js)" defer><\/script>/.exec(html);
    expect(first).not.toBeNull();
    expect(html.indexOf(first![1]!)).toBeLessThan(html.indexOf('type="module"'));
    const runtime = readFileSync(join(app, 'dist', first![1]!), 'utf8');
    expect(runtime).toContain('PortcullisRuntime.start(');
    // ASCII only, so a server that sends no charset cannot break SES's U+034F identifiers.
    expect(/^[\x00-\x7f]*$/.test(runtime)).toBe(true);
  });

  it('caches the transform by content in one pack: a rebuild gives the same output, a damaged pack is recomputed', async () => {
    const app = viteApp({ resources: { dayjs: {}, evil: { packages: { dayjs: true } } } });
    const cacheDir = join(app, 'node_modules/.cache/portcullis/transform');
    const packFile = join(cacheDir, 'pack');
    const bundle = () => readdirSync(join(app, 'dist/assets')).filter((f) => f.startsWith('index-')).map((f) => readFileSync(join(app, 'dist/assets', f), 'utf8')).join();
    await viteBuild(app);
    const first = bundle();
    const lines = readFileSync(packFile, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    // One file, written once at the end of the build: no file per entry.
    expect(readdirSync(cacheDir)).toEqual(['pack']);
    // `vite build` without build.sourcemap: no source map is made or kept.
    expect(lines.every((line) => line.endsWith('\t'))).toBe(true);
    const written = statSync(packFile).mtimeMs;
    await viteBuild(app);
    expect(bundle()).toBe(first);
    expect(statSync(packFile).mtimeMs).toBe(written); // every entry came from the pack: nothing to write
    writeFileSync(packFile, readFileSync(packFile, 'utf8').replace(/\t\{/g, '\t{ not json'));
    await viteBuild(app);
    expect(bundle()).toBe(first);
    expect(readFileSync(packFile, 'utf8').split('\n').filter(Boolean)).toHaveLength(lines.length); // rewritten whole
    writeFileSync(packFile, '{ not json');
    await viteBuild(app);
    expect(bundle()).toBe(first);
    expect(first).toContain('compartment(');
  });

  it('refuses unknown options when the plugin is created', () => {
    expect(() => portcullis({ polcy: 'x' } as never)).toThrow(/unknown option "polcy".*PORTCULLIS_BAD_OPTION/);
    expect(() => portcullis({ mode: 'warn' } as never)).toThrow(/invalid value for "mode"/);
  });
});

describe("the transform cache's code signature", () => {
  it('covers every module of the plugin, shared and policy folders, built or as the TypeScript sources a Vite config bundles', async () => {
    const { codeFiles } = await import('./cache.js');
    const here = fileURLToPath(import.meta.url);
    const sources = codeFiles(join(dirname(here), 'cache.ts'));
    expect(sources).toContain(join(dirname(here), 'uses.ts'));
    expect(sources).toContain(join(dirname(here), '../policy/generate.ts'));
    expect(sources).toContain(join(dirname(here), '../shared/dom-api.ts'));
    const built = codeFiles(join(dirname(here), '../../dist/plugin/cache.js'));
    expect(built).toContain(join(dirname(here), '../../dist/plugin/uses.js'));
    expect(built.some((f) => f.endsWith('.d.ts') || f.endsWith('.map'))).toBe(false);
    expect(codeFiles('/tmp/one-bundle.mjs')).toEqual(['/tmp/one-bundle.mjs']);
  });
});
