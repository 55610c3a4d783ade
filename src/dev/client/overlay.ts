// <portcullis-overlay>: the dev server's list of every violation, drawn in a shadow root in a corner of the page.
// Threat: every string shown here (package, API, module) comes from what a hostile package touched. The element is
// built with createElement and textContent only, never innerHTML, and its style is a constructed stylesheet (or a
// <style> carrying Vite's CSP nonce), so it needs no inline script. It sits below Vite's own error overlay
// (z-index 99999) and never covers the whole page. In report mode nothing is blocked and the app runs: the list
// starts folded into its badge, so it covers none of the app until the user opens it.
import type { DevState, OverlayEntry } from '../../shared/dev-protocol.js';
import { quietSnippet } from '../../runtime/violations.js';

export const OVERLAY_TAG = 'portcullis-overlay';
const DISMISSED_KEY = 'portcullis:dismissed-at';

const CSS = `
:host { all: initial; position: fixed; right: 12px; bottom: 12px; z-index: 99990; font: 13px/1.45 ui-sans-serif, system-ui, sans-serif; color: #1d1d1f; }
:host([hidden]) { display: none; }
.panel { box-sizing: border-box; width: min(640px, calc(100vw - 24px)); max-height: min(60vh, 560px); display: flex; flex-direction: column;
  background: #fffdf7; border: 1px solid #d9a441; border-left: 6px solid #c2410c; border-radius: 8px; box-shadow: 0 8px 28px rgba(0,0,0,.22); overflow: hidden; }
.panel[hidden], .badge[hidden] { display: none; }
header { display: flex; align-items: center; gap: 8px; padding: 8px 10px; background: #fff4e0; border-bottom: 1px solid #f0d9a8; }
header .title { font-weight: 700; }
header .summary { flex: 1; color: #5b4a2a; }
button { font: inherit; cursor: pointer; border: 1px solid #c9b48a; background: #fff; border-radius: 5px; padding: 2px 8px; color: #1d1d1f; }
button:hover { background: #fff0d0; }
button.close { border: none; background: none; font-size: 18px; line-height: 1; padding: 0 4px; }
.problems { padding: 6px 10px; background: #fde8e8; color: #8a1c1c; border-bottom: 1px solid #f3c0c0; white-space: pre-wrap; word-break: break-word; }
.problems:empty { display: none; }
ol { list-style: none; margin: 0; padding: 0; overflow: auto; }
li { padding: 8px 10px; border-bottom: 1px solid #f1e6cc; }
.what { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 6px; }
.pkg { font-weight: 700; }
.outcome { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; padding: 0 5px; border-radius: 3px; background: #c2410c; color: #fff; }
.outcome.allowed { background: #7a6a1f; }
.count { margin-left: auto; color: #5b4a2a; font-variant-numeric: tabular-nums; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.api { background: #f6ecd6; padding: 0 4px; border-radius: 3px; word-break: break-all; }
.where { color: #5b4a2a; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
.fix { display: flex; gap: 6px; align-items: flex-start; margin-top: 4px; }
.snippet { flex: 1; display: block; background: #1f2430; color: #e6e1cf; padding: 4px 6px; border-radius: 4px; white-space: pre-wrap; word-break: break-all; user-select: all; }
.nofix { color: #8a1c1c; }
.or { color: #5b4a2a; font-size: 12px; white-space: nowrap; }
footer { padding: 6px 10px; color: #5b4a2a; background: #fff8ea; border-top: 1px solid #f0d9a8; font-size: 12px; }
.badge { border: 1px solid #c2410c; background: #c2410c; color: #fff; border-radius: 14px; padding: 4px 12px; box-shadow: 0 4px 14px rgba(0,0,0,.25); font-weight: 700; }
.badge:hover { background: #9a330a; }
`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function verb(entry: OverlayEntry): string {
  return entry.kind === 'write' ? 'may not assign' : entry.kind === 'import' ? 'may not import' : 'may not use';
}

function readDismissed(): number {
  try {
    const value = Number(sessionStorage.getItem(DISMISSED_KEY));
    return Number.isInteger(value) && value > 0 ? value : 0;
  } catch {
    return 0;
  }
}

function writeDismissed(count: number): void {
  try {
    if (count > 0) sessionStorage.setItem(DISMISSED_KEY, String(count));
    else sessionStorage.removeItem(DISMISSED_KEY);
  } catch {
    // Storage can be unavailable (privacy settings): then dismissal lasts until the next reload.
  }
}

export interface OverlayActions {
  clear(): void;
}

