// `vite` (the dev server) on the playground, in three engines: the same enforcement as the build (the runtime script
// first, every attack stopped), the overlay listing every violation with its package, API, module and line, count and
// policy snippet, replayed across reloads, dismissable, under Vite's own error overlay; a policy edit reloads the page
// under the new policy; HMR of the app's own code keeps working under lockdown; report mode allows and lists.
//
// Each engine has its own enforce-mode dev server (see harness/dev-servers.ts): the tests here edit its override file,
// and run in order (serial) so that within an engine nothing else watches that server while they do.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devLog, devOverrideFile, devWorkDir, type DevSite } from './harness/dev-servers.ts';
import { expect, served, test, type BrowserPage, type Engine } from './harness/fixtures.ts';

test.describe.configure({ mode: 'serial' });

test.afterEach(async ({ engine }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('vite-dev-server-log', { body: devLog(site(engine)), contentType: 'text/plain' });
});

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const site = (engine: Engine): DevSite => `dev-${engine}`;
const CLASSIC = ['hostile-fetch', 'hostile-storage', 'hostile-eval', 'hostile-alias', 'hostile-import'];

interface OverlayRow {
  package: string;
  api: string;
  kind: string;
  module: string;
  line: number | null;
  count: number;
  snippet: string | null;
  outcome: string;
}

interface OverlayView {
  state: string | null;
  summary: string;
  footer: string;
  panelHidden: boolean;
  badgeHidden: boolean;
  rows: OverlayRow[];
}

/** The overlay as a user sees it, read from its shadow root. */
function overlay(page: BrowserPage): Promise<OverlayView | null> {
  return page.evaluate(() => {
    const host = document.querySelector('portcullis-overlay');
    const root = host?.shadowRoot;
    if (!host || !root) return null;
    return {
      state: host.getAttribute('data-state'),
      summary: root.querySelector('.summary')?.textContent ?? '',
      footer: root.querySelector('footer')?.textContent ?? '',
      panelHidden: (root.querySelector('.panel') as HTMLElement).hidden,
      badgeHidden: (root.querySelector('.badge') as HTMLElement).hidden,
      rows: Array.from(root.querySelectorAll<HTMLElement>('li.entry')).map((li) => ({
        package: li.dataset.package!,
        api: li.dataset.api!,
        kind: li.dataset.kind!,
        module: li.dataset.module!,
        line: li.dataset.line ? Number(li.dataset.line) : null,
        count: Number(li.dataset.count),
        snippet: li.querySelector('.snippet')?.textContent ?? null,
        outcome: li.querySelector('.outcome')?.textContent ?? '',
      })),
    };
  });
}

/** Clicks a button inside the overlay's shadow root (WebDriver's own click cannot reach into one). */
async function press(page: BrowserPage, button: 'clear' | 'close' | 'badge'): Promise<void> {
  await page.evaluate((selector: string) => {
    (document.querySelector('portcullis-overlay')?.shadowRoot?.querySelector(selector) as HTMLElement).click();
  }, `button.${button}`);
}

async function open(page: BrowserPage, url: string): Promise<void> {
  await page.goto(url);
  await page.waitFor('body[data-ready="true"]', 60_000);
}

/** Waits until the overlay lists every violation the runtime recorded for the classic hostile packages, with lines. */
async function settled(page: BrowserPage): Promise<void> {
  await page.waitFor(() => {
    const registry = (globalThis as unknown as { __portcullis__?: { violations(): { package: string; api: string; kind: string; count: number }[] } }).__portcullis__;
    const root = document.querySelector('portcullis-overlay')?.shadowRoot;
    if (!registry || !root || document.body.dataset.ready !== 'true') return false;
    const classic = ['hostile-fetch', 'hostile-storage', 'hostile-eval', 'hostile-alias', 'hostile-import'];
    const sum = (pairs: [string, number][]) => {
      const totals = new Map<string, number>();
      for (const [key, n] of pairs) totals.set(key, (totals.get(key) ?? 0) + n);
      return totals;
    };
    const recorded = sum(registry.violations().filter((v) => classic.includes(v.package)).map((v) => [`${v.package} ${v.api} ${v.kind}`, v.count]));
    const shown = sum(Array.from(root.querySelectorAll<HTMLElement>('li.entry')).map((li) => [`${li.dataset.package} ${li.dataset.api} ${li.dataset.kind}`, Number(li.dataset.count)]));
    // Lines come a moment later (the server reads the source map): wait for them too.
    const located = Array.from(root.querySelectorAll<HTMLElement>('li.entry')).every((li) => !classic.includes(li.dataset.package!) || li.dataset.kind === 'import' || li.dataset.line);
    // At least: the server's counts also hold earlier page loads (since the last Clear).
    return recorded.size >= 10 && [...recorded].every(([key, n]) => (shown.get(key) ?? 0) >= n) && located;
  }, 15_000);
}

