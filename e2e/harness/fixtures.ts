// The engine-neutral e2e fixture. Specs import { test, expect } from here and use `browserPage`; the project's `engine`
// option decides whether it is backed by Playwright (chromium, firefox) or by WebKitWebDriver (webkit).
//
// Browsers are launched here rather than through Playwright's `browser` fixture because Playwright would look for its
// own downloaded builds (absent here) and, in the webkit project, for its patched WebKit, which Debian's WebKitGTK is not.
import { test as base, chromium, firefox, type Browser } from '@playwright/test';
import type { BrowserPage } from './browser-page.ts';
import { chromiumLaunchOptions, firefoxLaunchOptions, type Engine } from './engines.ts';
import { PlaywrightBrowserPage } from './playwright-page.ts';
import { startWebKitDriver } from './webkit-driver.ts';
import { WebKitBrowserPage } from './webkit-page.ts';

export { expect } from '@playwright/test';
export type { BrowserPage, LogEntry } from './browser-page.ts';
export type { Engine } from './engines.ts';
export { served, isServed, type Site } from './sites.ts';

/** Per worker: a launched Playwright browser, or the URL of this worker's own WebKitWebDriver. */
type EngineRuntime = { kind: 'playwright'; browser: Browser } | { kind: 'webdriver'; url: string };

interface WorkerFixtures {
  /** Which engine the project runs; set per project in playwright.config.ts. */
  engine: Engine;
  engineRuntime: EngineRuntime;
}

interface TestFixtures {
  browserPage: BrowserPage;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  engine: ['chromium', { scope: 'worker', option: true }],

  engineRuntime: [
    async ({ engine }, use, workerInfo) => {
      if (engine === 'webkit') {
        const driver = await startWebKitDriver(workerInfo.parallelIndex);
        try {
          await use({ kind: 'webdriver', url: driver.url });
        } finally {
          await driver.stop();
        }
        return;
      }
      const browser =
        engine === 'chromium' ? await chromium.launch(chromiumLaunchOptions()) : await firefox.launch(firefoxLaunchOptions());
      try {
        await use({ kind: 'playwright', browser });
      } finally {
        await browser.close();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  // Playwright's own `browser` (and so `context`, `page`) is rebased on the browser launched above: a chromium- or
  // firefox-only spec may still use the full Playwright API, and in the webkit project it fails with a clear message
  // instead of trying to launch Playwright's WebKit.
  browser: [
    async ({ engineRuntime }, use) => {
      if (engineRuntime.kind !== 'playwright') {
        throw new Error(
          "Playwright's browser/context/page fixtures do not exist in the webkit project (WebKitGTK is driven through " +
            'WebDriver); use the engine-neutral `browserPage` fixture.',
        );
      }
      await use(engineRuntime.browser);
    },
    { scope: 'worker' },
  ],

  browserPage: async ({ engine, engineRuntime }, use, testInfo) => {
    let browserPage: BrowserPage;
    let close: () => Promise<void>;
    if (engineRuntime.kind === 'webdriver') {
      // A fresh WebDriver session (a fresh MiniBrowser) per test: no state leaks from one test into the next.
      const webkitPage = await WebKitBrowserPage.open(engineRuntime.url);
      browserPage = webkitPage;
      close = () => webkitPage.close();
    } else {
      const context = await engineRuntime.browser.newContext({ viewport: { width: 1280, height: 720 } });
      browserPage = new PlaywrightBrowserPage(engine, await context.newPage());
      close = () => context.close();
    }
    try {
      await use(browserPage);
      if (testInfo.status !== testInfo.expectedStatus) await attachFailureArtifacts(browserPage, testInfo);
    } finally {
      await close();
    }
  },
});

/** The same evidence in every engine, since Playwright's own trace and screenshot options do not apply to WebKitGTK. */
async function attachFailureArtifacts(browserPage: BrowserPage, testInfo: import('@playwright/test').TestInfo) {
  const file = testInfo.outputPath('failure.png');
  try {
    await browserPage.screenshot(file);
    await testInfo.attach('screenshot', { path: file, contentType: 'image/png' });
  } catch {
    // The page may be what failed; the logs below still help.
  }
  try {
    const logs = JSON.stringify(await browserPage.logs(), null, 2);
    await testInfo.attach('page-logs', { body: logs, contentType: 'application/json' });
  } catch {
    // Same as above.
  }
}