export class PortcullisOverlay extends HTMLElement {
  readonly #root: ShadowRoot;
  readonly #panel = el('div', 'panel');
  readonly #summary = el('span', 'summary');
  readonly #problems = el('div', 'problems');
  readonly #list = el('ol');
  readonly #footer = el('footer');
  readonly #badge = el('button', 'badge');
  #state: DevState | undefined;
  #actions: OverlayActions | undefined;
  /** Entries shown when the user dismissed the panel: it comes back when there are more. */
  #dismissedAt = readDismissed();
  /** Report mode: folded until the user opens it (a click on the badge), whatever comes in. */
  #opened = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    adoptStyle(this.#root);
    const header = el('header');
    const clear = el('button', 'clear', 'Clear');
    clear.type = 'button';
    clear.title = 'Forget every violation so far';
    clear.addEventListener('click', () => this.#actions?.clear());
    const close = el('button', 'close', '×');
    close.type = 'button';
    close.title = 'Dismiss (comes back on a new violation)';
    close.setAttribute('aria-label', 'Dismiss');
    close.addEventListener('click', () => this.dismiss());
    header.append(el('span', 'title', 'Portcullis'), this.#summary, clear, close);
    this.#panel.setAttribute('role', 'region');
    this.#panel.setAttribute('aria-label', 'Portcullis policy violations');
    this.#panel.append(header, this.#problems, this.#list, this.#footer);
    this.#badge.type = 'button';
    this.#badge.addEventListener('click', () => this.open());
    this.#root.append(this.#panel, this.#badge);
  }

  connect(actions: OverlayActions): void {
    this.#actions = actions;
  }

  dismiss(): void {
    this.#dismissedAt = Math.max(1, this.#total());
    writeDismissed(this.#dismissedAt);
    this.#render();
  }

  open(): void {
    this.#opened = true;
    this.#dismissedAt = 0;
    writeDismissed(0);
    this.#render();
  }

  update(state: DevState): void {
    this.#state = state;
    if (this.#total() === 0 && this.#dismissedAt) {
      this.#dismissedAt = 0; // emptied: the next violation shows again (report mode: in the badge)
      writeDismissed(0);
    }
    this.#render();
  }

  #total(): number {
    const s = this.#state;
    return s ? s.violations.length + s.importProblems.length + (s.policyError ? 1 : 0) : 0;
  }

  #render(): void {
    const state = this.#state;
    const total = this.#total();
    const visible = total > 0;
    const folded = state?.mode === 'report' && !this.#opened;
    const dismissed = visible && (folded || (this.#dismissedAt > 0 && total <= this.#dismissedAt));
    this.hidden = !visible;
    this.dataset.state = !visible ? 'empty' : dismissed ? 'dismissed' : 'open';
    this.dataset.count = String(state?.violations.length ?? 0);
    this.#panel.hidden = dismissed;
    this.#badge.hidden = !dismissed;
    if (!state) return;
    const n = state.violations.length;
    const outcome = state.mode === 'enforce' ? 'blocked (enforce mode)' : 'allowed and reported (report mode)';
    this.#summary.textContent = `${n} violation${n === 1 ? '' : 's'} · ${outcome}`;
    this.#badge.textContent = `Portcullis: ${n} violation${n === 1 ? '' : 's'}${state.mode === 'report' ? ' (reported, allowed)' : ''}`;
    this.#problems.textContent = [
      ...(state.policyError ? [`The policy cannot be used, the previous one stays in force: ${state.policyError}`] : []),
      ...state.importProblems.map((p) => `vite build would fail: ${p}`),
    ].join('\n');
    this.#list.replaceChildren(...state.violations.map((entry) => this.#row(entry, state)));
    this.#footer.textContent =
      `Paste a snippet into ${state.overrideFile} (merge it with what is there): the page reloads under the new policy. ` +
      'Only grant what the package really needs.';
  }

  #row(entry: OverlayEntry, state: DevState): HTMLLIElement {
    const li = el('li', 'entry');
    li.dataset.package = entry.package;
    li.dataset.api = entry.api;
    li.dataset.kind = entry.kind;
    li.dataset.module = entry.module;
    li.dataset.count = String(entry.count);
    if (entry.line) li.dataset.line = String(entry.line);
    const what = el('div', 'what');
    const outcome = state.mode === 'enforce' ? el('span', 'outcome', 'blocked') : el('span', 'outcome allowed', 'allowed');
    what.append(outcome, el('span', 'pkg', entry.package), el('span', 'verb', verb(entry)), el('code', 'api', entry.api));
    what.append(el('span', 'count', `×${entry.count}`));
    const where = el('div', 'where', entry.line ? `${entry.module}:${entry.line}` : `${entry.module} (line unknown)`);
    const fix = el('div', 'fix');
    if (entry.snippet) {
      const snippet = el('code', 'snippet', entry.snippet);
      const copy = el('button', 'copy', 'Copy');
      copy.type = 'button';
      copy.title = `Copy, then paste into ${state.overrideFile}`;
      copy.addEventListener('click', () => copyText(entry.snippet, snippet, copy));
      fix.append(snippet, copy);
    } else {
      fix.append(el('span', 'nofix', entry.note ?? 'No policy can allow this.'));
    }
    li.append(what, where, fix);
    // A read of a top-level name: `false` is the quiet answer when the package tests for it and has a fallback.
    const quiet = entry.snippet ? quietSnippet(entry.package, entry.api, entry.kind) : undefined;
    if (quiet) {
      const alt = el('div', 'fix quiet');
      const snippet = el('code', 'snippet', quiet);
      const copy = el('button', 'copy', 'Copy');
      copy.type = 'button';
      copy.title = 'If the package only tests for it (x || fallback): it then reads as absent, with no error';
      copy.addEventListener('click', () => copyText(quiet, snippet, copy));
      alt.append(el('span', 'or', 'or, if it has a fallback:'), snippet, copy);
      li.append(alt);
    }
    return li;
  }
}

function adoptStyle(root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  } catch {
    // Older engines: a <style> element, with Vite's CSP nonce when the page has one.
  }
  const style = el('style', undefined, CSS);
  const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
  if (nonce) style.nonce = nonce;
  root.append(style);
}

function copyText(text: string, source: HTMLElement, button: HTMLButtonElement): void {
  const done = (label: string) => {
    button.textContent = label;
    setTimeout(() => (button.textContent = 'Copy'), 1500);
  };
  const select = () => {
    // No clipboard API (an insecure origin): select the text, so Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    done('Selected');
  };
  if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(() => done('Copied'), select);
  else select();
}

/** Defines the element once (the client module can be evaluated again after a reconnect). */
export function defineOverlay(): void {
  if (!customElements.get(OVERLAY_TAG)) customElements.define(OVERLAY_TAG, PortcullisOverlay);
}
