// The dev server's list of every violation the pages reported: deduplicated by (package, API, module, kind), counted
// across page loads, replayed to every page that connects, and printed once in the terminal.
// Threat: the reports are written by a browser page from what hostile packages touched. Every field is checked and
// bounded here, the policy snippet is rebuilt on this side, and nothing reaches the terminal with control characters
// (an API name like `self['\x1b]52;…']` must not drive the user's terminal).
import type { Policy } from '../policy/schema.js';
import type { OverlayEntry, ReportedViolation, StackFrame, ViolationKind } from '../shared/dev-protocol.js';

const KINDS: ReadonlySet<string> = new Set<ViolationKind>(['read', 'write', 'call', 'import', 'dom', 'crossing']);
const SECTIONS: ReadonlySet<string> = new Set(['globals', 'packages', 'dom']);
const NO_GRANT = 'No policy can allow this: pass a function instead of a string of code, or import a literal specifier.';
const MAX_TEXT = 300;
const MAX_URL = 2000;
/** Distinct entries kept; beyond this, new ones are counted in `dropped` only (a page could invent API names). */
export const MAX_ENTRIES = 1000;
const MAX_PER_MESSAGE = 500;

export interface StoredEntry extends OverlayEntry {
  key: string;
  /** The first stack frame a page saw for it, until it has been turned into a line. */
  frame?: StackFrame;
}

/** A policy fragment of `{"resources":{"<pkg>":{...}}}` shape, parsed, or undefined. */
type Fragment = { globals?: Record<string, unknown>; packages?: Record<string, unknown>; dom?: { create?: unknown[]; events?: unknown[] } };

/** The fragment's grants for `pkg` when the text is a policy fragment for that package alone, else undefined. */
export function parseSnippet(text: string, pkg: string): Fragment | undefined {
  try {
    const json = JSON.parse(text) as { resources?: Record<string, Fragment> };
    const names = Object.keys(json.resources ?? {});
    const fragment = json.resources?.[pkg];
    if (names.length !== 1 || typeof fragment !== 'object' || fragment === null) return undefined;
    return Object.keys(fragment).every((k) => SECTIONS.has(k)) ? fragment : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The fix shown for a violation: the runtime's own snippet when it is a fragment for that package (the runtime knows
 * the DOM grants), its explanation when it says no grant can help, else a globals grant. Refusals that no grant
 * lifts get no snippet: code from a string (`setTimeout with a string of code`) and computed `import("…")`.
 */
export function fixFor(report: Pick<ReportedViolation, 'package' | 'api' | 'kind' | 'snippet'>): { snippet: string; note?: string } {
  const { package: pkg, api, kind } = report;
  if (kind === 'crossing') return { snippet: '', note: 'Give it a dom section (elements then arrive as its wrappers) or grant document (full power), after review.' };
  if (kind === 'import' || (kind !== 'dom' && /[\s()]/.test(api))) return { snippet: '', note: NO_GRANT };
  const given = report.snippet ?? '';
  if (given.startsWith('{') && parseSnippet(given, pkg)) return { snippet: given };
  if (kind === 'dom') return { snippet: '', note: given && !given.startsWith('{') ? given : 'No grant allows this inside the attenuated DOM.' };
  return { snippet: JSON.stringify({ resources: { [pkg]: { globals: { [api]: kind === 'write' ? 'write' : true } } } }) };
}

/** True when the policy now grants everything the entry's snippet asks for (a reload will not see it again). */
export function isAllowedBy(entry: Pick<OverlayEntry, 'package' | 'snippet'>, policy: Policy): boolean {
  const wanted = entry.snippet ? parseSnippet(entry.snippet, entry.package) : undefined;
  if (!wanted) return false;
  const has = policy.resources[entry.package];
  for (const [path, grant] of Object.entries(wanted.globals ?? {})) {
    const segments = path.split('.');
    const granted = segments.some((_, i) => {
      const g = has?.globals?.[segments.slice(0, i + 1).join('.')];
      // "origin" (a store origin-wide) reads as much as `true` does.
      return g === 'write' || ((g === true || g === 'origin') && grant !== 'write');
    });
    if (!granted) return false;
  }
  for (const name of Object.keys(wanted.packages ?? {})) if (!has?.packages?.[name]) return false;
  for (const tag of wanted.dom?.create ?? []) if (!has?.dom?.create?.includes(tag as string)) return false;
  for (const type of wanted.dom?.events ?? []) if (!has?.dom?.events?.includes(type as string)) return false;
  return true;
}

/** Replaces control characters, bidirectional overrides and line breaks with visible escapes. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function text(value: unknown, max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

function positiveInt(value: unknown, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max ? value : undefined;
}

/** The checked form of one reported violation, or undefined when it is malformed. */
export function checkReport(value: unknown): ReportedViolation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const pkg = text(v.package);
  const api = text(v.api);
  const module = text(v.module, MAX_URL);
  const count = positiveInt(v.count, 1e9);
  if (!pkg || !api || !module || !count || typeof v.kind !== 'string' || !KINDS.has(v.kind)) return undefined;
  const report: ReportedViolation = { package: pkg, api, module, kind: v.kind as ViolationKind, count };
  const snippet = text(v.snippet, 2 * MAX_TEXT);
  if (snippet) report.snippet = snippet;
  const f = v.frame as Record<string, unknown> | undefined;
  if (typeof f === 'object' && f !== null) {
    const url = typeof f.url === 'string' && f.url.length <= MAX_URL ? f.url : undefined;
    const line = positiveInt(f.line, 1e8);
    const column = positiveInt(f.column, 1e8);
    if (url && line && column) report.frame = { url, line, column };
  }
  return report;
}

