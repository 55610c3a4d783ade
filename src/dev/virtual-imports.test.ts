// Invariant 2 in `vite dev` (red team s13): packages reach only packages. The dev server reports the import check
// between packages (the build enforces it), but an import no policy can grant fails the module as it is served:
// another package's compartment (its powers) and Vite's own client (`updateStyle` writes a real <style> into the
// page's head, past the CSS policy and the attenuated DOM).
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from '../plugin/index.js';
import { localPackage, makeApp } from '../plugin/test-builds.js';

async function serve(index: string, confined: boolean): Promise<[number, string][]> {
  const root = makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*', other: '*' } },
    'index.html': '<!doctype html><script type="module" src="/main.js"></script>',
    'main.js': `import 'pkg'; import 'other';`,
    'portcullis.policy.json': { resources: { pkg: {}, other: { globals: { fetch: true } } } },
    ...localPackage('pkg', { 'index.js': index }),
    ...localPackage('other', { 'index.js': `export const f = () => fetch('/ok');` }),
  });
  const server = await createServer({ root, configFile: false, logLevel: 'silent', plugins: confined ? [portcullis({ appDir: root, cache: false })] : [], optimizeDeps: { noDiscovery: true }, server: { port: 0, ws: false } });
  try {
    await server.listen();
    const base = `http://localhost:${(server.httpServer!.address() as { port: number }).port}`;
    return await Promise.all(['/node_modules/pkg/index.js', '/@vite/client'].map(async (u) => {
      const r = await fetch(base + u);
      return [r.status, await r.text()] as [number, string];
    }));
  } finally {
    await server.close();
  }
}

describe('vite dev: a package importing what no policy grants fails as it is served', () => {
  it("Vite's client (updateStyle: a real <style> in the page): plain serves the import and the function; confined fails the module", async () => {
    const index = `import { updateStyle } from '/@vite/client'; updateStyle('x', 'body { background: url(//evil.example/beacon) }');`;
    const [[status, code], [, client]] = await serve(index, false);
    expect(status).toBe(200);
    expect(code).toMatch(/import \{ updateStyle \} from ['"]\/@vite\/client['"]/);
    expect(client).toMatch(/export \{[^}]*updateStyle/);
    const [[cStatus, cCode]] = await serve(index, true);
    expect(cStatus).toBe(500);
    expect(cCode).toMatch(/node_modules\/pkg\/index\.js:1:\d+ \(package \\?"pkg\\?"\) imports \\?"\/@vite\/client\\?".*PORTCULLIS_IMPORT_DENIED/);
  });

  for (const specifier of ['portcullis:prelude/other', '/@id/__x00__portcullis-prelude:other']) {
    it(`another package's compartment (${specifier}): confined fails the module`, async () => {
      const [[status, code]] = await serve(`import { compartment } from '${specifier}'; export const grab = () => compartment('x').fetch('/exfil');`, true);
      expect(status).toBe(500);
      expect(code).toMatch(/\(package \\?"pkg\\?"\) imports .*PORTCULLIS_IMPORT_DENIED/);
    });
  }

  it("the package's import of another package is served (reported, not refused, in dev)", async () => {
    const [[status]] = await serve(`import 'other';`, true);
    expect(status).toBe(200);
  });
});
