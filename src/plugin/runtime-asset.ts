// Composes the classic script that goes first in <head>: the runtime (SES bundled from its sources and the Portcullis
// runtime, one minified IIFE built by scripts/build.mjs), started with the policy. Not bundled into the app and not
// transformed, so no dependency's code can run before lockdown().
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeConfig } from '../shared/runtime-config.js';
import { PortcullisBuildError } from './errors.js';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== 'portcullis') {
    const up = dirname(dir);
    if (up === dir) throw new Error('Portcullis: cannot find its own package.json');
    dir = up;
  }
  return dir;
}

/** dist/runtime's two builds (scripts/build.mjs): with the DOM layer, and without it for a policy with no `dom` section. */
const RUNTIME_FILES = { dom: 'portcullis-runtime.js', noDom: 'portcullis-runtime-no-dom.js' } as const;
const runtimeSources = new Map<string, string>();

function readRuntime(file: string): string {
  const cached = runtimeSources.get(file);
  if (cached !== undefined) return cached;
  const runtimePath = join(packageRoot(), 'dist', 'runtime', file);
  if (!existsSync(runtimePath)) {
    throw new PortcullisBuildError(
      'PORTCULLIS_RUNTIME_MISSING',
      `${runtimePath} does not exist: run \`npm run build\` in the portcullis package first`,
    );
  }
  const source = readFileSync(runtimePath, 'utf8');
  runtimeSources.set(file, source);
  return source;
}

/** The DOM layer is in the page only where some package's policy has a `dom` section: nothing else runs it. */
export const needsDomLayer = (config: RuntimeConfig): boolean => Object.values(config.resources).some((resource) => resource.dom !== undefined);

export function runtimeScript(config: RuntimeConfig): string {
  // JSON is valid JavaScript; the config is data the build produced, never code from a package.
  const runtime = readRuntime(needsDomLayer(config) ? RUNTIME_FILES.dom : RUNTIME_FILES.noDom);
  const script = `;(function () {\n${runtime}\nPortcullisRuntime.start(${JSON.stringify(config)});\n})();\n`;
  // ASCII only: SES's identifiers contain U+034F, which a server that sends no charset would decode wrongly (the
  // script then fails to parse). `\uXXXX` means the same character in identifiers, strings and regular expressions.
  return script.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Non-executable script types: data blocks and import maps run no code.
const DATA_SCRIPT = /^(?:importmap|speculationrules|application\/(?:ld\+)?json|text\/(?:template|x-template|html|plain))$/i;

/**
 * Whether the runtime script may be `defer`red in this page: deferred classic scripts and module scripts (not
 * `async`) run in document order once the page is parsed, so the runtime, first in <head>, still runs before every
 * one of them, and the page parses (and fetches and compiles its modules) while the runtime loads. Any other script
 * could run before a deferred runtime: a classic script without `defer` (even the app's own: it may import a
 * dependency's chunk), an `async` one or an `async` module. With one of those in the page, or anything this check
 * cannot read, the runtime stays a synchronous script, as it always was.
 */
export function canDeferRuntime(html: string): boolean {
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const attr = (name: string) => {
      const m = new RegExp(`\\s${name}(?:\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+)))?(?=[\\s>/])`, 'i').exec(tag);
      return m ? (m[1] ?? m[2] ?? m[3] ?? '') : undefined;
    };
    const type = attr('type')?.trim() ?? '';
    if (DATA_SCRIPT.test(type)) continue;
    const async = attr('async') !== undefined;
    if (type.toLowerCase() === 'module' ? async : async || attr('defer') === undefined) return false;
  }
  // A script the tag pattern above cannot see (`<script` split by a comment, in an attribute, …) keeps it synchronous.
  return (html.match(/<script/gi)?.length ?? 0) === (html.match(/<script\b[^>]*>/gi)?.length ?? 0);
}
