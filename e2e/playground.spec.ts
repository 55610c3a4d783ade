// The playground in three engines: every attack first succeeds in the plain build (no Portcullis, no CSP), then the
// confined build (Portcullis, strict CSP) stops each one with the named error, while the real packages do their jobs.
import { expect, served, test, type BrowserPage } from './harness/fixtures.ts';

interface Row {
  id: string;
  outcome: string | null;
  errorName: string | null;
  text: string;
}

async function rows(page: BrowserPage, kind: 'pkg' | 'attack'): Promise<Row[]> {
  return page.evaluate((attr: string) => {
    return Array.from(document.querySelectorAll(`[data-${attr}]`)).map((el) => {
      const e = el as HTMLElement;
      return { id: e.getAttribute(`data-${attr}`)!, outcome: e.dataset.outcome ?? e.dataset.status ?? null, errorName: e.dataset.errorName ?? null, text: e.textContent ?? '' };
    });
  }, kind);
}

async function open(page: BrowserPage, site: 'plain' | 'confined'): Promise<{ packages: Row[]; attacks: Row[] }> {
  await page.goto(served(site, '/'));
  await page.waitFor('body[data-ready="true"]', 20_000);
  return { packages: await rows(page, 'pkg'), attacks: await rows(page, 'attack') };
}

const PACKAGES = ['nanoid', 'dayjs', 'lodash-es', 'date-fns', 'ky', 'idb-keyval', 'mitt', 'clsx', 'marked', 'qs'];

/** What each attack must run into under Portcullis: the package and API named in a PortcullisPolicyError. */
const STOPPED: Record<string, { name: string; message?: RegExp; fix?: RegExp }> = {
  fetch: { name: 'PortcullisPolicyError', message: /"hostile-fetch" may not use fetch/ },
  xhr: { name: 'PortcullisPolicyError', message: /"hostile-fetch" may not use XMLHttpRequest/ },
  beacon: { name: 'PortcullisPolicyError', message: /"hostile-fetch" may not use navigator/ },
  cookie: { name: 'PortcullisPolicyError', message: /"hostile-storage" may not use document/ },
  'local-storage': { name: 'PortcullisPolicyError', message: /"hostile-storage" may not use localStorage/ },
  // Top-level code of a module runs confined too: the runtime ran first (row 47).
  'import-time': { name: 'PortcullisPolicyError', message: /"hostile-storage" may not use document/ },
  // The compartments' shared Error ignores V8's stack hook: the stack stays a string, no call site leaks (row 14).
  'stack-trace': { name: 'AttackFailed' },
  'top-alias': { name: 'PortcullisPolicyError', message: /"hostile-alias" may not use top/ },
  'function-ctor': { name: 'PortcullisPolicyError', message: /"hostile-eval" may not use Function \(in hostile\/hostile-eval\/index\.js\)/ },
  'indirect-eval': { name: 'PortcullisPolicyError', message: /"hostile-eval" may not use eval/ },
  // Reached without naming Function: the CSP refuses it (SES leaves the constructor alone when eval already throws).
  'constructor-constructor': { name: 'EvalError' },
  'globalThis-alias': { name: 'PortcullisPolicyError', message: /"hostile-alias" may not use fetch/ },
  'window-alias': { name: 'PortcullisPolicyError', message: /"hostile-alias" may not use localStorage/ },
  'self-computed': { name: 'PortcullisPolicyError', message: /"hostile-alias" may not use fetch/ },
  'reflect-get': { name: 'PortcullisPolicyError', message: /"hostile-alias" may not use document/ },
  // lockdown() froze the shared intrinsics: the engine's own TypeError.
  'array-prototype': { name: 'TypeError' },
  'object-prototype': { name: 'TypeError' },
  'dynamic-import': { name: 'PortcullisPolicyError', message: /"hostile-import" may not import import\("data:text\/javascript/, fix: /no grant allows a computed import\(\)/ },
  'dynamic-import-blob': { name: 'PortcullisPolicyError', message: /"hostile-import" may not use Blob/ },
};

test('plain build: the real packages work and every attack succeeds', async ({ browserPage }) => {
  const { packages, attacks } = await open(browserPage, 'plain');
  expect(packages.map((p) => `${p.id}:${p.outcome}`)).toEqual(PACKAGES.map((id) => `${id}:ok`));
  for (const id of Object.keys(STOPPED)) {
    const row = attacks.find((a) => a.id === id);
    expect(row, id).toBeDefined();
    // V8's structured stack traces exist in Chromium only: elsewhere the attack has nothing to use, even in plain.
    if (id === 'stack-trace' && browserPage.engine !== 'chromium') expect(row!.outcome).toBe('blocked');
    else expect(`${id}: ${row!.outcome} ${row!.text}`).toMatch(new RegExp(`^${id}: succeeded `));
  }
  expect(attacks.find((a) => a.id === 'typeof-probe')?.text).toBe('function');
});

test('confined build under a strict CSP: the real packages work and every attack is stopped', async ({ browserPage }) => {
  const { packages, attacks } = await open(browserPage, 'confined');
  expect(packages.map((p) => `${p.id}:${p.outcome}${p.outcome === 'ok' ? '' : ` ${p.text}`}`)).toEqual(PACKAGES.map((id) => `${id}:ok`));
  const expectedTexts: Record<string, RegExp> = {
    dayjs: /→ Friday 28 February 2025, 10:30$/,
    'date-fns': /dimanche 14 juillet 2024$/,
    ky: /hello from data\.json \(answer 42\)$/,
    qs: /⇄ \{"a":\["1","2"\],"b":\{"c":"d e"\}\}$/,
  };
  for (const [id, text] of Object.entries(expectedTexts)) expect(packages.find((p) => p.id === id)?.text).toMatch(text);
  expect(packages.find((p) => p.id === 'nanoid')?.text).toMatch(/^[A-Za-z0-9_-]{21}$/);

  for (const [id, expected] of Object.entries(STOPPED)) {
    const row = attacks.find((a) => a.id === id)!;
    expect(`${id}: ${row.outcome} ${row.errorName}`).toBe(`${id}: blocked ${expected.name}`);
    if (expected.message) {
      expect(row.text).toMatch(expected.message);
      // The fix: a snippet for the override file, or why no grant can allow it.
      expect(row.text).toMatch(expected.fix ?? /If it should, add to portcullis\.policy-override\.json: \{"resources"/);
    }
  }
  // Feature detection keeps working: a denied global is simply absent.
  expect(attacks.find((a) => a.id === 'typeof-probe')?.text).toBe('undefined');
});

test('confined build: the runtime ran first and recorded every violation, even the ones the packages caught', async ({ browserPage }) => {
  await open(browserPage, 'confined');
  const state = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__?: { violations(): { package: string; api: string }[] } }).__portcullis__;
    return {
      frozen: Object.isFrozen(Array.prototype),
      violations: registry ? registry.violations().map((v) => `${v.package} ${v.api}`) : ['(no registry)'],
      script: document.head.firstElementChild?.getAttribute('src') ?? '',
    };
  });
  expect(state.frozen).toBe(true);
  expect(state.script).toMatch(/^\/assets\/portcullis-runtime-[0-9a-f]{8}\.js$/);
  expect(state.violations).toEqual(expect.arrayContaining(['hostile-fetch fetch', 'hostile-storage document', 'hostile-eval Function', 'hostile-alias localStorage']));
});
