// Invariant 4 (the attenuated DOM bounds sight, action and paint), THREATS.md rows 62-70, and realm creation after
// LavaMoat Snow's test ideas, in three engines. The attack app e2e/attacks/dom mounts a widget with a realistic
// policy (create div, span, button, canvas, img, a, label, input, svg; events click, input, keydown; origins 'self')
// next to the app's login form, CSRF token, pay button, menu, canvas and frame. Every attack first gets what it
// wants in the plain build, then is stopped in the confined one: refused with a PortcullisPolicyError naming the
// widget and the API, or (`hidden`) finding nothing, because the widget's view ends at its own elements. Built by
// Vite and by Rollup.
import { ATTACK_BUILDS, openAttackApp, type AttackBuild, type AttackPage } from './harness/attack-apps.ts';
import { expect, test, type BrowserPage, type Engine } from './harness/fixtures.ts';

type How = ({ row: string; api: string; engines?: Engine[]; absent?: Engine[] } | { row: string; hidden: string; engines?: Engine[] }) & { open?: string; openIn?: Partial<Record<Engine, string>> };
const hidden = (row: string, why: string, engines?: Engine[]): How => ({ row, hidden: why, engines });
/** Known open: it works confined too. Its test is a fixme (it would fail), its plain proof still runs in the settle test. */
const open = (row: string, why: string): How => ({ row, hidden: why, open: why });
/** `absent`: engines that lack the feature: their parser drops the declaration the check would refuse (it does nothing). */
const refused = (row: string, api: string, engines?: Engine[], absent?: Engine[]): How => ({ row, api, engines, absent });

