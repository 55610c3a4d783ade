// Vite evaluates the options of import.meta.glob() and new Worker(new URL(…, import.meta.url), options) with
// new Function in the build process (build-time-eval.ts): a package's code there runs in Node, before any transform,
// plain or confined. Each attack first runs in a plain `vite build` (it writes a file on the build machine), then is
// refused before Vite evaluates it.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from './index.js';
import { checkBuildTimeEval } from './build-time-eval.js';
import { localPackage, makeApp, viteBuild } from './test-builds.js';

const app = (index: string, nested?: string) =>
  makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'main.js': `export * from 'pkg';`,
    'portcullis.policy.json': { resources: { pkg: {} } },
    ...localPackage('pkg', {
      'index.js': index,
      'a.txt': 'hi',
      'w.js': 'self.x = 1;',
      // Built by Vite's separate worker build, which runs only worker.plugins: the payload is nested.js's own worker.
      'nested.js': `export const inner = () => new Worker(new URL('./w.js', import.meta.url), { type: ${nested ?? "'module'"} });`,
    }),
  });
/**
 * Code that, evaluated, leaves a file behind: proof it ran in the build process. No parentheses outside the template
 * (Vite's glob plugin ends the call at the first nested `)`); the type Vite then reads is `module`.
 */
const payload = (marker: string) => `Function\`globalThis.process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')\`\`\` ?? 'module'`;

/** `vite` serving the package's module (Vite's JavaScript glob plugin; the build uses Rolldown's native one). */
async function serve(dir: string, confined: boolean): Promise<void> {
  const server = await createServer({ root: dir, configFile: false, logLevel: 'silent', plugins: confined ? [portcullis()] : [], server: { middlewareMode: true, ws: false }, optimizeDeps: { noDiscovery: true, include: [] } });
  try {
    await server.transformRequest('/node_modules/pkg/index.js');
  } finally {
    await server.close();
  }
}

describe('Vite runs package code in the build process', () => {
  it.each([
    ['vite build', 'new Worker(new URL(…), options)', (p: string) => `export const start = () => new Worker(new URL('./w.js', import.meta.url), { type: ${p} });`, /index\.js:1:75: new Worker\(\) is given options that are not literals/],
    ['vite build', "a worker's own new Worker(new URL(…), options)", (p: string) => `export const start = () => new Worker(new URL('./nested.js', import.meta.url), { type: 'module' });`, /nested\.js:1:75: new Worker\(\) is given options that are not literals/],
    ['vite (dev)', 'import.meta.glob(…, options)', (p: string) => `export const files = import.meta.glob('./*.txt', { import: ${p}, eager: true });`, /index\.js:1:50: import\.meta\.glob\(\) is given options that are not literals/],
  ])('%s, %s: runs in Node plainly; refused before Vite evaluates it', async (mode, _name, index, refused) => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-eval-'));
    const nestedPayload = _name.startsWith("a worker's");
    const bundle = (marker: string, confined: boolean) => {
      const dirOfApp = nestedPayload ? app(index(''), payload(marker)) : app(index(payload(marker)));
      return mode === 'vite build' ? viteBuild(dirOfApp, { portcullis: confined ? {} : false }) : serve(dirOfApp, confined);
    };
    const plainMarker = join(dir, 'plain');
    await Promise.resolve(bundle(plainMarker, false)).catch(() => {});
    expect(existsSync(plainMarker)).toBe(true);
    const confinedMarker = join(dir, 'confined');
    await expect(bundle(confinedMarker, true)).rejects.toThrow(new RegExp(`${refused.source}.*PORTCULLIS_BUILD_TIME_CODE`, 's'));
    expect(existsSync(confinedMarker)).toBe(false);
  });

  it("leaves Vite's own client to Vite: a dev server whose app does not depend on vite still serves it", async () => {
    // The guard once attributed every loaded file, and vite's client belongs to no package of the app: a 500.
    const dir = app(`export const x = 1;`);
    const server = await createServer({ root: dir, configFile: false, logLevel: 'silent', plugins: [portcullis()], server: { middlewareMode: true, ws: false }, optimizeDeps: { noDiscovery: true, include: [] } });
    try {
      const client = await server.transformRequest('/@vite/client');
      expect(client?.code).toContain('[vite] connecting...');
      await expect(server.transformRequest('/node_modules/pkg/index.js')).resolves.toBeTruthy();
    } finally {
      await server.close();
    }
  });

  it('keeps literal options, and mentions in strings and comments', () => {
    const ok = [
      `const m = import.meta.glob('./*.txt', { query: { raw: true }, import: 'default', eager: false });`,
      `const w = new Worker(new URL('./w.js', import.meta.url), { type: 'module', name: \`w\` });`,
      `const w = new Worker(url, { type: pick() }); // new Worker(new URL('./w.js', import.meta.url), { type: x() })`,
      `const doc = "import.meta.glob('./*', { query: f() })";`,
    ];
    for (const code of ok) expect(() => checkBuildTimeEval(code, 'node_modules/pkg/index.js')).not.toThrow();
  });

  it('refuses what Vite would read as such a call and Portcullis would not, and such calls outside JavaScript', () => {
    expect(() => checkBuildTimeEval(`const r = /new Worker(new URL('.\\/w.js', import.meta.url), { type: f() })/;`, 'node_modules/pkg/index.js')).toThrow(
      /index\.js:1:12: this text reads as such a call to Vite but not to Portcullis.*PORTCULLIS_BUILD_TIME_CODE/s,
    );
    expect(() => checkBuildTimeEval(`const m = import.meta.glob('./*', { query: f() as string });`, 'node_modules/pkg/index.ts')).toThrow(/only in JavaScript files/);
    expect(() => checkBuildTimeEval(`const m = import.meta.glob('./*', { ...f() });`, 'node_modules/pkg/index.js')).toThrow(/not literals/);
  });
});
