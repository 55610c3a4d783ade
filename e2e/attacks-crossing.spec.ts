// Row 51 of THREATS.md (issue 9 point 2, issue 11 point 6), in three engines: a real element the app hands a package
// inside a Map, a Set, an array, a frozen class instance, an option, a callback's result or argument, a promise, an
// iterator, a thrown value or a typed array, to a dom-mode package (`widget`, which gets wrappers) and to one without
// a dom section (`datalib`, which is refused). Each attack reaches the real window in the plain build first.
// App: e2e/attacks/crossing, built by Vite and by Rollup.
import { ATTACK_BUILDS, openAttackApp, type AttackPage } from './harness/attack-apps.ts';
import { expect, test } from './harness/fixtures.ts';

/** How each attack is stopped in the confined build: the error's name (a TypeError: the value arrived without it). */
const STOPPED: Record<string, 'PortcullisPolicyError' | 'TypeError'> = {
  'widget-map-value': 'PortcullisPolicyError',
  'widget-map-key': 'PortcullisPolicyError',
  'widget-set': 'PortcullisPolicyError',
  'widget-array': 'PortcullisPolicyError',
  'widget-frozen-instance': 'PortcullisPolicyError',
  'widget-option': 'PortcullisPolicyError',
  'widget-getter': 'PortcullisPolicyError',
  'widget-method': 'PortcullisPolicyError',
  'widget-callback-result': 'PortcullisPolicyError',
  'widget-promise': 'PortcullisPolicyError',
  'widget-iterator': 'PortcullisPolicyError',
  'widget-thrown': 'PortcullisPolicyError',
  'widget-callback-argument': 'PortcullisPolicyError',
  // The typed array arrives as a fresh view of its bytes, without the element hung on it.
  'widget-typed-array': 'TypeError',
  // The app object's prototype chain, seen from the package, is Object.prototype: no app class to construct.
  'widget-instance-prototype': 'TypeError',
  'widget-event': 'PortcullisPolicyError',
  'widget-class': 'PortcullisPolicyError',
  'widget-subclass': 'PortcullisPolicyError',
  'datalib-argument': 'PortcullisPolicyError',
  'datalib-option': 'PortcullisPolicyError',
  'datalib-map': 'PortcullisPolicyError',
  'datalib-set': 'PortcullisPolicyError',
  'datalib-array': 'PortcullisPolicyError',
  'datalib-frozen-instance': 'PortcullisPolicyError',
  'datalib-callback-result': 'PortcullisPolicyError',
  'datalib-promise': 'PortcullisPolicyError',
  'datalib-callback-argument': 'PortcullisPolicyError',
  'datalib-instance-method': 'PortcullisPolicyError',
  'datalib-static': 'PortcullisPolicyError',
  'legacy-cjs-default': 'PortcullisPolicyError',
  // What a full-power package hands a dom-mode dependency of its own crosses into it as the app's values do.
  'framework-element-to-widget': 'PortcullisPolicyError',
  'framework-body-to-widget': 'PortcullisPolicyError',
  'framework-callback-to-widget': 'PortcullisPolicyError',
  'framework-thrown-to-widget': 'PortcullisPolicyError',
};
const WORKS = ['works-framework-dependencies', 'works-widget-mount', 'works-datalib-sum', 'works-default-export', 'works-export-star', 'works-live-binding', 'works-cjs-default'];

for (const build of ATTACK_BUILDS) {
  test.describe(build.bundler, () => {
    test('row 51: every crossing attack reaches the real window in the plain build, and is stopped confined', async ({ browserPage }) => {
      const plain = await openAttackApp(browserPage, 'crossing', build.plain);
      const confined = await openAttackApp(browserPage, 'crossing', build.confined);
      const outcome = (page: AttackPage, id: string) => `${id}: ${page.results[id]?.outcome} ${page.results[id]?.errorName ?? ''}`.trim();
      const ids = [...Object.keys(STOPPED), ...WORKS];
      expect(ids.map((id) => outcome(plain, id))).toEqual(ids.map((id) => `${id}: reached`));
      expect(ids.map((id) => outcome(confined, id))).toEqual(ids.map((id) => (STOPPED[id] ? `${id}: failed ${STOPPED[id]}` : `${id}: reached`)));
    });

    test('row 51: the refusal names the package, what it received and where (the app-side path)', async ({ browserPage }) => {
      const confined = await openAttackApp(browserPage, 'crossing', build.confined);
      expect(confined.results['datalib-option']!.detail).toBe(
        'Portcullis: package "datalib" received a real element from the app (option el of fromOption()); give it a dom section or grant document (PORTCULLIS_POLICY_VIOLATION)',
      );
      expect(confined.results['datalib-instance-method']!.detail).toContain('(argument 1 of attach())');
      expect(confined.results['legacy-cjs-default']!.detail).toContain('package "legacy" received a real element from the app (argument 1 of toCanvas())');
      expect(confined.results['widget-event']!.detail).toContain('a real MouseEvent from the app (argument 1 of fromEvent())');
      expect(confined.violations).toContainEqual({ package: 'datalib', api: 'a real element from the app (argument 1 of fromArgument())' });
    });
  });
}
