// THREATS.md row 57 under `vite dev`, which has no generateBundle: a package's script inlined as a data: URL into a
// served module (the app's `new URL('pkg/x.js?inline', import.meta.url)`) fails that module (inlined-scripts.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from './index.js';
import { localPackage, makeApp } from './test-builds.js';

const EVIL = `fetch('/exfil?dev')`;
const serve = async (dir: string, confined: boolean, url: string, plugins: Plugin[] = []) => {
  const server = await createServer({ root: dir, configFile: false, logLevel: 'silent', plugins: [...plugins, ...(confined ? [portcullis({ appDir: dir })] : [])], server: { port: 0, ws: false }, optimizeDeps: { noDiscovery: true } });
  try {
    return (await server.transformRequest(url))?.code ?? '';
  } finally {
    await server.close();
  }
};

describe("row 57, vite dev: a package's script inlined as a data: URL", () => {
  const appWith = (main: string) =>
    makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'index.html': '<!doctype html><script type="module" src="/main.js"></script>',
      'main.js': main,
      'own.js': `postMessage('hi');`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': 'export const x = 1;', 'evil.js': EVIL }),
    });

  it("the app's new URL('pkg/evil.js?inline', import.meta.url): plain serves the script inlined; confined fails the module, naming package and file", async () => {
    const dir = appWith(`const url = new URL('pkg/evil.js?inline', import.meta.url); export const go = () => new Worker(url);`);
    expect(await serve(dir, false, '/main.js')).toContain(`data:text/javascript;base64,${Buffer.from(EVIL).toString('base64')}`);
    await expect(serve(dir, true, '/main.js')).rejects.toThrow(/node_modules\/pkg\/evil\.js \(package "pkg"\) is inlined into main\.js as a data: URL.*PORTCULLIS_SCRIPT_ASSET/s);
  });

  it("the app's own script inlined the same way is served", async () => {
    const dir = appWith(`const url = new URL('./own.js?inline', import.meta.url); export const go = () => new Worker(url);`);
    expect(await serve(dir, true, '/main.js')).toContain('data:text/javascript;base64,');
  });

  it("a plugin's virtual module holding the package's script percent-encoded: plain serves it; confined fails the module (red team s12)", async () => {
    // As an inline-worker plugin does: `import u from 'pkg/evil.js?dataurl'` is the file's data: URL.
    const dataUrl: Plugin = {
      name: 'data-url',
      enforce: 'pre',
      resolveId: (id) => (id.endsWith('?dataurl') ? `\0dataurl:${id.slice(0, -'?dataurl'.length)}` : null),
      load: (id) => (id.startsWith('\0dataurl:') ? `export default ${JSON.stringify(`data:text/javascript,${encodeURIComponent(readFileSync(join(dir, 'node_modules', id.slice(9)), 'utf8'))}`)};` : null),
    };
    const dir = appWith(`import u from 'pkg/evil.js?dataurl'; export const go = () => new Worker(u);`);
    const url = 'pkg/evil.js?dataurl';
    expect(await serve(dir, false, url, [dataUrl])).toContain(`data:text/javascript,${encodeURIComponent(EVIL)}`);
    await expect(serve(dir, true, url, [dataUrl])).rejects.toThrow(/node_modules\/pkg\/evil\.js \(package "pkg"\) is inlined into dataurl:pkg\/evil\.js as a data: URL.*PORTCULLIS_SCRIPT_ASSET/s);
  });

  it('a package module holding a data: URL of its own is served (it is not a copy of itself)', async () => {
    // The corpus's canvas-confetti and d3 were refused as if the served module were a plugin's prebuilt chunk.
    const dir = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'index.html': '<!doctype html><script type="module" src="/main.js"></script>',
      'main.js': `export * from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `export const u = 'data:,hello';` }),
    });
    expect(await serve(dir, true, '/node_modules/pkg/index.js')).toContain('data:,hello');
  });
});
