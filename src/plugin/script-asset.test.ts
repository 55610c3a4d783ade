// THREATS.md row 57, what the build ships that it did not confine: a package's own file emitted as a URL (`?url`,
// `new URL('./x', import.meta.url)`, a Rollup plugin's `import.meta.ROLLUP_FILE_URL_<ref>`) is copied as it is. An
// image's URL is harmless; a script's, loaded by `import(url)`, runs with the page's full power. And a chunk that
// merges a package with app code (manualChunks) keeps the package's part confined.
import { join } from 'node:path';
import type { Plugin as RollupPlugin } from 'rollup';
import { describe, expect, it } from 'vitest';
import { localPackage, makeApp, rollupBuild, run, viteBuild } from './test-builds.js';

const EVIL = `fetch('/exfil?asset')`;
const PNG = '\u0089PNG\r\n\u001a\n';
const app = (index: string, policy: object = {}) =>
  makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'main.js': `export * from 'pkg'; export const app = () => fetch('/app');`,
    'portcullis.policy.json': { resources: { pkg: policy } },
    ...localPackage('pkg', { 'index.js': index, 'evil.js': EVIL, 'icon.png': PNG }),
  });
/** Emitted files are not inlined (a data: URL would hide the case). */
const noInline = (dir: string) => ({ build: { assetsInlineLimit: 0, rollupOptions: { input: join(dir, 'main.js'), preserveEntrySignatures: 'exports-only' } } }) as never;
/** As @rollup/plugin-url does: an import ending in `suffix` emits `name` as an asset and exports its URL placeholder. */
const fileUrlPlugin = (suffix: string, name: string, source: string): RollupPlugin => ({
  name: `file-url${suffix}`,
  resolveId: (id, importer) => (id.endsWith(suffix) && importer ? join(importer, '..', id) : null),
  load(id) {
    if (!id.endsWith(suffix)) return null;
    const ref = this.emitFile({ type: 'asset', name, source });
    return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
  },
});
const shipped = (files: Record<string, string>) => Object.entries(files).filter(([name, code]) => name.endsWith('.js') && code.trim() === EVIL);

