// Rows 55 and 57 of THREATS.md in the browsers: code a package hides where a transform deciding by file extension,
// parse goal or position would skip it is bundled as JavaScript all the same: files with unknown extensions
// (`./payload.data`, `./take.bin`) or none (`./payload`), CommonJS beside ES modules (`./legacy.cjs`, a script to
// Rolldown), a module behind a hashbang. In the plain build each reaches the real fetch or document; in the confined
// build it is confined like any module (the transform decides by the bundler's module type, and the bundle audit
// proves it), so it is stopped with a PortcullisPolicyError naming the package and the API. A package script the
// bundler copies as an asset or inlines as a data: URL (`new URL('./late.js', import.meta.url)`) fails the confined
// build itself (PORTCULLIS_SCRIPT_ASSET, src/plugin/script-asset.test.ts), so it is not in this app.
// Built by Vite and by Rollup (which reads every module as JavaScript).
import { ATTACK_BUILDS, openAttackApp } from './harness/attack-apps.ts';
import { expect, test } from './harness/fixtures.ts';

const CASES = [
  ['data-extension', 'fetch', 'code in a .data file'],
  ['bin-extension', 'document', 'code in a .bin file'],
  ['no-extension', 'fetch', 'code in a file with no extension'],
  ['cjs-goal', 'document', 'CommonJS in a .cjs file'],
  ['hashbang', 'fetch', 'a module behind a hashbang'],
] as const;

for (const build of ATTACK_BUILDS) {
  for (const [id, api, what] of CASES) {
    test(`${build.bundler}: rows 55/57: ${what} works plain, is stopped confined`, async ({ browserPage }) => {
      const plain = await openAttackApp(browserPage, 'unconfined-code', build.plain);
      expect(plain.results[id]).toMatchObject({ outcome: 'reached' });
      const confined = await openAttackApp(browserPage, 'unconfined-code', build.confined);
      expect(confined.results[id]).toMatchObject({ outcome: 'failed' });
      expect(confined.violations).toContainEqual({ package: 'smuggler', api });
    });
  }
}