/** The lines of a hostile package's source that name `api` (the overlay shows the first place the page hit it). */
function linesNaming(pkg: string, api: string): number[] {
  const lines = readFileSync(path.join(ROOT, 'playground/hostile', pkg, 'index.js'), 'utf8').split('\n');
  return lines.flatMap((line, i) => (new RegExp(`\\b${api}\\b`).test(line.replace(/\/\/.*$/, '')) ? [i + 1] : []));
}

/** The runtime's own counts, by package, API and kind. */
const recordedCounts = (page: BrowserPage) =>
  page.evaluate(() => {
    const registry = (globalThis as unknown as { __portcullis__: { violations(): { package: string; api: string; kind: string; count: number }[] } }).__portcullis__;
    const counts: Record<string, number> = {};
    for (const v of registry.violations()) counts[`${v.package} ${v.api} ${v.kind}`] = (counts[`${v.package} ${v.api} ${v.kind}`] ?? 0) + v.count;
    return counts;
  });

const attackOutcomes = (page: BrowserPage) =>
  page.evaluate(() =>
    Object.fromEntries(Array.from(document.querySelectorAll<HTMLElement>('#attacks > li[data-attack]')).map((li) => [li.dataset.attack!, `${li.dataset.outcome} ${li.dataset.errorName ?? ''}`.trim()])),
  );

test('enforce: the runtime runs first, every attack is stopped, and the overlay lists each violation with its line, count and snippet', async ({ browserPage, engine }, testInfo) => {
  test.setTimeout(120_000);
  const url = served(site(engine), '/');
  await open(browserPage, url);
  // A clean list, then one page load: the overlay's counts must equal the runtime's.
  await press(browserPage, 'clear');
  // (The DOM attacks' timers may add to the list again at any moment: wait for the page-load ones to be gone.)
  await browserPage.waitFor(() => !document.querySelector('portcullis-overlay')?.shadowRoot?.querySelector('li[data-package="hostile-fetch"]'), 10_000);
  await open(browserPage, url);
  await settled(browserPage);

  expect(await browserPage.evaluate(() => document.head.firstElementChild?.getAttribute('src'))).toBe('/@portcullis/runtime.js');
  const outcomes = await attackOutcomes(browserPage);
  for (const id of ['fetch', 'xhr', 'beacon', 'cookie', 'local-storage', 'function-ctor', 'indirect-eval', 'globalThis-alias', 'window-alias', 'self-computed', 'reflect-get', 'dynamic-import', 'dynamic-import-blob']) {
    expect(`${id}: ${outcomes[id]}`).toBe(`${id}: blocked PortcullisPolicyError`);
  }

  const view = (await overlay(browserPage))!;
  expect(view.state).toBe('open');
  expect(view.summary).toMatch(/^\d+ violations · blocked \(enforce mode\)$/);
  expect(view.footer).toContain(`${path.relative(path.join(ROOT, 'playground'), devOverrideFile(site(engine)))}`);
  const row = (pkg: string, api: string) => view.rows.find((r) => r.package === pkg && r.api === api);
  const counts = await recordedCounts(browserPage);
  const expected: [string, string, string][] = [
    ['hostile-fetch', 'fetch', 'read'],
    ['hostile-fetch', 'XMLHttpRequest', 'read'],
    ['hostile-storage', 'document', 'read'],
    ['hostile-storage', 'localStorage', 'read'],
    ['hostile-eval', 'Function', 'call'],
    ['hostile-alias', 'fetch', 'read'],
    ['hostile-import', 'Blob', 'read'],
  ];
  for (const [pkg, api, kind] of expected) {
    const shown = row(pkg, api);
    expect(shown, `${pkg} ${api}`).toEqual({
      package: pkg,
      api,
      kind,
      module: `hostile/${pkg}/index.js`,
      line: expect.any(Number),
      count: counts[`${pkg} ${api} ${kind}`],
      snippet: JSON.stringify({ resources: { [pkg]: { globals: { [api]: true } } } }),
      outcome: 'blocked',
    });
    // The line of the original file (through the dev server's source map), where the package names the API.
    expect(linesNaming(pkg, api), `${pkg} ${api} line`).toContain(shown!.line);
  }
  // hostile-alias reaches fetch twice per page load (globalThis.fetch and self['fe' + 'tch']): one row, counted twice.
  expect(row('hostile-alias', 'fetch')!.count).toBeGreaterThanOrEqual(2);
  // A computed import() can never be granted: no snippet to paste.
  expect(view.rows.find((r) => r.package === 'hostile-import' && r.kind === 'import')?.snippet).toBeNull();

  // Copy: to the clipboard where the browser allows it, else the snippet is selected for Ctrl+C.
  const label = await browserPage.evaluate(async () => {
    const li = document.querySelector('portcullis-overlay')!.shadowRoot!.querySelector('li[data-package="hostile-fetch"][data-api="fetch"]')!;
    (li.querySelector('button.copy') as HTMLElement).click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return li.querySelector('button.copy')!.textContent;
  });
  expect(['Copied', 'Selected']).toContain(label);

  const shot = testInfo.outputPath(`overlay-${engine}.png`);
  await browserPage.screenshot(shot);
  await testInfo.attach(`overlay-${engine}`, { path: shot, contentType: 'image/png' });
});

