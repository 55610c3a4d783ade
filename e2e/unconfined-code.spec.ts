// Row 57 of THREATS.md in the browsers: code a package hides in files with unknown extensions (`./payload.data`,
// `./side-effect.bin`) is bundled as JavaScript. In the plain build it reaches the real fetch and document; in the
// confined build it is confined like any module (the transform decides by the bundler's module type, and the bundle
// audit proves it), so it is stopped with a PortcullisPolicyError naming the package and the API. Built by Vite and
// by Rollup (which reads every module as JavaScript).
import { ATTACK_BUILDS, openAttackApp } from './harness/attack-apps.ts';
import { expect, test } from './harness/fixtures.ts';

for (const build of ATTACK_BUILDS) {
  for (const [id, api] of [
    ['data-extension', 'fetch'],
    ['bin-extension', 'document'],
  ] as const) {
    test(`${build.bundler}: row 57: code in a ${id.split('-')[0]} file works plain, is stopped confined`, async ({ browserPage }) => {
      const plain = await openAttackApp(browserPage, 'unconfined-code', build.plain);
      expect(plain.results[id]).toMatchObject({ outcome: 'reached' });
      const confined = await openAttackApp(browserPage, 'unconfined-code', build.confined);
      expect(confined.results[id]).toMatchObject({ outcome: 'failed' });
      expect(confined.violations).toContainEqual({ package: 'smuggler', api });
    });
  }
}
