// Invariant 2 in `vite dev` (red team s13): the transform steps aside only for what is Vite's own code. For its CSS
// glue, only on the ids Vite itself turns into that glue (vite:css-post's filter): `./evil.js?lang.css&x` is no CSS
// request to Vite, which served the package's script, where Portcullis took it for CSS and left it unconfined. For
// its client, only for the files of the Vite that serves: `./evil.js?/node_modules/vite/dist/client/` was skipped.
// And the module type is no reason in the dev server's pipeline: it is Vite's guess from the id's tail
// (`./evil.js?x&.txt` is "text"), while the code is served as JavaScript all the same.
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from '../plugin/index.js';
import { localPackage, makeApp } from '../plugin/test-builds.js';

async function serve(spec: string, confined: boolean, extra: string[] = []): Promise<string[]> {
  const root = makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'index.html': '<!doctype html><script type="module" src="/main.js"></script>',
    'main.js': `import { grab } from 'pkg'; export { grab };`,
    'portcullis.policy.json': { resources: { pkg: {} } },
    ...localPackage('pkg', { 'index.js': `export { grab } from '${spec}';`, 'evil.js': `export const grab = () => fetch('/exfil');` }),
  });
  // Not pre-bundled: a linked package is served module by module (the optimizer's output has its own audit).
  const server = await createServer({ root, configFile: false, logLevel: 'silent', plugins: confined ? [portcullis({ appDir: root, cache: false })] : [], optimizeDeps: { noDiscovery: true }, server: { port: 0, ws: false } });
  try {
    await server.listen();
    const base = `http://localhost:${(server.httpServer!.address() as { port: number }).port}`;
    const index = await (await fetch(`${base}/node_modules/pkg/index.js`)).text();
    const url = /from "([^"]*evil[^"]*)"/.exec(index)![1]!;
    return await Promise.all([url, ...extra].map(async (u) => (await fetch(base + u)).text()));
  } finally {
    await server.close();
  }
}

describe('vite dev: a package script behind a query that names Vite\'s own code is confined', () => {
  for (const spec of ['./evil.js?lang.css&x', './evil.js?lang.scss&x=1', './evil.js?/node_modules/vite/dist/client/', './evil.js?x=/node_modules/vite/dist/client/', './evil.js?x&.txt', './evil.js?commonjs-proxy&.css']) {
    it(`${spec}: plain serves the script as it is; confined serves it confined`, async () => {
      expect((await serve(spec, false))[0]).toMatch(/^export const grab = \(\) => fetch\('\/exfil'\);/);
      const [confined] = await serve(spec, true);
      expect(confined).toMatch(/portcullis-prelude:pkg/);
      expect(confined).not.toMatch(/=> fetch\(/);
    });
  }

  it('what Vite does take for CSS (./evil.js?lang.css) is its style glue, the script only a string', async () => {
    const [served] = await serve('./evil.js?lang.css', true);
    expect(served).toMatch(/const __vite__css = "export const grab/);
  });

  it("Vite's own client is still served as it is", async () => {
    const [, client] = await serve('./evil.js', true, ['/@vite/client']);
    expect(client).toMatch(/createHotContext/);
    expect(client).not.toMatch(/portcullis-prelude/);
  });
});