test('the list survives reloads (replayed by the server), counts add up, the terminal says each once, and Dismiss lasts until something new', async ({ browserPage, engine }) => {
  const url = served(site(engine), '/');
  await open(browserPage, url);
  const before = (await overlay(browserPage))!;
  const fetchCount = () => before.rows.find((r) => r.package === 'hostile-fetch' && r.api === 'fetch')!.count;
  const logged = () => devLog(site(engine)).split('\n').filter((l) => l.includes('"hostile-fetch" may not use fetch (')).length;
  const printedBefore = logged();
  expect(printedBefore).toBeGreaterThan(0);

  await open(browserPage, url);
  await browserPage.waitFor(() => {
    const li = document.querySelector('portcullis-overlay')?.shadowRoot?.querySelector<HTMLElement>('li[data-package="hostile-fetch"][data-api="fetch"]');
    return li !== null && li !== undefined && Number(li.dataset.count) >= 2;
  }, 10_000);
  const after = (await overlay(browserPage))!;
  expect(after.rows.find((r) => r.package === 'hostile-fetch' && r.api === 'fetch')!.count).toBe(fetchCount() + 1);
  expect(after.rows.length).toBeGreaterThanOrEqual(before.rows.length);
  expect(logged()).toBe(printedBefore);

  await press(browserPage, 'close');
  let view = (await overlay(browserPage))!;
  expect([view.state, view.panelHidden, view.badgeHidden]).toEqual(['dismissed', true, false]);
  await open(browserPage, url);
  await settled(browserPage);
  view = (await overlay(browserPage))!;
  expect(view.state).toBe('dismissed');
  await press(browserPage, 'badge');
  view = (await overlay(browserPage))!;
  expect([view.state, view.panelHidden]).toEqual(['open', false]);
});

test("the overlay stays under Vite's own error overlay, and leaves most of the page visible", async ({ browserPage, engine }) => {
  await open(browserPage, served(site(engine), '/'));
  await browserPage.waitFor(() => document.querySelector('portcullis-overlay')?.getAttribute('data-state') === 'open', 10_000);
  const result = await browserPage.evaluate(() => {
    const ours = document.querySelector('portcullis-overlay')!;
    const box = ours.getBoundingClientRect();
    const ErrorOverlay = customElements.get('vite-error-overlay');
    if (!ErrorOverlay) return { hit: 'no vite-error-overlay element', area: 0 };
    const viteOverlay = new ErrorOverlay({ message: 'an error from the e2e test', stack: '' });
    document.body.appendChild(viteOverlay);
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)?.tagName.toLowerCase();
    viteOverlay.remove();
    return { hit, area: (box.width * box.height) / (innerWidth * innerHeight) };
  });
  expect(result.hit).toBe('vite-error-overlay');
  expect(result.area).toBeLessThan(0.5);
});

