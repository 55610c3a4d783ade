// Which global names a browser page has, from the `globals` package (generated from real browsers and kept up to
// date by the ESLint community), and which belong to other environments only (Node, CommonJS, AMD, workers,
// bundler runtimes). The generator never grants a name of the second kind: in a page it does not exist, and the
// runtime reads it as `undefined` without a grant, which is what the package's own feature test expects.
import globals from 'globals';

const names = (...sets: Record<string, unknown>[]) => new Set(sets.flatMap((set) => Object.keys(set)));

/** Global names a browser window has, ECMAScript's own included (`Intl`, `WebAssembly`, `structuredClone`, ...). */
export const BROWSER_GLOBALS: ReadonlySet<string> = new Set([
  ...names(globals.browser, globals.builtin),
  // Chromium's `window.chrome` (its `chrome.runtime` messages extensions), which the list leaves to `webextensions`:
  // every Chromium page has it, so a package's read of it is denied there, a violation unless the policy says.
  'chrome',
]);

/** Names that only other environments define (`process`, `global`, `module`, `define`, `importScripts`, ...). */
export const OTHER_ENVIRONMENT_GLOBALS: ReadonlySet<string> = new Set(
  [
    ...names(
      globals.node, globals.nodeBuiltin, globals.commonjs, globals.amd, globals.worker, globals.serviceworker,
      globals.sharedWorker, globals.audioWorklet, globals.paintWorklet, globals.webpack, globals.rspack,
      globals.denoBuiltin, globals.bunBuiltin, globals.nashorn, globals.rhino, globals.wsh, globals.phantomjs,
    ),
  ].filter((name) => !BROWSER_GLOBALS.has(name)),
);

/**
 * `browser`: a page has it, so a use needs a grant. `other`: only Node, workers, AMD and the like have it. `unknown`:
 * no list has it (a package's own global, or one the app defines, like `jQuery`). Only `browser` names are granted;
 * `portcullis explain` shows the other two kinds apart.
 */
export function classifyGlobal(name: string): 'browser' | 'other' | 'unknown' {
  if (BROWSER_GLOBALS.has(name)) return 'browser';
  if (OTHER_ENVIRONMENT_GLOBALS.has(name)) return 'other';
  return 'unknown';
}
