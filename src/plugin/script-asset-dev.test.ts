// THREATS.md row 57 under `vite dev`, which has no generateBundle: a package's script inlined as a data: URL into a
// served module (the app's `new URL('pkg/x.js?inline', import.meta.url)`) fails that module (inlined-scripts.ts).
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from './index.js';
import { localPackage, makeApp } from './test-builds.js';

const EVIL = `fetch('/exfil?dev')`;
const serve = async (dir: string, confined: boolean, url: string) => {
  const server = await createServer({ root: dir, configFile: false, logLevel: 'silent', plugins: confined ? [portcullis({ appDir: dir })] : [], server: { port: 0, ws: false }, optimizeDeps: { noDiscovery: true } });
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
});