export class ViolationStore {
  readonly #entries = new Map<string, StoredEntry>();
  #dropped = 0;

  /** Adds a page's report (unchecked input); returns the entries seen for the first time. */
  add(message: unknown): StoredEntry[] {
    const list = (message as { violations?: unknown } | null)?.violations;
    if (!Array.isArray(list)) return [];
    const fresh: StoredEntry[] = [];
    for (const raw of list.slice(0, MAX_PER_MESSAGE)) {
      const report = checkReport(raw);
      if (!report) continue;
      const key = JSON.stringify([report.package, report.api, report.module, report.kind]);
      const existing = this.#entries.get(key);
      if (existing) {
        existing.count = Math.min(existing.count + report.count, Number.MAX_SAFE_INTEGER);
        if (!existing.frame && existing.line === undefined && report.frame) existing.frame = report.frame;
        continue;
      }
      if (this.#entries.size >= MAX_ENTRIES) {
        this.#dropped++;
        continue;
      }
      const entry: StoredEntry = {
        key,
        package: report.package,
        api: report.api,
        module: report.module,
        kind: report.kind,
        count: report.count,
        ...fixFor(report),
        frame: report.frame,
      };
      this.#entries.set(key, entry);
      fresh.push(entry);
    }
    return fresh;
  }

  entries(): OverlayEntry[] {
    return [...this.#entries.values()].map(({ key: _key, frame: _frame, ...entry }) => entry);
  }

  get dropped(): number {
    return this.#dropped;
  }

  clear(): void {
    this.#entries.clear();
    this.#dropped = 0;
  }

  /** Forgets what the new policy allows; returns how many entries went. */
  forgetAllowed(policy: Policy): number {
    let removed = 0;
    for (const [key, entry] of this.#entries) {
      if (isAllowedBy(entry, policy)) {
        this.#entries.delete(key);
        removed++;
      }
    }
    return removed;
  }
}

/** One terminal line per new violation: who, what, where, and the grant that would allow it. */
export function formatViolation(entry: OverlayEntry, mode: 'enforce' | 'report', overrideFile: string): string {
  const verb = entry.kind === 'write' ? 'may not assign' : entry.kind === 'import' ? 'may not import' : 'may not use';
  const where = entry.line ? `${entry.module}:${entry.line}` : entry.module;
  const outcome = mode === 'enforce' ? 'blocked' : 'allowed (report mode)';
  const fix = entry.snippet ? ` To allow, add to ${overrideFile}: ${entry.snippet}` : ` ${entry.note ?? NO_GRANT}`;
  return printable(`${outcome}: "${entry.package}" ${verb} ${entry.api} (${where}).${fix}`);
}
