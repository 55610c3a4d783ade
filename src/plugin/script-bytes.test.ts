// THREATS.md row 57, a package's script shipped in a form the transform never saw, found by its bytes
// (inlined-scripts.ts): a data: URL of any encoding or runnable type a plugin writes, and an asset a plugin emits
// with no originalFileName (nothing names the package). Red team s12.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin as RollupPlugin } from 'rollup';
import { describe, expect, it } from 'vitest';
import { dataUrls } from './inlined-scripts.js';
import { localPackage, makeApp, rollupBuild, viteBuild } from './test-builds.js';

const EVIL = `fetch('/exfil?asset'); // 100% "raw"\n`;
const appWith = (main: string) =>
  makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'main.js': main,
    'own.js': `postMessage('hi');`,
    'portcullis.policy.json': { resources: { pkg: {} } },
    ...localPackage('pkg', { 'index.js': 'export const x = 1;', 'evil.js': EVIL, 'notes.txt': 'just text\n' }),
  });
/** As an inline-worker plugin does: `import u from 'x?dataurl'` is the file's data: URL, written as `encode` says. */
const dataUrlPlugin = (encode: (code: string) => string): RollupPlugin & { enforce: 'pre' } => ({
  name: 'data-url',
  enforce: 'pre',
  resolveId: (id, importer) => (id.endsWith('?dataurl') && importer ? `\0dataurl:${id.startsWith('.') ? join(importer, '..', id) : join(importer, '..', 'node_modules', id)}` : null),
  load: (id) => (id.startsWith('\0dataurl:') ? `export default ${JSON.stringify(encode(readFileSync(id.slice(9).replace('?dataurl', ''), 'utf8')))};` : null),
});
/** A plugin emitting a file as an asset with no originalFileName, its URL exported. */
const unnamedAsset = (dir: string, name: string): RollupPlugin => ({
  name: 'unnamed-asset',
  resolveId: (id) => (id === 'virtual:asset' ? '\0virtual:asset' : null),
  load(id) {
    if (id !== '\0virtual:asset') return null;
    const file = join(dir, 'node_modules/pkg', name === 'notes.txt' ? 'notes.txt' : 'evil.js');
    const ref = this.emitFile({ type: 'asset', name, source: readFileSync(file) });
    return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
  },
});
/** Whether any output holds the package's code in a data: URL, as the browser would decode it. */
const inlined = (files: Record<string, string>) => Object.values(files).some((code) => [...dataUrls(code)].some((u) => Buffer.from(u.bytes).toString() === EVIL));

