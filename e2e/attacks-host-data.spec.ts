// Invariant 1 ("Nothing real crosses") for the app's own live arrays and records granted as globals (issue 9): GTM's
// `dataLayer` (the package pushes and GTM, whose own push is installed later, sees it; nothing the package does
// reaches the app's array but that push), an app's `__APP_CONFIG__` and a Sentry-style record. The app is
// e2e/attacks/host-data: each attack first changes or reaches the app's object in the plain build, then fails in the
// confined one, built by Vite and by Rollup; what a tag-manager helper is for works in both.
import { ATTACK_BUILDS, openAttackApp, type AttackPage } from './harness/attack-apps.ts';
import { expect, test } from './harness/fixtures.ts';

/** How the confined build stops each attack: the policy error's text, or (null) the app's object left as it was. */
const STOPPED: Record<string, RegExp | null> = {
  'replace-push': /"analytics" may not use dataLayer\.push = … \(an array of the app's own, granted as a global: read-only inside a package; dataLayer\.push\(…\) appends to it\)/,
  'stored-element': /"analytics" may not use dataLayer\[\d+\]\['gtm\.element'\] \(a real node of the page/,
  truncate: /"analytics" may not use dataLayer\.length = …/,
  freeze: /"analytics" may not use Object\.freeze\(dataLayer\)/,
  'swap-prototype': /"analytics" may not use Object\.setPrototypeOf\(dataLayer\)/,
  // The host reads a converting view of what was pushed: the getter runs on the package's own object.
  'pushed-getter': null,
  // The assignment is the package's own (an expando on its view): the app's config is unchanged.
  'config-write': null,
  // A nested array is read-only: only the granted array's own push appends.
  'config-nested-push': /"app-reader" may not use __APP_CONFIG__\.allowedOrigins\[1\] = … \(an array of the app's own, granted as a global: read-only inside a package\)/,
};
const WORKS = ['works-describe', 'works-push', 'works-gtm-push', 'works-config', 'works-sentry'];

const outcome = (page: AttackPage, id: string) => `${id}: ${page.results[id]?.outcome}`;

for (const build of ATTACK_BUILDS) {
  test.describe(build.bundler, () => {
    test('the app\'s arrays and records: every attack changes or reaches them in the plain build, and what a tag helper does works', async ({ browserPage }) => {
      const plain = await openAttackApp(browserPage, 'host-data', build.plain);
      const ids = [...WORKS, ...Object.keys(STOPPED)];
      expect(ids.map((id) => outcome(plain, id))).toEqual(ids.map((id) => `${id}: reached`));
    });

    test('the app\'s arrays and records: every attack is stopped confined, pushes reach the app and GTM\'s own push', async ({ browserPage }) => {
      const confined = await openAttackApp(browserPage, 'host-data', build.confined);
      expect(WORKS.map((id) => `${outcome(confined, id)} ${confined.results[id]?.detail}`)).toEqual(WORKS.map((id) => `${id}: reached ${confined.results[id]?.detail}`));
      for (const [id, error] of Object.entries(STOPPED)) {
        const result = confined.results[id];
        expect(result, id).toBeDefined();
        expect(result!.outcome, `${id}: ${result!.detail}`).toBe('failed');
        if (error) {
          expect(result!.errorName, `${id}: ${result!.detail}`).toBe('PortcullisPolicyError');
          expect(result!.detail, id).toMatch(error);
        } else {
          expect(result!.errorName, `${id}: ${result!.detail}`).toBeNull();
        }
      }
    });
  });
}
