// Invariant 2, row 57 of THREATS.md (red team s13): a module is attributed, confined and audited by the file it comes
// from. Vite keeps a `#fragment` of a package's `exports`/`main`/`browser` target in the module id and loads the file
// without it; read as a virtual module, it went untransformed and unaudited. Each attack first runs in a plain build.
import { describe, expect, it } from 'vitest';
import { localPackage, makeApp, rollupBuild, run, viteBuild } from './test-builds.js';

const evil = `export const grab = () => fetch('/exfil');`;
const appWith = (json: object, main = `export * from 'pkg';`) =>
  makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'main.js': main,
    'portcullis.policy.json': { resources: { pkg: {} } },
    ...localPackage('pkg', { 'index.js': `export const grab = () => 1;`, 'evil.js': evil, 'evil.txt': evil }, json),
  });

const CASES: [string, object, string?][] = [
  ['exports "./evil.js#x"', { exports: { '.': './evil.js#x' } }],
  ['exports "./evil.txt#x" (a text file, run as code)', { exports: { '.': './evil.txt#x' } }],
  ['exports "./evil.js#"', { exports: { '.': './evil.js#' } }],
  ['browser field "./index.js": "./evil.js#x"', { browser: { './index.js': './evil.js#x' } }],
  ["the app's import 'pkg/evil.js#x' of an exports pattern", { exports: { './*': './*' } }, `export * from 'pkg/evil.js#x';`],
];

describe('vite build: a module id with a #fragment inside a package', () => {
  for (const [what, json, main] of CASES) {
    it(`${what}: plain runs the package's code unconfined; confined fails, naming package and file`, async () => {
      const app = appWith(json, main);
      const plain = await run(await viteBuild(app, { portcullis: false }));
      (plain.exports.grab as () => void)();
      expect(plain.realm.calls).toContain('fetch /exfil');
      await expect(viteBuild(app)).rejects.toThrow(/node_modules\/pkg\/evil\.(js|txt)#?x? \(package "pkg"\) is a module whose id, .*, names no file.*PORTCULLIS_UNCONFINED_CODE/s);
    });
  }
});

describe('Rollup 4 (node-resolve drops the fragment): the same package is confined', () => {
  it('exports "./evil.js#x": the package is stopped at fetch', async () => {
    const app = appWith({ exports: { '.': './evil.js#x' } });
    const plain = await run(await rollupBuild(app, { portcullis: false }));
    (plain.exports.grab as () => void)();
    expect(plain.realm.calls).toContain('fetch /exfil');
    const confined = await run(await rollupBuild(app));
    expect(() => (confined.exports.grab as () => void)()).toThrow(/package "pkg" may not use fetch/);
  });
});