const ATTACKS: Record<string, How> = {
  'selector-root-has': refused('62', 'selector ":root:has('),
  'selector-ancestor-attribute': hidden('62', 'the widget\'s element has no ancestor in its view'),
  'selector-sibling-combinator': hidden('62', 'nor siblings'),
  'selector-is-argument': hidden('62', 'inside :is() too, the widget\'s element has no ancestor in its view'),
  'selector-not-argument': hidden('62', 'inside :not() too, the widget\'s element has no ancestor in its view'),
  'selector-where-sibling': refused('62', ':has()'),
  'selector-nested-not': refused('62', 'a combinator inside :not()'),
  'selector-query-selector': refused('62', ':root'),
  'selector-closest-has': hidden('62', 'closest() stops at the widget\'s element'),
  'selector-lang': refused('62', ':lang()'),
  // WebKit matches :focus-within only while its window has the focus, which two workers' windows take in turns: the
  // plain build's proof missed it once on a loaded machine. Hidden in all three all the same.
  'selector-focus-within': hidden('62', 'form:focus-within is outside', ['chromium', 'firefox']),
  'selector-nth-child': hidden('62', 'the granted element has no siblings in view'),
  'selector-closest-ancestor': hidden('62', 'closest() stops at the widget\'s element'),
  'document-query-selector': hidden('62', 'the facade document holds only the widget\'s elements'),
  'document-get-element-by-id': hidden('62', 'the facade document holds only the widget\'s elements'),
  'stale-handle': refused('62', 'a node that is no longer inside the package\'s elements'),
  'keys-on-document': hidden('63', 'keys typed outside the widget are withheld'),
  'keys-on-window-capture': hidden('63', 'keys typed outside the widget are withheld'),
  'input-on-document': hidden('63', 'input outside the widget is withheld'),
  'pointer-over-app': hidden('63', 'clicks outside the widget are withheld'),
  'label-for-app-button': refused('64', 'for="pay" (names an element outside the package\'s)'),
  'button-form-app-form': refused('64', 'form="login" (names an element outside the package\'s)'),
  'button-inside-app-form': hidden('64', 'the widget\'s button belongs to no form, and its submission is withheld'),
  'input-form-clobbers-app-form': refused('64', 'form="login"'),
  'popovertarget-app-menu': refused('64', 'popovertarget="app-menu"'),
  'commandfor-app-menu': refused('64', 'commandfor="app-menu"', ['chromium', 'firefox']), // WebKitGTK has no command/commandfor
  'aria-labelledby-app-text': refused('64', 'aria-labelledby="pay"'),
  'fragment-link-to-app': refused('64', 'href="pay" (names an element outside the package\'s)'),
  'badge-after': refused('66', 'after next to the package\'s elements'),
  'badge-before': refused('66', 'before next to the package\'s elements'),
  'badge-replace-with': refused('66', 'replaceWith next to the package\'s elements'),
  'badge-adjacent-html': refused('66', 'insertAdjacentHTML next to the package\'s elements'),
  'badge-parent-append': hidden('66', 'the badge\'s parent (the app\'s header) reads as null'),
  'clobber-id': hidden('69', 'the name is reserved on window: the app reads undefined'),
  'clobber-inner-html': hidden('69', 'the name is reserved on window'),
  'clobber-before-attach': hidden('69', 'the name is reserved on window'),
  'non-bubbling-event-capture': hidden('70', 'the widget\'s event is dispatched along its own elements only'),
  'custom-event-window-capture': hidden('70', 'the widget\'s event is dispatched along its own elements only'),
  // Around the wrappers: the real dispatchEvent (reached from performance) called on its own element's wrapper.
  'proto-dispatch-to-app': refused('70', 'a host function called on an element or event of the attenuated DOM'),
  'click-bubbles-to-app': hidden('70', 'what click() sets off stops at the window, before the app'),
  'focus-reaches-app': hidden('70', 'what focus() sets off stops at the window, before the app'),
  'change-reaches-app': hidden('70', 'what click() sets off stops at the window, before the app'),
  'steal-focus': refused('70', 'focus() while the app has the focus'),
  'cover-absolute': hidden('65', 'the granted element contains its paint'),
  'cover-negative-margin': hidden('65', 'the granted element contains its paint'),
  'cover-transform': hidden('65', 'the granted element contains its paint'),
  'cover-with-the-root': refused('65', 'style.position on the element the app gave it'),
  'cover-top-layer': refused('65', 'popover attribute (the top layer needs dom.overlay)'),
  // An empty <svg> fetches an external paint server, mask or filter only in some engines; all refuse it here.
  'svg-fill-url': refused('67', 'fill url() to http://', ['chromium']),
  'svg-mask-url': refused('67', 'mask url() to http://', ['chromium']), // Firefox fetched it in one run of two
  'svg-filter-url': refused('67', 'filter url() to http://', ['chromium']),
  // Firefox fetches a cursor image only when it draws the pointer: a loaded CI machine's plain build missed the
  // 5 s window once. Refused in all three all the same.
  'svg-cursor-url': refused('67', 'cursor url() to http://', ['chromium', 'webkit']),
  'stylesheet-oracle': hidden('62', 'the widget\'s stylesheet matches only elements the widget made'),
  'stylesheet-paints-app': hidden('65', 'the widget\'s stylesheet matches only elements the widget made'),
  'stylesheet-redefines-property': hidden('65', 'the widget\'s @property is its own name'),
  'stylesheet-bad-url-boundary': hidden('65', 'the rule after a bad url is confined like any other'),
  'stylesheet-redefines-keyframes': hidden('65', 'the widget\'s @keyframes is its own name'),
  'stylesheet-follows-moved-element': hidden('65', 'its stylesheet styles its elements only inside its walls'),
  'stylesheet-covers-from-toast': hidden('65', 'an element handed to the app loses the mark its stylesheet is confined to'),
  'svg-style-url': refused('67', 'style url() to http://'),
  'style-attribute-url': refused('67', 'style background-image url() to http://'),
  'style-image-set': refused('67', 'image-set('),
  'img-srcset': refused('67', 'srcset to http://'),
  'read-image-pixels': refused('68', 'getImageData of pixels it did not draw (dom.readPixels)'),
  'read-image-data-url': refused('68', 'canvas.toDataURL of pixels it did not draw (dom.readPixels)'),
  'read-app-canvas': refused('68', 'getImageData of pixels it did not draw (dom.readPixels)'),
  'link-carries-data': refused('68', 'href on <a> (dom.navigate)'),
  'realm-adjacent-html': hidden('realm', 'the sanitizer drops <iframe>'),
  'realm-append-child': refused('realm', "document.createElement('iframe')"),
  'realm-contextual-fragment': refused('realm', 'document.createRange'),
  'realm-create-element-n-s': refused('realm', "createElementNS('http://www.w3.org/1999/xhtml', 'iframe')"),
  'realm-from-document-view': refused('realm', 'document.defaultView'),
  'realm-indexed-frame': refused('realm', 'may not use 0'),
  'realm-inline-handler': refused('realm', 'may not use top'),
  'realm-inner-html': hidden('realm', 'the sanitizer drops <iframe>'),
  'realm-named-access': hidden('realm', 'the sanitizer drops <iframe>; the name is not on the widget\'s global'),
  'realm-object': hidden('realm', 'the sanitizer drops <object> and <embed>', ['chromium', 'webkit']), // Firefox gives no contentWindow for about:blank
  'realm-outer-html': refused('realm', 'outerHTML'),
  'realm-shadow-root': refused('realm', 'element.attachShadow'),
  'realm-svg-foreign-object': hidden('realm', 'the sanitizer drops <svg> with its content'),
  'realm-template': hidden('realm', 'the sanitizer drops <template>'),
  'realm-upper-case-tag': refused('realm', "document.createElement('iframe')"),
  // Red team, round 5.
  'selector-read-write-ancestor': refused('62', ':read-write'),
  'selector-has-next-sibling': hidden('62', 'the granted element has no siblings in view, looking forward either'),
  'selector-nth-child-of': refused('62', ':nth-child()'),
  'selector-escaped-attribute': hidden('62', 'the widget\'s element has no ancestor in its view'),
  'root-offset-parent': hidden('62', 'offsetParent stops at the widget\'s element'),
  'root-parent-element': hidden('62', 'the granted element has no parent in view'),
  'root-get-root-node': hidden('62', 'the root of what it sees is its own element'),
  'app-input-form': refused('62', 'element.form'),
  'document-tree-walker': refused('62', 'document.createTreeWalker'),
  'document-element-from-point': refused('62', 'document.elementFromPoint'),
  'taken-node-reclaimed': refused('62', 'a node that is no longer inside the package\'s elements'),
  'taken-app-link-click': refused('64', 'click() on an element it did not create'),
  'cloned-app-link-click': refused('64', 'click() on an element it did not create'),
  'click-inside-app-link': hidden('64', 'a click it makes activates none of the app\'s elements'),
  'click-inside-app-label': hidden('64', 'a click it makes activates none of the app\'s elements'),
  'exec-command-html': refused('realm', 'document.execCommand'),
  'click-inside-given-link': hidden('64', 'a click it makes activates only an element it created'),
  'label-for-app-control': hidden('64', 'the click its label forwards to the app\'s control is cancelled'),
  'img-id-clobbers-app-form': refused('69', 'id on <img>'),
  'legacy-focus-event-reaches-app': hidden('70', 'what focus() sets off stops at the window, before the app', ['chromium']),
  'steal-focus-through-label': refused('70', 'while the app has the focus'),
  'dom-exception-prototype': hidden('50', 'a DOMException thrown in the facade reaches it as its own error'),
  'cover-child-with-app-class': hidden('65', 'the granted element contains its paint, fixed descendants too'),
  'cover-with-app-class': refused('65', "setAttribute('class') on the element the app gave it"),
  'cover-from-inline-root': hidden('65', 'the granted element contains its paint, inline too'),
  'cover-from-badge': hidden('65', 'its element in the app\'s tree contains its paint'),
  'cover-uncontained-root': refused('65', 'style.contain'),
  'style-escaped-url': refused('67', 'background:u\\72l('),
  'html-img-beacon': hidden('67', 'the sanitizer drops the src'),
  'stale-style-handle': refused('65', 'no longer inside the package\'s elements'),
  'stale-context-handle': refused('65', 'no longer inside the package\'s elements'),
  'taken-node-restyled': refused('65', 'style.position on a node it took from the app'),
  'taken-app-canvas-read': refused('68', 'getImageData of pixels it did not draw (dom.readPixels)'),
  'realm-app-frame-in-root': hidden('realm', 'an app frame\'s contentWindow reads as undefined'),
  // Red team, round 6 (src/round6.js): the page changes after the widget acted, or a name the whole page shares.
  'selector-app-fieldset-disabled': hidden('62', ':disabled counts a <fieldset disabled> within the widget\'s elements only'),
  'selector-app-fieldset-enabled': hidden('62', ':enabled counts a <fieldset disabled> within the widget\'s elements only'),
  'late-form-field-joins-app-form': refused('64', 'form="later-form" (names no form of the package\'s'),
  'late-label-for-user-click': hidden('64', 'the user\'s click on its label naming the app\'s button, added since, is cancelled'),
  'late-popovertarget-user-click': hidden('64', 'the user\'s click on its button naming the app\'s menu, added since, is cancelled'),
  'late-commandfor-user-click': hidden('64', 'the user\'s click on its button naming the app\'s dialog, added since, is cancelled', ['chromium', 'firefox']), // WebKitGTK has no command/commandfor
  'anchor-name-in-style': refused('65', 'style anchor-name: --pay-anchor (a name the whole page shares)'),
  'anchor-name-in-stylesheet': hidden('65', 'the anchor name its stylesheet defines is its own'),
  'view-transition-app-name': refused('65', 'style view-transition-name: app-hero (a name the whole page shares)'),
  'view-transition-cover': refused('65', 'style view-transition-name: w6-cover'),
  'read-image-through-pattern': refused('68', 'getImageData of pixels it did not draw (dom.readPixels)'),
  'blob-url-disguised': refused('67', 'src="bl'),
  // Red team, round 7 (src/round7.js): a radio's group is every radio of its name with the same form owner (the
  // widget's controls have none, nor have the app's radios outside a form); the keyboard's order.
  'radio-joins-app-group': refused('64', "name on a radio button"),
  'radio-html-joins-app-group': hidden('64', 'the sanitizer drops the name of a radio button'),
  'radio-type-after-name': refused('64', 'type="RADIO" on an <input> with a name'),
  'radio-spy-app-choice': refused('62', "name on a radio button"),
  'tabindex-first-in-order': refused('70', 'tabindex="1"'),
  'timeline-name-in-style': refused('65', 'style view-timeline-name: --w7-progress (a name the whole page shares)', ['chromium'], ['firefox']), // Firefox has no timeline names
  'timeline-name-in-stylesheet': hidden('65', 'the timeline name its stylesheet defines is its own', ['chromium']),
  // Red team, round 8 (src/round8.js): counters and quotes the page shares, ids the app renders later, the page's
  // selection, caret, scroll position and animations.
  // WebKitGTK drew the app's step as before even in the plain build (its counter not laid out again).
  'counter-increment-in-style': hidden('65', 'the wall has style containment: its counters are scoped to the wall', ['chromium', 'firefox']),
  'counter-increment-in-stylesheet': hidden('65', 'the wall has style containment: its counters are scoped to the wall', ['chromium', 'firefox']),
  'counter-set-in-style': hidden('65', 'the wall has style containment: its counters are scoped to the wall', ['chromium', 'firefox']),
  // WebKitGTK 2.50 does not scope quote depth to a style-contained element: open-quote and its kin are refused in
  // the widget's stylesheets (a build error, css-scope.ts) and style (rules.ts); its own <style>, never grantable.
  'quote-depth-in-stylesheet': refused('65', "document.createElement('style')"),
  'counter-reads-app': hidden('62', 'every counter name its stylesheet uses is its own (css-names.ts): counter(w8-cart) draws its own, 0'),
  'id-before-app-render': hidden('69', 'ids are the widget\'s own namespace (ids.ts): its real id is prefixed, so the app\'s getElementById and <label for> find the app\'s field'),
  'document-selection': refused('62', 'document.getSelection'),
  'window-selection': refused('62', 'getSelection'),
  'caret-from-point': refused('62', 'document.caret'),
  'scroll-page-into-view': refused('65', 'element.scrollIntoView'),
  'animate-app-root': refused('65', 'element.animate'),
  'inert-app-root': refused('65', "setAttribute('inert') on the element the app gave it"),
  // Red team, round 9 (src/round9.js, s13): ways around the widget's id namespace (ids.ts).
  'id-property-before-app': hidden('69', 'the id property is setAttribute: prefixed'),
  'id-html-before-app': hidden('69', 'the sanitizer prefixes ids and id references as setAttribute does'),
  'id-clone-before-app': hidden('69', 'a copy it makes (of the app\'s element too) has its ids in the widget\'s namespace'),
  'id-target-before-app': hidden('69', 'the app\'s #fragment names the app\'s element: :target and the scroll go to it'),
  'id-svg-before-app': hidden('69', 'an SVG element\'s id is prefixed too: the app\'s fill="url(#…)" finds its own gradient'),
};

