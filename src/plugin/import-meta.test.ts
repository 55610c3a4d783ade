// Row 60 of THREATS.md: `import.meta` in package code. A package reading `import.meta.env.VITE_SECRET` gets the app's
// value in a plain Vite build; under Portcullis the build fails unless the policy grants it, the five values Vite sets
// itself stay free, and the generator writes (and `--check` would show) the grant with its location.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from './index.js';
import { validatePolicy } from '../policy/schema.js';
import { localPackage, makeApp, rollupBuild, run, viteBuild } from './test-builds.js';

const envApp = (resources: object, index = `export const secret = () => import.meta.env.VITE_SECRET; export const mode = () => import.meta.env.MODE;`) =>
  makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    '.env': 'VITE_SECRET=s3cret-api-key\n',
    'main.js': `export * from 'pkg';`,
    'portcullis.policy.json': { resources },
    ...localPackage('pkg', { 'index.js': index }),
  });

describe('row 60: import.meta in packages', () => {
  it('vite build: the app\'s VITE_* value reaches a package in a plain build; under Portcullis it needs a grant', async () => {
    const plain = await run(await viteBuild(envApp({ pkg: {} }), { portcullis: false }));
    expect((plain.exports.secret as () => string)()).toBe('s3cret-api-key');

    await expect(viteBuild(envApp({ pkg: {} }))).rejects.toThrow(
      /node_modules\/pkg\/index\.js:1:\d+ \(package "pkg"\) reads import\.meta\.env\.VITE_SECRET, which its policy does not grant\. If it should, add to portcullis\.policy-override\.json: \{"resources":\{"pkg":\{"importMeta":\{"env\.VITE_SECRET":true\}\}\}\}.*PORTCULLIS_IMPORT_META_DENIED/s,
    );
    const granted = await run(await viteBuild(envApp({ pkg: { importMeta: { 'env.VITE_SECRET': true } } })));
    expect((granted.exports.secret as () => string)()).toBe('s3cret-api-key');
    expect((granted.exports.mode as () => string)()).toBe('production');
  });

  it('vite build: the whole env object, import.meta itself and import.meta.hot need their grants', async () => {
    for (const [code, grant] of [
      [`export const all = () => import.meta.env;`, 'import\\.meta\\.env,'],
      [`export const meta = () => import.meta;`, 'import\\.meta itself'],
      [`export const hot = () => import.meta.hot;`, 'import\\.meta\\.hot,'],
    ] as const) {
      await expect(viteBuild(envApp({ pkg: {} }, code))).rejects.toThrow(new RegExp(`reads ${grant}.*PORTCULLIS_IMPORT_META_DENIED`, 's'));
    }
    const all = await run(await viteBuild(envApp({ pkg: { importMeta: { env: true } } }, `export const all = () => import.meta.env;`)));
    expect((all.exports.all as () => Record<string, unknown>)().VITE_SECRET).toBe('s3cret-api-key');
  });

  it('Rollup 4: the same rule (Rollup defines no env, but the same package must not build differently)', async () => {
    await expect(rollupBuild(envApp({ pkg: {} }))).rejects.toThrow(/reads import\.meta\.env\.VITE_SECRET.*PORTCULLIS_IMPORT_META_DENIED/s);
    const built = await run(await rollupBuild(envApp({ pkg: { importMeta: { 'env.VITE_SECRET': true } } })));
    expect(() => (built.exports.secret as () => unknown)()).toThrow(/VITE_SECRET/); // no env object outside Vite
  });

  it('the generator writes the grant; the schema refuses a malformed one', async () => {
    const app = envApp({});
    await viteBuild(app, { portcullis: { generatePolicy: true } });
    const policy = JSON.parse(readFileSync(join(app, 'portcullis.policy.json'), 'utf8'));
    expect(policy.resources.pkg.importMeta).toEqual({ 'env.VITE_SECRET': true });
    expect(() => validatePolicy({ resources: { pkg: { importMeta: { 'env.VITE-X': true } } } }, 'p.json')).toThrow(/importMeta\["env\.VITE-X"\]: not an import\.meta member/);
    expect(() => validatePolicy({ resources: { pkg: { importMeta: { hot: 'yes' } } } }, 'p.json')).toThrow(/expected true or false/);
  });

  it('vite dev: a linked package served module by module is refused when it reads an env value it was not granted', async () => {
    const app = makeApp({
      'package.json': { name: 'app', dependencies: { linked: 'file:local/linked' } },
      '.env': 'VITE_SECRET=s3cret-api-key\n',
      'index.html': '<!doctype html><html><head><script type="module" src="/main.js"></script></head><body></body></html>',
      'main.js': `export { secret } from 'linked';`,
      'portcullis.policy.json': { resources: { linked: {} } },
      'local/linked/package.json': { name: 'linked', version: '1.0.0', type: 'module', main: 'index.js' },
      'local/linked/index.js': `export const secret = () => import.meta.env.VITE_SECRET;`,
    });
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    symlinkSync(join(app, 'local/linked'), join(app, 'node_modules/linked'));
    const server = await createServer({ root: app, configFile: false, logLevel: 'silent', envDir: app, plugins: [portcullis({ appDir: app })], server: { port: 0 } });
    try {
      await server.listen();
      const { port } = server.httpServer!.address() as { port: number };
      const response = await fetch(`http://localhost:${port}/local/linked/index.js`);
      expect(response.status).toBe(500);
      expect(await response.text()).toMatch(/reads import\.meta\.env\.VITE_SECRET.*PORTCULLIS_IMPORT_META_DENIED/s);
    } finally {
      await server.close();
    }
  });
});
