// The one page API that every e2e spec uses, so the same spec runs unchanged in Chromium, Firefox and WebKitGTK.
// Two implementations: playwright-page.ts (chromium, firefox) and webkit-page.ts (WebKitGTK through WebDriver).
// The API is deliberately small: anything added here must be implementable over plain W3C WebDriver.
import type { Engine } from './engines.ts';

export interface LogEntry {
  /**
   * 'console': console.* output; 'pageerror': uncaught error or rejection; 'csp': the browser reporting a CSP
   * violation; 'network': the browser reporting a failed or 4xx/5xx request. Engines differ in the last two:
   * Chromium reports network failures (not CSP violations), Firefox reports CSP violations (as page errors), WebKit
   * reports CSP violations (the securitypolicyviolation event). consoleErrors() leaves both out for that reason.
   */
  kind: 'console' | 'pageerror' | 'csp' | 'network';
  /** console method type ('log', 'error', 'warning', ...) or 'error' for pageerror and csp entries. */
  level: string;
  text: string;
  /** URL of the script or page that produced the entry, when the engine tells it. */
  url?: string;
}

/** A function run inside the page. It is sent as source text: it must not close over anything from the test. */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

export interface BrowserPage {
  readonly engine: Engine;
  /**
   * How much of the page's output `logs()` sees. 'full': console.* and uncaught errors from the first script on
   * (Playwright). 'after-load': WebKitGTK's WebDriver has no log API, so only uncaught errors, unhandled rejections
   * and CSP violation events that happen after goto() returns; no console.* output. A spec that asserts "no errors"
   * from page load must not rely on WebKit for it.
   */
  readonly logCapture: 'full' | 'after-load';

  /** Navigates to an absolute URL and waits for the load event. */
  goto(url: string): Promise<void>;
  /** The current page URL. */
  url(): Promise<string>;
  /**
   * Runs `fn(arg)` (or a string expression) in the page's main world and returns its awaited result, which must be
   * JSON-like data (no DOM nodes, functions or class instances). Beware: in Chromium and Firefox this code runs
   * OUTSIDE the page's CSP (eval inside it succeeds even when the page forbids it); in WebKit it runs under the CSP.
   * Probe what the page's own scripts can do from page scripts, never from evaluate().
   */
  evaluate<R, A = undefined>(fn: PageFunction<A, R> | string, arg?: A): Promise<R>;
  /** textContent of the first element matching a CSS selector; waits up to 5 s for it to exist. */
  text(selector: string): Promise<string>;
  /** getAttribute(name) of the first element matching a CSS selector (null if absent); waits like text(). */
  attr(selector: string, name: string): Promise<string | null>;
  /** Clicks the first element matching a CSS selector, as a user would (real input events). */
  click(selector: string): Promise<void>;
  /**
   * Waits until a CSS selector matches an element, or until a page function returns a truthy value.
   * A string is always a selector; pass a function for a predicate.
   */
  waitFor(target: string | PageFunction<undefined, unknown>, timeoutMs?: number): Promise<void>;
  /** Saves a PNG of the viewport. */
  screenshot(path: string): Promise<void>;
  /** Everything captured since the test started (across navigations), oldest first. See logCapture. */
  logs(): Promise<LogEntry[]>;
  /** Texts of the error-level 'console' and 'pageerror' entries of logs(): script errors, the same in every engine. */
  consoleErrors(): Promise<string[]>;
}

export const DEFAULT_WAIT_MS = 5_000;

/** Turns a page function into source text; a string is taken as an expression. */
export function toSource(fn: PageFunction<never, unknown> | string): string {
  return typeof fn === 'string' ? `() => (${fn})` : fn.toString();
}

export function errorTexts(entries: LogEntry[]): string[] {
  return entries
    .filter((entry) => entry.level === 'error' && (entry.kind === 'console' || entry.kind === 'pageerror'))
    .map((entry) => entry.text);
}

/** Polls `check` until it returns true; shared by both implementations so predicates behave the same everywhere. */
export async function poll(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      // A navigation in progress makes evaluation fail for a moment; keep polling, report it if time runs out.
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError ? ` (last error: ${(lastError as Error).message})` : '';
      throw new Error(`waitFor: ${what} not true within ${timeoutMs} ms${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
