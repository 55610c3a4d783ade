// Row 57 (red team s13): a package's file shipped by URL runs code at the page's origin if a server gives it a
// JavaScript type (`.ecma` to Vite's own server, `.es` to mime-db's users) or it is a document with script, whatever
// its name (`.owl`, `.dbk`, `.mathml`: XML types to Vite's server), its encoding (UTF-16, gzip for `.svgz`) or its
// markup (`<svg/onload=…>`, `javascript&colon;`). Each first ships in a plain build, then fails the confined one.
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isScriptFile } from './served-files.js';
import { localPackage, makeApp, viteBuild } from './test-builds.js';

const SCRIPT = `parent.fetch('/exfil?' + parent.document.cookie)`;
const XHTML = `<html xmlns="http://www.w3.org/1999/xhtml"><body><script>${SCRIPT}</script></body></html>`;
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('isScriptFile: by name, then by what a server hands over', () => {
  const code: [string, string | Uint8Array][] = [
    ['w.ecma', 'self.fetch("/exfil")'],
    ['w.es', 'self.fetch("/exfil")'],
    ['page.owl', XHTML],
    ['book.dbk', XHTML],
    ['formula.mathml', `<math xmlns="http://www.w3.org/1998/Math/MathML"><mtext><script xmlns="http://www.w3.org/1999/xhtml">${SCRIPT}</script></mtext></math>`],
    ['page.whatever', `\n  <html><script>${SCRIPT}</script></html>`],
    ['page', `<!doctype html><img src=x onerror="${SCRIPT}">`],
    ['icon.svg', utf16(`<svg xmlns="http://www.w3.org/2000/svg"><script>${SCRIPT}</script></svg>`)],
    ['icon.svg', `<svg xmlns="http://www.w3.org/2000/svg"/onload="${SCRIPT}"></svg>`],
    ['icon.svgz', gzipSync(`<svg xmlns="http://www.w3.org/2000/svg"><script>${SCRIPT}</script></svg>`)],
    ['icon.svg', `<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript&colon;${SCRIPT}"><text>x</text></a></svg>`],
    ['page.html', '<p>hi</p>'],
    ['page.whatever', Buffer.from(`${' '.repeat(5000)}<html><script>${SCRIPT}</script></html>`)],
    ['page.whatever', utf16(`<html><script>${SCRIPT}</script></html>`)],
  ];
  const inert: [string, string | Uint8Array][] = [
    ['icon.svg', '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'],
    ['notes.txt', '<script> is how you add code to a page'],
    ['model.bin', Buffer.from([0x00, 0x3d, 0x20, 0x6f, 0x6e, 0x78, 0x3d, 0x26, 0x23, 0xff])],
    ['data.json', `{"html": "<script>x</script>"}`],
    ['font.woff2', `<script>${SCRIPT}</script>`],
    ['readme.rst', 'Use <script> onload= handlers with care'],
  ];
  for (const [name, source] of code) it(`code: ${name} (${String(source).slice(0, 40)})`, () => expect(isScriptFile(name, source)).toBe(true));
  for (const [name, source] of inert) it(`not code: ${name} (${String(source).slice(0, 40)})`, () => expect(isScriptFile(name, source)).toBe(false));
});

describe("vite build: a package's file shipped by URL that a server runs as code", () => {
  const noInline = (dir: string) => ({ build: { assetsInlineLimit: 0, rollupOptions: { input: join(dir, 'main.js'), preserveEntrySignatures: 'exports-only' } } }) as never;
  for (const [file, source, plainAsset] of [
    ['w.ecma', `self.fetch('/exfil')`, /assets\/w-[\w-]+\.ecma$/],
    ['page.owl', XHTML, /assets\/page-[\w-]+\.owl$/],
    ['icon.svg', utf16(`<svg xmlns="http://www.w3.org/2000/svg"><script>${SCRIPT}</script></svg>`), /assets\/icon-[\w-]+\.svg$/],
    ['icon.svgz', gzipSync(`<svg xmlns="http://www.w3.org/2000/svg"><script>${SCRIPT}</script></svg>`), /assets\/icon-[\w-]+\.svgz$/],
  ] as const) {
    it(`${file}: plain ships it; confined fails, naming package and file`, async () => {
      const dir = makeApp({
        'package.json': { name: 'app', dependencies: { pkg: '*' } },
        'main.js': `export * from 'pkg';`,
        'portcullis.policy.json': { resources: { pkg: { globals: { Worker: true } } } },
        ...localPackage('pkg', { 'index.js': `const u = new URL('./${file}', import.meta.url); export const go = () => new Worker(u);` }),
      });
      writeFileSync(join(dir, 'node_modules/pkg', file), source); // (bytes: makeApp writes objects as JSON)
      const plain = await viteBuild(dir, { portcullis: false, config: noInline(dir) });
      expect(Object.keys(plain.files).some((name) => plainAsset.test(name))).toBe(true);
      await expect(viteBuild(dir, { config: noInline(dir) })).rejects.toThrow(new RegExp(`node_modules/pkg/${file.replace('.', '\\.')}.*\\(package "pkg"\\).*PORTCULLIS_SCRIPT_ASSET|\\(package "pkg"\\) ships a file of its own as a URL \\(assets/${file.split('.')[0]}-`, 's'));
    });
  }

  it("the package's binary model and plain text by URL build", async () => {
    const dir = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export * from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `export const urls = [new URL('./m.bin', import.meta.url).href, new URL('./notes.txt', import.meta.url).href];`, 'm.bin': '\u0000\u00ff&# onx=', 'notes.txt': '<script> tags' }),
    });
    const built = await viteBuild(dir, { config: noInline(dir) });
    expect(Object.keys(built.files).some((f) => /assets\/m-[\w-]+\.bin$/.test(f))).toBe(true);
  });
});
