// BrowserPage over a selenium-webdriver session with WebKitGTK's MiniBrowser, for the webkit project.
//
// Finding, clicking and text() go through WebDriver's own commands, which WebKit runs in its automation script world:
// a hostile package that patches Node.prototype in the page cannot fake what they see. attr() and evaluate() are
// Execute Script, which by spec runs in the page's main world (Playwright's evaluate does too).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Builder, By, until, type WebDriver, type WebElement } from 'selenium-webdriver';
import { webkitCapabilities } from './engines.ts';
import {
  DEFAULT_WAIT_MS,
  errorTexts,
  poll,
  toSource,
  type BrowserPage,
  type LogEntry,
  type PageFunction,
} from './browser-page.ts';

// WebKitWebDriver has neither a log endpoint nor BiDi, and MiniBrowser ignores its console-to-stdout setting in
// automation mode, so the best available is listeners added right after each navigation (see logCapture).
const LOG_KEY = '__portcullisE2ELog';
const INSTALL_RECORDER = `
  if (!Object.prototype.hasOwnProperty.call(window, '${LOG_KEY}')) {
    const log = [];
    Object.defineProperty(window, '${LOG_KEY}', { value: log, configurable: true });
    const describe = (value) => (value instanceof Error ? value.message : String(value));
    addEventListener('error', (e) => log.push({ kind: 'pageerror', level: 'error',
      text: e.error != null ? describe(e.error) : e.message, url: e.filename }));
    addEventListener('unhandledrejection', (e) => log.push({ kind: 'pageerror', level: 'error',
      text: describe(e.reason) }));
    addEventListener('securitypolicyviolation', (e) => log.push({ kind: 'csp', level: 'error',
      text: 'CSP ' + e.effectiveDirective + ' blocked ' + e.blockedURI, url: e.sourceFile }));
  }`;
const VIEWPORT = { width: 1280, height: 720 };
const HARVEST = `const log = window['${LOG_KEY}']; return log ? log.splice(0) : [];`;

export class WebKitBrowserPage implements BrowserPage {
  readonly engine = 'webkit';
  readonly logCapture = 'after-load';
  readonly #entries: LogEntry[] = [];

  private constructor(private readonly driver: WebDriver) {}

  /** Opens a new WebDriver session (a fresh MiniBrowser) on the given WebKitWebDriver. */
  /**
   * A new WebDriver session. WebKitGTK's driver now and then never answers a new session (seen twice in a few thousand,
   * in the DOM attack spec's long run): such an attempt is abandoned after 40 s and made once more.
   */
  static async open(driverUrl: string): Promise<WebKitBrowserPage> {
    for (let attempt = 1; ; attempt++) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('WebKitWebDriver did not open a session within 40 s')), 40_000);
      });
      const opening = WebKitBrowserPage.#open(driverUrl);
      try {
        return await Promise.race([opening, stalled]);
      } catch (error) {
        opening.then((late) => late.close(), () => {}); // a session that opens after all is closed again
        if (attempt >= 2) throw error;
      } finally {
        clearTimeout(timer);
      }
    }
  }

  static async #open(driverUrl: string): Promise<WebKitBrowserPage> {
    const driver = await new Builder().usingServer(driverUrl).withCapabilities(webkitCapabilities()).build();
    await driver.manage().setTimeouts({ pageLoad: 30_000, script: 30_000 });
    // Window size includes MiniBrowser's own toolbar; grow the window so the viewport matches the other engines'.
    const window = driver.manage().window();
    await window.setRect({ width: VIEWPORT.width, height: VIEWPORT.height });
    const inner = (await driver.executeScript('return [innerWidth, innerHeight];')) as [number, number];
    await window.setRect({ width: 2 * VIEWPORT.width - inner[0], height: 2 * VIEWPORT.height - inner[1] });
    return new WebKitBrowserPage(driver);
  }

  async close(): Promise<void> {
    await this.driver.quit();
  }

  async goto(url: string): Promise<void> {
    await this.#harvest();
    await this.driver.get(url);
    await this.driver.executeScript(INSTALL_RECORDER);
  }

  async url(): Promise<string> {
    return this.driver.getCurrentUrl();
  }

  async evaluate<R, A = undefined>(fn: PageFunction<A, R> | string, arg?: A): Promise<R> {
    // Execute Async Script with an explicit callback: it awaits promises and reports a thrown error with its text.
    const script = `
      const done = arguments[arguments.length - 1];
      const input = arguments[0];
      new Promise((resolve) => resolve((${toSource(fn as PageFunction<never, unknown>)})(input.has ? input.value : undefined)))
        .then((value) => done({ ok: true, undef: value === undefined, value: value === undefined ? null : value }),
              (error) => done({ ok: false, error: error instanceof Error ? error.name + ': ' + error.message : String(error) }));`;
    const input = { has: arg !== undefined, value: arg ?? null };
    const result = (await this.driver.executeAsyncScript(script, input)) as
      | { ok: true; undef: boolean; value: R }
      | { ok: false; error: string };
    if (!result.ok) throw new Error(`evaluate in webkit threw ${result.error}`);
    return result.undef ? (undefined as R) : result.value;
  }

  async text(selector: string): Promise<string> {
    return (await (await this.#find(selector)).getProperty('textContent')) ?? '';
  }

  async attr(selector: string, name: string): Promise<string | null> {
    // Not WebDriver's Get Element Attribute: WebKitWebDriver answers it with the resolved URL for href/src (an old
    // Selenium atom), where getAttribute() and Playwright return the attribute as written.
    const element = await this.#find(selector);
    return (await this.driver.executeScript('return arguments[0].getAttribute(arguments[1]);', element, name)) as
      | string
      | null;
  }

  async click(selector: string): Promise<void> {
    await (await this.#find(selector)).click();
  }

  async waitFor(target: string | PageFunction<undefined, unknown>, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (typeof target === 'string') {
      await this.#find(target, timeoutMs);
      return;
    }
    await poll(async () => Boolean(await this.evaluate(target)), timeoutMs, 'predicate');
  }

  async screenshot(file: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, Buffer.from(await this.driver.takeScreenshot(), 'base64'));
  }

  async logs(): Promise<LogEntry[]> {
    await this.#harvest();
    return [...this.#entries];
  }

  async consoleErrors(): Promise<string[]> {
    return errorTexts(await this.logs());
  }

  async #find(selector: string, timeoutMs = DEFAULT_WAIT_MS): Promise<WebElement> {
    try {
      return await this.driver.wait(until.elementLocated(By.css(selector)), timeoutMs);
    } catch (error) {
      throw new Error(`no element matches ${JSON.stringify(selector)} within ${timeoutMs} ms (${(error as Error).name})`);
    }
  }

  /** Moves what the page recorded into this object, so logs survive the next navigation. */
  async #harvest(): Promise<void> {
    try {
      this.#entries.push(...((await this.driver.executeScript(HARVEST)) as LogEntry[]));
    } catch {
      // No page yet, or the page is gone: nothing to collect.
    }
  }
}