describe('row 57: a package script shipped as a URL fails the build; its image does not', () => {
  for (const [how, index] of [
    ['?url', `import u from './evil.js?url'; export const go = () => import(/* @vite-ignore */ u);`],
    ["new URL('./evil.js', import.meta.url)", `export const go = () => import(/* @vite-ignore */ new URL('./evil.js', import.meta.url).href);`],
  ] as const) {
    it(`vite build, ${how}: plain ships the script untransformed; confined fails, naming the package and the file`, async () => {
      const dir = app(index);
      const plain = await viteBuild(dir, { portcullis: false, config: noInline(dir) });
      expect(shipped(plain.files)).toHaveLength(1);
      const refused = viteBuild(dir, { config: noInline(dir) });
      await expect(refused).rejects.toThrow(/package "pkg"\) ships a file of its own as a URL \(assets\/evil-[\w-]+\.js.*PORTCULLIS_SCRIPT_ASSET/s);
      // No grant is offered for the bundler's placeholder.
      await expect(refused).rejects.not.toThrow(/FILE_URL/);
    });
  }

  it("vite build, an SVG with script by ./page.svg?import (Vite keeps the query: a reference `<id>_<urlId>`): fails saying the file is code", async () => {
    // Red team s12: it failed saying the build could not find the file.
    const page = `<svg xmlns="http://www.w3.org/2000/svg"><script>parent.fetch('/exfil?' + parent.document.cookie)</script></svg>`;
    const dir = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export * from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `import u from './page.svg?import'; export const url = u;`, 'page.svg': page }),
    });
    const plain = await viteBuild(dir, { portcullis: false, config: noInline(dir) });
    expect(Object.entries(plain.files).some(([name, source]) => /assets\/page-[\w-]+\.svg$/.test(name) && source === page)).toBe(true);
    await expect(viteBuild(dir, { config: noInline(dir) })).rejects.toThrow(/node_modules\/pkg\/page\.svg \(package "pkg"\) is emitted as the file assets\/page-[\w-]+\.svg, copied as it is.*PORTCULLIS_SCRIPT_ASSET/s);
  });

  it("vite build: the package's own image by URL needs no grant (?url, ?import, new URL)", async () => {
    const dir = app(`import a from './icon.png?url'; import b from './icon.png?import'; export const icons = [a, b, new URL('./icon.png', import.meta.url).href];`);
    const built = await viteBuild(dir, { config: noInline(dir) });
    expect(Object.keys(built.files).some((f) => /assets\/icon-[\w-]+\.png$/.test(f))).toBe(true);
    expect(built.code).toMatch(/icon-[\w-]+\.png/);
  });

  it('rollup: a plugin emitting the package script (import.meta.ROLLUP_FILE_URL_<ref>) fails the build', async () => {
    const urlPlugin = fileUrlPlugin('?url', 'evil.js', EVIL);
    const dir = app(`import u from './evil.js?url'; export const go = () => import(u);`);
    const plain = await rollupBuild(dir, { portcullis: false, before: [urlPlugin] });
    expect(shipped(plain.files)).toHaveLength(1);
    await expect(rollupBuild(dir, { before: [urlPlugin] })).rejects.toThrow(/package "pkg"\) ships a file of its own as a URL \(assets\/evil-[\w-]+\.js.*PORTCULLIS_SCRIPT_ASSET/s);
  });

  it("rollup: the same plugin emitting the package's image builds, the URL made by Rollup's own code", async () => {
    const pngPlugin = fileUrlPlugin('.png', 'icon.png', PNG);
    const built = await rollupBuild(app(`import icon from './icon.png'; export const icons = [icon];`), { before: [pngPlugin] });
    expect(built.code).toMatch(/new URL\(['"]assets\/icon-[\w-]+\.png['"], import\.meta\.url\)\.href/);
  });
});

describe("the audit's allowance for Rollup's file URL is its exact shape", () => {
  // A plugin after Portcullis writes into the package's module: only `new URL('literal', import.meta.url).href` (a
  // string) is the bundler's; a URL object (its host prototype) or a computed URL is a global reached unconfined.
  for (const [added, ok] of [
    ["new URL('x.png', import.meta.url).href", true],
    ["new URL('x.png', import.meta.url)", false],
    ['new URL(location.href, import.meta.url).href', false],
  ] as const) {
    it(`${added}: ${ok ? 'builds' : 'fails the build'}`, async () => {
      const late: RollupPlugin = {
        name: 'late',
        transform: (code, id) => (id.endsWith('/node_modules/pkg/index.js') ? `${code}\nexport const u = ${added};` : null),
      };
      const built = rollupBuild(app(`export const x = 1;`), { after: [late] });
      if (ok) await expect(built).resolves.toBeDefined();
      else await expect(built).rejects.toThrow(/reaches the global (URL|location) unconfined.*PORTCULLIS_UNCONFINED_CODE/s);
    });
  }
});

describe('row 57: manualChunks merging a package with app code', () => {
  const merged = (id: string) => (id.includes('node_modules') || id.endsWith('main.js') ? 'one' : undefined);
  const steal = `export const steal = () => fetch('/exfil');`;
  /** The chunk holding both the app and the package. */
  const mergedChunk = (files: Record<string, string>) => Object.entries(files).find(([f, c]) => !f.includes('portcullis-runtime') && c.includes('/exfil') && c.includes('/app'))?.[1] ?? Object.keys(files).join(' ');

  it('plain: the package reaches fetch', async () => {
    const { exports, realm } = await run(await viteBuild(app(steal), { portcullis: false }));
    void (exports.steal as () => unknown)();
    expect(realm.calls).toContain('fetch /exfil');
  });
  it.each([
    ['vite build', (dir: string) => viteBuild(dir, { config: { build: { rollupOptions: { input: join(dir, 'main.js'), preserveEntrySignatures: 'exports-only', output: { manualChunks: merged } } } } as never })],
    ['rollup', (dir: string) => rollupBuild(dir, { output: { manualChunks: merged } })],
  ])('%s: in the merged chunk the package fetch is rewritten, the app fetch is not', async (_name, build) => {
    const code = mergedChunk((await build(app(steal))).files);
    expect(code).toMatch(/\$pc\w*\.fetch\)?\(["']\/exfil/);
    expect(code).not.toMatch(/[^.\w)]fetch\(["']\/exfil/);
    expect(code).toMatch(/[^.\w]fetch\(["']\/app/);
  });
});

describe("row 57: a package's script emitted as a file by the app or a plugin fails the build", () => {
  // pdf.js's pattern: `workerSrc = new URL('pdfjs-dist/build/pdf.worker.mjs', import.meta.url)`. Vite copies the file
  // as it is (only the literal `new Worker(new URL(…))` shape is bundled), so the package's code runs unconfined.
  const appWith = (main: string) =>
    makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': main,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': 'export const x = 1;', 'evil.js': EVIL, 'icon.png': PNG }),
    });
  for (const [how, main] of [
    ['a bare specifier, then new Worker(url)', `const u = new URL('pkg/evil.js', import.meta.url); export const go = () => new Worker(u, { type: 'module' });`],
    ['a relative path, then import(url)', `export const go = () => import(/* @vite-ignore */ new URL('./node_modules/pkg/evil.js', import.meta.url).href);`],
  ] as const) {
    it(`vite build, the app's new URL(…) with ${how}: plain ships the script untransformed; confined fails, naming package and file`, async () => {
      const dir = appWith(main);
      const plain = await viteBuild(dir, { portcullis: false, config: noInline(dir) });
      expect(shipped(plain.files)).toHaveLength(1);
      await expect(viteBuild(dir, { config: noInline(dir) })).rejects.toThrow(
        /node_modules\/pkg\/evil\.js \(package "pkg"\) is emitted as the file assets\/evil-[\w-]+\.js, copied as it is.*PORTCULLIS_SCRIPT_ASSET/s,
      );
    });
  }

  it("vite build: the app's new URL(…) of the package's image builds", async () => {
    const dir = appWith(`export const icon = new URL('pkg/icon.png', import.meta.url).href;`);
    const built = await viteBuild(dir, { config: noInline(dir) });
    expect(Object.keys(built.files).some((f) => /assets\/icon-[\w-]+\.png$/.test(f))).toBe(true);
  });

  it("rollup: a plugin emitting the package's script for the app (originalFileName) fails the build", async () => {
    // As @web/rollup-plugin-import-meta-assets does for `new URL('./x', import.meta.url)` in any module.
    const assets: RollupPlugin = {
      name: 'import-meta-assets',
      transform(code, id) {
        if (!id.endsWith('main.js')) return null;
        const file = join(id, '..', 'node_modules/pkg/evil.js');
        const ref = this.emitFile({ type: 'asset', name: 'evil.js', originalFileName: file, source: EVIL });
        return code.replace('WORKER_URL', `import.meta.ROLLUP_FILE_URL_${ref}`);
      },
    };
    const dir = appWith(`export const go = () => new Worker(WORKER_URL);`);
    const plain = await rollupBuild(dir, { portcullis: false, before: [assets] });
    expect(shipped(plain.files)).toHaveLength(1);
    await expect(rollupBuild(dir, { before: [assets] })).rejects.toThrow(/node_modules\/pkg\/evil\.js \(package "pkg"\) is emitted as the file assets\/evil-[\w-]+\.js.*PORTCULLIS_SCRIPT_ASSET/s);
  });
});

describe("row 57: a package's script inlined as a data: URL fails the build", () => {
  // Below build.assetsInlineLimit (4 KB by default), with `?inline`, or in library mode, Vite writes the file into the
  // chunk as `data:text/javascript;base64,…`: no file is emitted, and `new Worker(url)` / `import(url)` runs it as it is.
  const appWith = (main: string, index = 'export const x = 1;') =>
    makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': main,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': index, 'evil.js': EVIL }),
    });
  const inlined = (files: Record<string, string>) => Object.values(files).some((code) => code.includes(`data:text/javascript;base64,${Buffer.from(EVIL).toString('base64')}`));
  for (const [how, main, index] of [
    ["the package's own ?url, its URL handed to the app", `import { url } from 'pkg'; export const go = () => new Worker(url, { type: 'module' });`, `export { default as url } from './evil.js?url';`],
    ["the package's own new URL('./evil.js', import.meta.url), imported by it", `export * from 'pkg';`, `export const go = () => import(/* @vite-ignore */ new URL('./evil.js', import.meta.url).href);`],
    ["the app's new URL('pkg/evil.js', import.meta.url)", `export const go = () => import(/* @vite-ignore */ new URL('pkg/evil.js', import.meta.url).href);`, undefined],
    ["the app's new URL('pkg/evil.js?inline', import.meta.url)", `export const go = () => import(/* @vite-ignore */ new URL('pkg/evil.js?inline', import.meta.url).href);`, undefined],
    ["the app's import of pkg/evil.js?url&inline", `import u from 'pkg/evil.js?url&inline'; export const go = () => import(/* @vite-ignore */ u);`, undefined],
  ] as const) {
    it(`vite build, ${how}: plain inlines the script untransformed; confined fails, naming package and file`, async () => {
      const dir = appWith(main, index);
      expect(inlined((await viteBuild(dir, { portcullis: false })).files)).toBe(true);
      await expect(viteBuild(dir)).rejects.toThrow(/node_modules\/pkg\/evil\.js \(package "pkg"\) is inlined into assets\/main-[\w-]+\.js as a data: URL.*PORTCULLIS_SCRIPT_ASSET/s);
    });
  }

  it("vite build: the app's own script inlined as a data: URL builds", async () => {
    const dir = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export * from 'pkg'; export const w = new URL('./own.js', import.meta.url).href;`,
      'own.js': `postMessage('hi');`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': 'export const x = 1;' }),
    });
    expect((await viteBuild(dir)).code).toContain('data:text/javascript;base64,');
  });
});

describe("row 57: a package's SVG that carries script, shipped by URL, fails the build", () => {
  // Framed (`<iframe>`, `<object>`) at the page's origin, an SVG document runs its script with the page's full power
  // (`parent.document.cookie`); a package with a dom grant for an iframe, or an app that frames the URL it was given.
  const SVG = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
  const appWith = (svg: string) =>
    makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export * from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `export const icon = new URL('./icon.svg', import.meta.url).href;`, 'icon.svg': svg }),
    });
  for (const [how, body] of [
    ['a <script>', `<script>parent.fetch('/exfil?' + parent.document.cookie)</script>`],
    ['an event handler', `<rect width="1" height="1" onload="parent.fetch('/exfil')"/>`],
    ['a javascript: URL spelled with character references', `<a href="&#106;avascript:parent.fetch('/exfil')"><text>x</text></a>`],
  ] as const) {
    it(`vite build, ${how}: plain ships it as a file of the page's origin; confined fails, naming package and file`, async () => {
      const dir = appWith(SVG(body));
      const plain = await viteBuild(dir, { portcullis: false, config: noInline(dir) });
      expect(Object.entries(plain.files).some(([name, source]) => /assets\/icon-[\w-]+\.svg$/.test(name) && source.includes('/exfil'))).toBe(true);
      await expect(viteBuild(dir, { config: noInline(dir) })).rejects.toThrow(/node_modules\/pkg\/icon\.svg \(package "pkg"\) is emitted as the file assets\/icon-[\w-]+\.svg.*PORTCULLIS_SCRIPT_ASSET/s);
    });
  }

  for (const [file, body] of [
    ['page.shtml', `<script>parent.fetch('/exfil?' + parent.document.cookie)</script>`],
    ['feed.rss', `<rss><script xmlns="http://www.w3.org/1999/xhtml">parent.fetch('/exfil')</script></rss>`],
  ] as const) {
    it(`vite build, ${file} (a page or XML document to nginx and Apache): plain ships it; confined fails, naming package and file (red team s12)`, async () => {
      const dir = makeApp({
        'package.json': { name: 'app', dependencies: { pkg: '*' } },
        'main.js': `export * from 'pkg';`,
        'portcullis.policy.json': { resources: { pkg: {} } },
        ...localPackage('pkg', { 'index.js': `export const page = new URL('./${file}', import.meta.url).href;`, [file]: body }),
      });
      const [stem, ext] = file.split('.');
      const plain = await viteBuild(dir, { portcullis: false, config: noInline(dir) });
      expect(Object.entries(plain.files).some(([name, source]) => name.startsWith(`assets/${stem}-`) && name.endsWith(`.${ext}`) && source === body)).toBe(true);
      await expect(viteBuild(dir, { config: noInline(dir) })).rejects.toThrow(new RegExp(`\\(package "pkg"\\) (ships a file of its own as a URL \\(assets/${stem}-[\\w-]+\\.${ext}|is emitted as).*PORTCULLIS_SCRIPT_ASSET`, 's'));
    });
  }

  it('vite build: a plain SVG icon (even animated) builds', async () => {
    const dir = appWith(SVG(`<circle r="4"><animate attributeName="opacity" values="0;1" dur="1s"/></circle>`));
    const built = await viteBuild(dir, { config: noInline(dir) });
    expect(Object.keys(built.files).some((f) => /assets\/icon-[\w-]+\.svg$/.test(f))).toBe(true);
  });
});
