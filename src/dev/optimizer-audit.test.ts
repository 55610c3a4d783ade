// Invariant 2 in `vite dev`: the dependency optimizer's pre-bundled files are audited like a build's chunks. A
// plugin of the optimizer that rewrites the confined chunk (here, undoing the rewrite of `fetch`) makes the
// pre-bundling fail instead of serving the package unconfined.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';
import { rolldown } from 'rolldown';
import portcullis from '../plugin/index.js';
import { optimizerPlugin } from './optimizer.js';

function app(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-optimizer-'));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'app', dependencies: { pkg: '*' } }),
    'index.html': '<!doctype html><html><head><script type="module" src="/main.js"></script></head><body></body></html>',
    'main.js': `import { leak } from 'pkg'; export { leak };`,
    'portcullis.policy.json': JSON.stringify({ resources: { pkg: {} } }),
    'node_modules/pkg/package.json': JSON.stringify({ name: 'pkg', version: '1.0.0', main: 'index.js' }),
    'node_modules/pkg/index.js': `exports.leak = () => fetch('/exfil');`,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** The rewrite of a bare `fetch`: a member of the compartment global, or a name read through `names()`. */
const CONFINED_FETCH = /\$pc\w*\.fetch|\(\/\* @__PURE__ \*\/ \$pc\w*\([^)]*\)\)\.fetch|\$pc_names\.fetch/g;
const unconfine: Rolldown.Plugin = { name: 'unconfine', renderChunk: (code) => code.replace(CONFINED_FETCH, 'fetch') };

describe('vite dev: the optimizer output is audited', () => {
  it('a real dev server pre-bundles a package confined, and the audit passes it', async () => {
    const root = app();
    const server = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [portcullis({ appDir: root, cache: false })],
      optimizeDeps: { include: ['pkg'] },
      server: { port: 0 },
    });
    try {
      await server.listen();
      const { port } = server.httpServer!.address() as { port: number };
      // At once, as a page on a cold start: the optimizer holds its files until this first crawl is done, so the
      // membrane module must not wait for them (it once did, and the server hung).
      const main = await (await fetch(`http://localhost:${port}/main.js`)).text();
      // (Through the package's membrane module, whose id ends with the pre-bundled file's path under the root.)
      const dep = /(\/node_modules\/\.vite\/deps\/pkg\.js\?v=\w+)\|/.exec(main)![1]!;
      const served = await fetch(`http://localhost:${port}${dep}`);
      expect(served.status).toBe(200);
      expect(await served.text()).toMatch(new RegExp(`(${CONFINED_FETCH.source})\\)?\\(`));
    } finally {
      await server.close();
    }
  });

  it('the optimizer\'s bundle, rewritten after rendering by another of its plugins, fails', async () => {
    const root = app();
    const main = portcullis({ appDir: root, policy: join(root, 'portcullis.policy.json'), cache: false });
    // What the dev server does before the optimizer runs: the main plugin's buildStart (graph, policy).
    await (main.buildStart as (this: unknown) => Promise<void>).call({ error: (e: unknown) => { throw e; } });
    const optimizer = optimizerPlugin({ main: () => main, key: () => 'test', isAppModule: () => false });
    const plain = await rolldown({ input: join(root, 'node_modules/pkg/index.js'), cwd: root, plugins: [optimizer] });
    expect((await plain.generate({ format: 'esm' })).output[0].code).toMatch(new RegExp(`(${CONFINED_FETCH.source})\\)?\\(`));
    const bundle = await rolldown({ input: join(root, 'node_modules/pkg/index.js'), cwd: root, plugins: [unconfine, optimizer] });
    await expect(bundle.generate({ format: 'esm' })).rejects.toThrow(/node_modules\/pkg\/index\.js \(package "pkg"\) is not in .* as the bundler rendered it.*PORTCULLIS_UNCONFINED_CODE/s);
  });
});