describe("row 57: a package's script inlined as a data: URL in any encoding fails the build", () => {
  for (const [how, encode] of [
    ['data:application/javascript;charset=utf-8,<percent-encoded>', (c: string) => `data:application/javascript;charset=utf-8,${encodeURIComponent(c)}`],
    ['data:text/javascript,<raw>', (c: string) => `data:text/javascript,${c}`],
    ['data:Text/ECMAScript;base64 (any case)', (c: string) => `data:Text/ECMAScript;base64,${Buffer.from(c).toString('base64')}`],
    ['data:application/x-javascript;base64 with whitespace', (c: string) => `data:application/x-javascript;base64,${Buffer.from(c).toString('base64').replace(/(.{8})/g, '$1 ')}`],
    ['data:,<percent-encoded> (text/plain: a classic <script src> runs it)', (c: string) => `data:,${encodeURIComponent(c)}`],
  ] as const) {
    it(`vite build, ${how}: plain ships the package's code; confined fails, naming package and file`, async () => {
      const dir = appWith(`import u from 'pkg/evil.js?dataurl'; export const go = () => import(/* @vite-ignore */ u);`);
      expect(inlined((await viteBuild(dir, { portcullis: false, plugins: [dataUrlPlugin(encode)] })).files)).toBe(true);
      await expect(viteBuild(dir, { plugins: [dataUrlPlugin(encode)] })).rejects.toThrow(/node_modules\/pkg\/evil\.js \(package "pkg"\) is inlined into assets\/main-[\w-]+\.js as a data: URL.*PORTCULLIS_SCRIPT_ASSET/s);
    });
  }

  it("vite build: code that builds a data: URL (an empty payload in the chunk) builds beside a package's empty file (corpus: mathjs, @popperjs)", async () => {
    const dir = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export * from 'pkg'; export const u = (c) => 'data:text/javascript,' + encodeURIComponent(c);`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `import './types.js'; export const x = 1;`, 'types.js': '' }),
    });
    expect((await viteBuild(dir)).code).toContain("'data:text/javascript,'".replace(/'/g, '"'));
  });

  it("vite build: the app's own script, percent-encoded, builds", async () => {
    const dir = appWith(`export * from 'pkg'; import u from './own.js?dataurl'; export const go = () => new Worker(u);`);
    const encode = (c: string) => `data:text/javascript,${encodeURIComponent(c)}`;
    expect((await viteBuild(dir, { plugins: [dataUrlPlugin(encode)] })).code).toContain('data:text/javascript,postMessage');
  });

  it('rollup: the same plugin, percent-encoded, fails the build', async () => {
    const plugin = dataUrlPlugin((c) => `data:text/javascript,${encodeURIComponent(c)}`);
    const dir = appWith(`import u from 'pkg/evil.js?dataurl'; export const go = () => import(u);`);
    expect(inlined((await rollupBuild(dir, { portcullis: false, before: [plugin] })).files)).toBe(true);
    await expect(rollupBuild(dir, { before: [plugin] })).rejects.toThrow(/node_modules\/pkg\/evil\.js \(package "pkg"\) is inlined into .*as a data: URL.*PORTCULLIS_SCRIPT_ASSET/s);
  });
});

describe("row 57: a package's script a plugin emits with no originalFileName, or as a prebuilt chunk, fails the build, by its bytes", () => {
  const main = `import u from 'virtual:asset'; export const go = () => new Worker(u);`;
  const shipped = (files: Record<string, string>) => Object.entries(files).some(([name, code]) => !name.includes('portcullis-runtime') && code === EVIL);
  for (const name of ['w.js', 'w.txt']) {
    it(`rollup, emitted as ${name}: plain ships the package's code; confined fails, naming package, file and asset`, async () => {
      const dir = appWith(main);
      expect(shipped((await rollupBuild(dir, { portcullis: false, before: [unnamedAsset(dir, name)] })).files)).toBe(true);
      await expect(rollupBuild(dir, { before: [unnamedAsset(dir, name)] })).rejects.toThrow(
        new RegExp(`node_modules/pkg/evil\\.js \\(package "pkg"\\) is emitted as the file assets/w-[\\w-]+\\.${name.split('.')[1]} by a plugin that names no source for it.*PORTCULLIS_SCRIPT_ASSET`, 's'),
      );
    });
  }

  it('vite build, emitted as w.js: plain ships it; confined fails', async () => {
    const dir = appWith(main);
    const config = { build: { assetsInlineLimit: 0, rollupOptions: { input: join(dir, 'main.js'), preserveEntrySignatures: 'exports-only' } } } as never;
    expect(shipped((await viteBuild(dir, { portcullis: false, plugins: [unnamedAsset(dir, 'w.js') as never], config })).files)).toBe(true);
    await expect(viteBuild(dir, { plugins: [unnamedAsset(dir, 'w.js') as never], config })).rejects.toThrow(/node_modules\/pkg\/evil\.js \(package "pkg"\) is emitted as the file assets\/w-[\w-]+\.js by a plugin.*PORTCULLIS_SCRIPT_ASSET/s);
  });

  it.each([
    ['rollup', (dir: string, p: RollupPlugin, confined: boolean) => rollupBuild(dir, { portcullis: confined ? {} : false, before: [p] })],
    ['vite build', (dir: string, p: RollupPlugin, confined: boolean) => viteBuild(dir, { portcullis: confined ? {} : false, plugins: [p as never] })],
  ])("%s: a plugin's prebuilt chunk holding the package's script: plain ships it; confined fails, naming package and file", async (_name, build) => {
    const dir = appWith(`export * from 'pkg'; export const go = () => new Worker('/w.js');`);
    const prebuilt: RollupPlugin = { name: 'prebuilt', buildStart() { this.emitFile({ type: 'prebuilt-chunk', fileName: 'w.js', code: readFileSync(join(dir, 'node_modules/pkg/evil.js'), 'utf8') }); } };
    expect((await build(dir, prebuilt, false)).files['w.js']).toBe(EVIL);
    await expect(build(dir, prebuilt, true)).rejects.toThrow(/node_modules\/pkg\/evil\.js \(package "pkg"\) is emitted as the file w\.js by a plugin that names no source for it.*PORTCULLIS_SCRIPT_ASSET/s);
  });

  it("rollup: the package's text file emitted unnamed as .txt builds", async () => {
    const dir = appWith(`export * from 'pkg'; ${main}`);
    const built = await rollupBuild(dir, { before: [unnamedAsset(dir, 'notes.txt')] });
    expect(Object.values(built.files)).toContain('just text\n');
  });
});

describe('dataUrls: what a browser could run', () => {
  it('skips source maps (devtools read them) and types a script load refuses; reads string escapes', () => {
    const text = `//# sourceMappingURL=data:application/json;base64,e30=\nx = "data:image/png;base64,AAAA"; y = 'data:text/csv,a'; z = "data:text/javascript,\\x66etch(%22%2F%22)";`;
    expect([...dataUrls(text)].map((u) => [u.type, Buffer.from(u.bytes).toString()])).toEqual([['text/javascript', 'fetch("/")']]);
  });
});
