// The attack-app harness's own check (e2e/attacks/example): a package with no grants reaches the real fetch in the
// plain build, and is stopped with a PortcullisPolicyError naming it and the API in the confined build, built by Vite
// and by Rollup.
import { ATTACK_BUILDS, openAttackApp } from './harness/attack-apps.ts';
import { expect, test } from './harness/fixtures.ts';

for (const build of ATTACK_BUILDS) {
  for (const id of ['fetch', 'fetch-alias']) {
    test(`${build.bundler}: attack app harness: ${id} works plain, is stopped confined`, async ({ browserPage }) => {
      const plain = await openAttackApp(browserPage, 'example', build.plain);
      expect(plain.results[id]).toMatchObject({ outcome: 'reached' });
      const confined = await openAttackApp(browserPage, 'example', build.confined);
      expect(confined.results[id]).toMatchObject({ outcome: 'failed', errorName: 'PortcullisPolicyError' });
      expect(confined.results[id]!.detail).toContain('"exfil" may not use fetch');
      expect(confined.violations).toContainEqual({ package: 'exfil', api: 'fetch' });
    });
  }
}
