// BrowserPage over a Playwright Page, for the chromium and firefox projects.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Engine } from './engines.ts';
import {
  DEFAULT_WAIT_MS,
  errorTexts,
  poll,
  type BrowserPage,
  type LogEntry,
  type PageFunction,
} from './browser-page.ts';

// The browsers' own reports, told apart from script errors by their wording (English builds): Chromium's failed
// request line, and Firefox's CSP violation, which Playwright delivers as a page error.
const NETWORK_MESSAGE = /^Failed to load resource\b/;
const CSP_MESSAGE = /^(Content-Security-Policy: )?The page’s settings blocked /;

export class PlaywrightBrowserPage implements BrowserPage {
  readonly logCapture = 'full';
  readonly #entries: LogEntry[] = [];

  constructor(
    readonly engine: Engine,
    private readonly page: Page,
  ) {
    // Listeners go on before the first navigation, so nothing a page logs while loading is missed.
    page.on('console', (message) => {
      const text = message.text();
      const kind = NETWORK_MESSAGE.test(text) ? 'network' : 'console';
      this.#entries.push({ kind, level: message.type(), text, url: message.location().url });
    });
    page.on('pageerror', (error) => {
      const kind = CSP_MESSAGE.test(error.message) ? 'csp' : 'pageerror';
      this.#entries.push({ kind, level: 'error', text: error.message });
    });
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'load' });
  }

  async url(): Promise<string> {
    return this.page.url();
  }

  async evaluate<R, A = undefined>(fn: PageFunction<A, R> | string, arg?: A): Promise<R> {
    if (typeof fn === 'string') return (await this.page.evaluate(fn)) as R;
    return (await this.page.evaluate(fn as (arg: unknown) => R, arg as unknown)) as R;
  }

  async text(selector: string): Promise<string> {
    return (await this.#locate(selector).textContent({ timeout: DEFAULT_WAIT_MS })) ?? '';
  }

  async attr(selector: string, name: string): Promise<string | null> {
    return this.#locate(selector).getAttribute(name, { timeout: DEFAULT_WAIT_MS });
  }

  async click(selector: string): Promise<void> {
    await this.#locate(selector).click({ timeout: DEFAULT_WAIT_MS });
  }

  async waitFor(target: string | PageFunction<undefined, unknown>, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (typeof target === 'string') {
      await this.#locate(target).waitFor({ state: 'attached', timeout: timeoutMs });
      return;
    }
    // Polled from Node rather than page.waitForFunction, so a predicate behaves exactly as in WebKit.
    await poll(async () => Boolean(await this.page.evaluate(target as () => unknown)), timeoutMs, 'predicate');
  }

  async screenshot(file: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
  }

  async logs(): Promise<LogEntry[]> {
    return [...this.#entries];
  }

  async consoleErrors(): Promise<string[]> {
    return errorTexts(this.#entries);
  }

  /** 'css=' pins the selector engine: Playwright would otherwise read '//x' as XPath and 'text=x' as text search. */
  #locate(selector: string) {
    return this.page.locator(`css=${selector}`).first();
  }
}
