// THREATS.md row 57 under `vite dev` (package-documents.ts): a package's SVG or HTML with script is served at the dev
// server's origin, where framed it runs with the page's full power. Red team s12.
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from '../plugin/index.js';
import { localPackage, makeApp } from '../plugin/test-builds.js';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg"><script>parent.fetch('/exfil?' + parent.document.cookie)</script></svg>`;
const ICON = `<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>`;
const PAGE = `<script>parent.fetch('/exfil?' + parent.document.cookie)</script>`;

/** Each URL's status and body from a dev server of the app, with or without Portcullis. */
async function get(dir: string, confined: boolean, urls: string[]): Promise<[number, string][]> {
  const server = await createServer({ root: dir, configFile: false, logLevel: 'silent', plugins: confined ? [portcullis({ appDir: dir })] : [], server: { port: 0, ws: false }, optimizeDeps: { noDiscovery: true } });
  await server.listen();
  const base = `http://localhost:${(server.httpServer!.address() as { port: number }).port}`;
  try {
    return await Promise.all(urls.map(async (u) => {
      const r = await fetch(base + u);
      return [r.status, await r.text()] as [number, string];
    }));
  } finally {
    await server.close();
  }
}

describe("row 57, vite dev: a package's document with script is not served at the page's origin", () => {
  const dir = () =>
    makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'index.html': '<!doctype html><script type="module" src="/main.js"></script>',
      'main.js': `import { url } from 'pkg'; document.body.innerHTML = '<iframe src="' + url + '"></iframe>';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `export const url = new URL('./page.svg', import.meta.url).href;`, 'page.svg': SVG, 'page.html': PAGE, 'icon.svg': ICON }),
    });
  const urls = ['/node_modules/pkg/page.svg', '/node_modules/pkg/page.html?x=1', '/node_modules/pkg/icon.svg', '/node_modules/pkg/page.svg?raw&import', '/node_modules/pkg/page.svg?raw'];

  it('plain serves the SVG and the page as they are; confined answers 403 naming package and file, and serves the icon and the import of ?raw', async () => {
    const app = dir();
    const [svg, page] = await get(app, false, urls);
    expect(svg).toEqual([200, SVG]);
    expect(page![0]).toBe(200);
    expect(page![1]).toContain(PAGE);
    const [cSvg, cPage, cIcon, cRaw, cByHand] = await get(app, true, urls);
    expect(cSvg![0]).toBe(403);
    expect(cSvg![1]).toMatch(/node_modules\/pkg\/page\.svg \(package "pkg"\) is a script or a document with script.*PORTCULLIS_SCRIPT_ASSET/);
    expect(cPage![0]).toBe(403);
    expect(cPage![1]).toMatch(/node_modules\/pkg\/page\.html \(package "pkg"\)/);
    expect(cIcon).toEqual([200, ICON]);
    expect(cRaw![0]).toBe(200);
    expect(cRaw![1]).toMatch(/^export default/);
    expect(cByHand![0]).toBe(403);
  });

  it("red team s13: a script Vite serves as it is (.ecma: application/ecmascript) and XML of any name (.owl): plain serves them as code; confined answers 403; the package's module and image are served", async () => {
    const XHTML = `<html xmlns="http://www.w3.org/1999/xhtml"><script>${PAGE.slice(8, -9)}</script></html>`;
    const app = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'index.html': '<!doctype html><script type="module" src="/main.js"></script>',
      'main.js': `import 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: { globals: { Worker: true } } } },
      ...localPackage('pkg', { 'index.js': `export const go = () => new Worker(new URL('./w.ecma', import.meta.url));`, 'w.ecma': `self.fetch('/exfil')`, 'page.owl': XHTML, 'logo.png': '\u0089PNG' }),
    });
    const s13 = ['/node_modules/pkg/w.ecma', '/node_modules/pkg/page.owl', '/node_modules/pkg/index.js', '/node_modules/pkg/logo.png'];
    const plain = await get(app, false, s13);
    expect(plain[0]).toEqual([200, `self.fetch('/exfil')`]);
    expect(plain[1]).toEqual([200, XHTML]);
    const [ecma, owl, js, png] = await get(app, true, s13);
    expect(ecma![0]).toBe(403);
    expect(ecma![1]).toMatch(/node_modules\/pkg\/w\.ecma \(package "pkg"\) is a script or a document with script/);
    expect(owl![0]).toBe(403);
    expect(js![0]).toBe(200);
    expect(js![1]).toMatch(/\$pc|compartment/);
    expect(png![0]).toBe(200);
  });
});