/** Both page loads of one bundler's builds, once per worker (a worker that restarts after a failure loads them again). */
const loaded = new Map<AttackBuild, Promise<{ plain: AttackPage; confined: AttackPage }>>();
const pages = (page: BrowserPage, build: AttackBuild) => {
  if (!loaded.has(build)) {
    loaded.set(build, (async () => ({ plain: await openAttackApp(page, 'dom', build.plain), confined: await openAttackApp(page, 'dom', build.confined) }))());
  }
  return loaded.get(build)!;
};

for (const build of ATTACK_BUILDS) {
  test.describe(build.bundler, () => {
    // The first test of a worker loads both builds of the attack app, each running its ~100 attacks (some wait for a
    // request that must not come): about 25 s in WebKit on this 2-CPU machine, near the default 30 s.
    test.describe.configure({ timeout: 120_000 });
    test('dom attack app: every attack settles in both builds; an id the widget set leaves the app free to define that global', async ({ browserPage }) => {
      const { plain, confined } = await pages(browserPage, build);
      const semantics = ['clobber-later-define', 'stylesheet-own-elements', 'selector-own-disabled', 'ids-own-namespace'];
      expect(Object.keys(plain.results).filter((id) => !semantics.includes(id)).sort()).toEqual(Object.keys(ATTACKS).sort());
      // Semantics kept: the widget's id (prefixed, so no global) does not stop the app's own `window.APP_LATER = …`.
      expect(confined.results['clobber-later-define']).toMatchObject({ outcome: 'failed', errorName: null, detail: 'mine' });
      // The widget's stylesheet still styles the widget's own elements.
      for (const results of [plain.results, confined.results]) expect(results['stylesheet-own-elements']).toMatchObject({ outcome: 'reached' });
      // Known open (a fixme below): each still works in the plain build.
      for (const [id, how] of Object.entries(ATTACKS)) if (how.open !== undefined) expect(plain.results[id], `${id}: ${plain.results[id]?.detail}`).toMatchObject({ outcome: 'reached' });
      // :disabled and :enabled, walked within the wall, keep their meaning for its own controls.
      for (const results of [plain.results, confined.results]) expect(results['selector-own-disabled']).toMatchObject({ outcome: 'reached' });
      // Its ids, id references, selectors, serialised HTML and stylesheet rules work as written, in its namespace.
      for (const results of [plain.results, confined.results]) expect(results['ids-own-namespace'], results['ids-own-namespace']?.detail).toMatchObject({ outcome: 'reached' });
    });

    for (const [id, how] of Object.entries(ATTACKS)) {
      test(`row ${how.row}: ${id} works in the plain build, stopped under Portcullis`, async ({ browserPage, engine }) => {
        test.fixme(how.open !== undefined || how.openIn?.[engine] !== undefined, `known open: ${how.open ?? how.openIn?.[engine]}`);
        const { plain, confined } = await pages(browserPage, build);
        const before = plain.results[id]!;
        const after = confined.results[id]!;
        if (!how.engines || how.engines.includes(engine)) expect(before, `plain: ${before.detail}`).toMatchObject({ outcome: 'reached' });
        expect(after.outcome, after.detail).toBe('failed');
        if ('api' in how && how.absent?.includes(engine)) expect(after.errorName, after.detail).toBe(null);
        else if ('api' in how) {
          expect(after.errorName).toBe('PortcullisPolicyError');
          expect(after.detail).toContain('package "widget" may not use');
          expect(after.detail).toContain(how.api);
          expect(confined.violations.some((v) => v.package === 'widget' && after.detail.includes(v.api))).toBe(true);
        } else {
          expect(after.errorName === null || after.errorName === 'TypeError', `${how.hidden}: ${after.errorName} ${after.detail}`).toBe(true);
        }
      });
    }
  });
}
