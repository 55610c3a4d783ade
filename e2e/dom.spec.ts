// THREATS.md's DOM rows in three engines. hostile-dom gets a fresh element from the app and tries each path out of
// it. Every attack first works in the plain build (except where the engine lacks the feature), then is stopped in
// the confined build: with a PortcullisPolicyError naming the package and the API, or, where the attenuated DOM
// hides the thing rather than refusing it (a walk up that ends at the granted element), with the attack finding
// nothing, the refusal still recorded. The drawing packages keep doing their jobs in the elements they were given.
import { expect, served, test, type BrowserPage, type Engine } from './harness/fixtures.ts';

interface Row {
  id: string;
  row: string;
  outcome: string | null;
  errorName: string | null;
  text: string;
}

async function open(page: BrowserPage, site: 'plain' | 'confined') {
  await page.goto(served(site, '/'));
  await page.waitFor('body[data-ready="true"]', 30_000);
  return page.evaluate(() => ({
    attacks: Array.from(document.querySelectorAll<HTMLElement>('[data-dom-attack]')).map((el) => ({
      id: el.dataset.domAttack!, row: el.dataset.row!, outcome: el.dataset.outcome ?? null, errorName: el.dataset.errorName ?? null, text: el.textContent ?? '',
    })),
    drawings: Array.from(document.querySelectorAll<HTMLElement>('[data-draw]')).map((el) => `${el.dataset.draw}:${el.dataset.status}`),
    violations: ((globalThis as unknown as { __portcullis__?: { violations(): { package: string; api: string }[] } }).__portcullis__?.violations() ?? [])
      .filter((v) => v.package === 'hostile-dom').map((v) => v.api),
  }));
}

/** Attacks that need a feature only some engines have: in the others they fail even in the plain build. */
const ENGINE_ONLY: Record<string, Engine[]> = { 'original-target': ['firefox'] };

/** How each attack is stopped under Portcullis: the API named in the PortcullisPolicyError, or how it is hidden. */
const STOPPED: Record<string, { api: string } | { hidden: string; violation?: string } | { frozen: true }> = {
  'owner-document-view': { api: 'document.defaultView' },
  'event-view': { hidden: 'event.view throws inside the listener', violation: 'event.view' },
  'composed-path': { hidden: 'composedPath() ends at the granted element' },
  'original-target': { hidden: 'originalTarget throws inside the listener', violation: 'event.originalTarget' },
  'walk-up': { hidden: 'parentNode of the granted element is null' },
  'form-owner': { api: 'element.form' },
  // The package's MutationObserver reports its own wrappers; from there, the same wall as row 1.
  'mutation-records': { api: 'document.defaultView' },
  'custom-elements': { api: 'customElements' },
  'open-shadow-root': { api: 'element.shadowRoot' },
  'native-getter': { hidden: 'the wrappers\' prototypes hold no native getter' },
  'patch-prototype': { frozen: true },
  'getter-shaped-argument': { api: 'href="javascript:' },
  'script-element': { api: "document.createElement('script')" },
  'inner-html-handler': { hidden: 'the sanitizer removed onerror', violation: 'onerror attribute in HTML (removed)' },
  'insert-adjacent-html': { hidden: 'the sanitizer removed onerror', violation: 'onerror attribute in HTML (removed)' },
  'set-html-unsafe': { api: 'setHTMLUnsafe' },
  'contextual-fragment': { api: 'document.createRange' },
  'outer-html': { api: 'outerHTML' },
  'dom-parser': { api: 'DOMParser' },
  'document-write': { api: 'document.write' },
  'on-attribute': { api: "setAttribute('onclick')" },
  'on-property': { api: 'onclick' },
  'javascript-url': { api: 'href="javascript:' },
  'iframe-realm': { api: "document.createElement('iframe')" },
  'object-embed': { api: "document.createElement('object')" },
  'window-open': { api: 'open' },
  'form-target': { api: "setAttribute('target')" },
  'object-url': { api: 'URL' },
  worker: { api: 'Worker' },
  'img-src-foreign': { api: 'src to https://evil.example' },
  srcset: { api: 'srcset to https://evil.example' },
  'style-element': { api: "document.createElement('style')" },
  'css-url': { api: 'style background' },
  ping: { api: 'ping to https://evil.example' },
  'document-cookie': { api: 'document.cookie' },
  'local-storage': { api: 'localStorage' },
  'post-message': { api: 'postMessage' },
  'window-name': { api: 'may not assign name' },
  selection: { api: 'getSelection' },
  'dom-clobbering': { api: 'name="cookie"' },
  'base-element': { api: "document.createElement('base')" },
  'svg-animate-href': { api: 'animate attributeName="href"' },
  nonce: { api: 'element.nonce' },
  'trusted-types': { api: 'trustedTypes' },
  'current-script': { api: 'document.currentScript' },
  'fixed-overlay': { api: 'style position: fixed' },
  'error-events': { api: "addEventListener('error')" },
  'adopt-node': { api: 'document.adoptNode' },
};

let plain: Awaited<ReturnType<typeof open>> | undefined;
let confined: Awaited<ReturnType<typeof open>> | undefined;

test.describe.configure({ mode: 'serial' });

test('plain build: the drawing packages draw, and the DOM attacks get out', async ({ browserPage }) => {
  plain = await open(browserPage, 'plain');
  expect(plain.drawings).toEqual(['canvas-confetti:ok', 'nprogress:ok', 'countup.js:ok']);
  expect(plain.attacks.map((a) => a.id).sort()).toEqual([...Object.keys(STOPPED), 'identity', 'instanceof'].sort());
  expect(plain.attacks.find((a) => a.id === 'instanceof')).toMatchObject({ outcome: 'value', text: 'true true true true' });
});

test('confined build: the drawing packages still draw in the elements they were given', async ({ browserPage }) => {
  confined = await open(browserPage, 'confined');
  expect(confined.drawings).toEqual(['canvas-confetti:ok', 'nprogress:ok', 'countup.js:ok']);
  expect(confined.attacks.find((a) => a.id === 'identity')).toMatchObject({ outcome: 'value', text: 'one node, one identity' });
  // instanceof works against the facade's interfaces.
  expect(confined.attacks.find((a) => a.id === 'instanceof')).toMatchObject({ outcome: 'value', text: 'true true true true' });
});

for (const [id, how] of Object.entries(STOPPED)) {
  test(`THREATS row ${id}: works in a plain build, stopped under Portcullis`, async ({ engine }) => {
    expect(plain && confined, 'the two page loads above ran').toBeTruthy();
    const before = plain!.attacks.find((a) => a.id === id)!;
    const after = confined!.attacks.find((a) => a.id === id)!;
    const onlyIn = ENGINE_ONLY[id];
    if (!onlyIn || onlyIn.includes(engine)) expect(`${before.outcome}: ${before.text}`).toMatch(/^succeeded: /);
    else expect(before.outcome, `${id} needs ${onlyIn.join('/')}`).toBe('blocked');

    expect(after.outcome, after.text).toBe('blocked');
    if ('api' in how) {
      expect(after.errorName).toBe('PortcullisPolicyError');
      expect(after.text).toContain('package "hostile-dom" may not');
      expect(after.text).toContain('PORTCULLIS_POLICY_VIOLATION');
      expect(after.text).toContain(how.api);
    } else if ('frozen' in how) {
      expect(after.errorName).toBe('TypeError');
    } else {
      expect(after.errorName, how.hidden).toBe('AttackFailed');
      if (how.violation && (!onlyIn || id !== 'original-target')) expect(confined!.violations).toContain(how.violation);
    }
  });
}