test('editing the policy override file reloads the page under the new policy', async ({ browserPage, engine }) => {
  const url = served(site(engine), '/');
  const file = devOverrideFile(site(engine));
  await open(browserPage, url);
  const reloaded = async () => {
    await browserPage.waitFor(() => !(window as unknown as { __beforeEdit?: boolean }).__beforeEdit && document.body.dataset.ready === 'true', 30_000);
  };
  const mark = () => browserPage.evaluate(() => void ((window as unknown as { __beforeEdit?: boolean }).__beforeEdit = true));
  await mark();
  // "origin": the app's own localStorage (a `true` grant would be the package's own store, without the app's token).
  writeFileSync(file, JSON.stringify({ resources: { 'hostile-storage': { globals: { localStorage: 'origin' } } } }, null, 2));
  try {
    await reloaded();
    const outcomes = await attackOutcomes(browserPage);
    expect(outcomes['local-storage']).toBe('succeeded');
    expect(await browserPage.text('#attacks > li[data-attack="local-storage"]')).toBe('localStorage.token → tok-s3cret');
    expect(outcomes.cookie).toBe('blocked PortcullisPolicyError');
    await settled(browserPage);
    const rows = (await overlay(browserPage))!.rows.map((r) => `${r.package} ${r.api}`);
    expect(rows).not.toContain('hostile-storage localStorage');
    expect(rows).toContain('hostile-storage document');
    expect(devLog(site(engine))).toMatch(/portcullis\.policy-override\.json changed: reloading the page under the new policy \(1 violation is now allowed\)/);
  } finally {
    await mark().catch(() => {});
    rmSync(file, { force: true });
  }
  await reloaded();
  expect((await attackOutcomes(browserPage))['local-storage']).toBe('blocked PortcullisPolicyError');
});

test("HMR of the app's own code keeps working under lockdown", async ({ browserPage, engine }) => {
  const dir = devWorkDir(site(engine));
  const file = path.join(dir, 'hmr-probe.js');
  const source = (n: number) =>
    `export const value = ${n};\ndocument.body.dataset.hmr = String(value);\nif (import.meta.hot) import.meta.hot.accept();\n`;
  writeFileSync(file, source(1));
  try {
    await open(browserPage, served(site(engine), '/'));
    const probe = `/${path.relative(path.join(ROOT, 'playground'), file)}`;
    // Loaded as a module script (not by an import() in evaluate: lockdown's safe eval refuses import expressions).
    await browserPage.evaluate((url: string) => {
      (window as unknown as { __beforeHmr?: boolean }).__beforeHmr = true;
      const script = document.createElement('script');
      script.type = 'module';
      script.src = url;
      document.head.append(script);
    }, probe);
    await browserPage.waitFor(() => document.body.dataset.hmr === '1', 10_000);
    writeFileSync(file, source(2));
    await browserPage.waitFor(() => document.body.dataset.hmr === '2', 15_000);
    // Updated in place: no full reload, and the intrinsics are still frozen.
    expect(await browserPage.evaluate(() => [(window as unknown as { __beforeHmr?: boolean }).__beforeHmr, Object.isFrozen(Array.prototype)])).toEqual([true, true]);
  } finally {
    rmSync(file, { force: true });
  }
});

test('report mode: the attacks succeed, and every one is listed as allowed', async ({ browserPage }) => {
  await open(browserPage, served('dev-report', '/'));
  const outcomes = await attackOutcomes(browserPage);
  for (const id of ['fetch', 'xhr', 'cookie', 'local-storage', 'globalThis-alias', 'window-alias', 'reflect-get']) {
    expect(`${id}: ${outcomes[id]}`).toBe(`${id}: succeeded`);
  }
  await browserPage.waitFor(() => {
    const root = document.querySelector('portcullis-overlay')?.shadowRoot;
    const listed = new Set(Array.from(root?.querySelectorAll<HTMLElement>('li.entry') ?? []).map((li) => `${li.dataset.package} ${li.dataset.api}`));
    return ['hostile-fetch fetch', 'hostile-fetch XMLHttpRequest', 'hostile-storage document', 'hostile-storage localStorage', 'hostile-alias fetch'].every((k) => listed.has(k));
  }, 15_000);
  const view = (await overlay(browserPage))!;
  expect(view.summary).toMatch(/allowed and reported \(report mode\)$/);
  expect(view.rows.filter((r) => CLASSIC.includes(r.package)).every((r) => r.outcome === 'allowed')).toBe(true);
});
