// Self-test of the three-engine harness on a small fixture page (e2e/fixtures/smoke). If this fails, no other e2e
// result can be trusted: it checks each BrowserPage method and that the CSP header the servers send is enforced.
import { expect, served, test } from './harness/fixtures.ts';

test('reads text and attributes, clicks, evaluates', async ({ browserPage }) => {
  await browserPage.goto(served('fixtures', '/smoke/index.html'));
  expect(await browserPage.text('#title')).toBe('Portcullis harness smoke');
  expect(await browserPage.attr('#link', 'data-kind')).toBe('fixture');
  expect(await browserPage.attr('#link', 'href')).toBe('/elsewhere.html');
  expect(await browserPage.attr('#link', 'missing')).toBeNull();

  await browserPage.click('#inc');
  await browserPage.click('#inc');
  expect(await browserPage.text('#count')).toBe('2');

  expect(await browserPage.evaluate(() => document.title)).toBe('harness smoke');
  expect(await browserPage.evaluate((n: number) => Promise.resolve(n * 2), 21)).toBe(42);
  expect(await browserPage.evaluate(({ a, b }: { a: string; b: number[] }) => ({ a, sum: b[0]! + b[1]! }), { a: 'x', b: [1, 2] }))
    .toEqual({ a: 'x', sum: 3 });
  expect(await browserPage.evaluate('1 + 2')).toBe(3);
  expect(await browserPage.evaluate(() => undefined)).toBeUndefined();
  await expect(browserPage.evaluate(() => { throw new Error('thrown in page'); })).rejects.toThrow('thrown in page');
  expect(await browserPage.url()).toBe(served('fixtures', '/smoke/index.html'));
});

test('waits for a selector and for a predicate, fails on a missing element', async ({ browserPage }) => {
  await browserPage.goto(served('fixtures', '/smoke/index.html'));
  await browserPage.waitFor('#late', 3_000);
  expect(await browserPage.text('#late')).toBe('arrived late');
  await browserPage.click('#inc');
  await browserPage.waitFor(() => document.querySelector('#count')?.textContent === '1', 3_000);
  await expect(browserPage.waitFor('#never', 300)).rejects.toThrow();
  await expect(browserPage.waitFor(() => false, 300)).rejects.toThrow('not true within 300 ms');
});

test('captures script errors, not the browser CSP and network reports', async ({ browserPage }) => {
  // Under the CSP, probe.js's eval attempts are violations that Firefox and WebKit report; a 404 is one Chromium
  // reports. Neither is a script error, so consoleErrors() stays empty in every engine until the page throws.
  await browserPage.goto(served('fixtures-csp', '/smoke/index.html'));
  expect(await browserPage.evaluate(() => fetch('/missing.js').then((response) => response.status))).toBe(404);
  expect(await browserPage.consoleErrors()).toEqual([]);

  await browserPage.click('#log-error');
  await browserPage.click('#throw');
  await browserPage.waitFor(() => true);
  const errors = await browserPage.consoleErrors();
  expect(errors).toContain('smoke: deliberate uncaught error');
  if (browserPage.logCapture === 'full') {
    expect(errors).toContain('smoke: deliberate console error');
    expect((await browserPage.logs()).map((entry) => entry.text)).toContain('smoke: app loaded');
  }
});

test('takes a screenshot', async ({ browserPage }, testInfo) => {
  await browserPage.goto(served('fixtures', '/smoke/index.html'));
  const file = testInfo.outputPath('smoke.png');
  await browserPage.screenshot(file);
  const { readFile } = await import('node:fs/promises');
  const png = await readFile(file);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.length).toBeGreaterThan(1000);
});

test.describe('CSP header', () => {
  test('page scripts may eval without the header', async ({ browserPage }) => {
    await browserPage.goto(served('fixtures', '/smoke/index.html'));
    expect(await browserPage.text('#eval')).toBe('allowed:42');
    expect(await browserPage.text('#function')).toBe('allowed:42');
  });

  test('page scripts may not eval with the header', async ({ browserPage }) => {
    await browserPage.goto(served('fixtures-csp', '/smoke/index.html'));
    // The page still runs its own (external) scripts: the policy blocks string-to-code only.
    await browserPage.click('#inc');
    expect(await browserPage.text('#count')).toBe('1');
    expect(await browserPage.text('#eval')).toBe('blocked:EvalError');
    expect(await browserPage.text('#function')).toBe('blocked:EvalError');
  });

  // Documents an engine difference every spec author must know: evaluate() is privileged in Chromium and Firefox.
  test('evaluate() runs outside the page CSP except in WebKit', async ({ browserPage }) => {
    await browserPage.goto(served('fixtures-csp', '/smoke/index.html'));
    const outcome = await browserPage.evaluate(() => {
      try {
        return String((0, eval)('6 * 7'));
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(outcome).toBe(browserPage.engine === 'webkit' ? 'EvalError' : '42');
  });
});

test('drives a page after SES lockdown, under the CSP', async ({ browserPage }) => {
  await browserPage.goto(served('fixtures-csp', '/smoke/lockdown.html'));
  await browserPage.waitFor(() => document.querySelector('#locked')?.textContent !== 'pending');
  expect(await browserPage.text('#locked')).toBe('frozen');
  const probe = () => [typeof (globalThis as { harden?: unknown }).harden, Object.isFrozen(Array.prototype)];
  expect(await browserPage.evaluate(probe)).toEqual(['function', true]);
  await browserPage.click('#inc');
  expect(await browserPage.text('#count')).toBe('1');
});

test('has a 1280×720 viewport', async ({ browserPage }) => {
  await browserPage.goto(served('fixtures', '/smoke/index.html'));
  expect(await browserPage.evaluate(() => [innerWidth, innerHeight])).toEqual([1280, 720]);
});
