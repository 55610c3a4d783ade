// Invariant 4, paint: one URL rule for every URL-bearing value a package sets (THREATS.md rows 22, 29, 67, 68):
// attributes (`src`, `href`, `srcset`, …), CSS in `style` and in SVG presentation attributes (`fill`, `mask`,
// `clip-path`, `filter`, `cursor`, `marker-*`): `javascript:`/`data:`/`blob:` and any origin outside `dom.origins`
// are refused; `url(#id)` names an element, so it goes through the id-reference rule instead. CSS that could hide a
// URL from this check (escapes, `var()`, `env()`, `attr()`, `image-set()`, `element()`, `src()`, …) is refused.
import type { RealDom } from './real.js';

const REFUSED_PROTOCOLS = new Set(['javascript:', 'vbscript:', 'data:', 'blob:', 'filesystem:']);
const HIDING_CSS = /\\|@import|expression\s*\(|var\s*\(|env\s*\(|attr\s*\(|(?:-webkit-)?image-set\s*\(|(?:-moz-)?element\s*\(|cross-fade\s*\(|src\s*\(|behavior|binding/i;
const CSS_URL = /url\s*\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi;

export interface UrlRule {
  /** A URL the browser will load (or navigate to): refused unless its origin is granted. `reference`: the URL may
   *  name an element (SVG `href`, CSS `url()`). */
  checkLoad(what: string, url: string, reference?: boolean): void;
  /** A CSS value: each `url()` passes checkLoad or names an element (`#id`, given to `reference`). */
  checkCss(what: string, value: string, reference: (what: string, id: string) => void): void;
}

export function createUrlRule(options: { real: RealDom; origins: readonly string[]; deny: (api: string) => never }): UrlRule {
  const { real, deny } = options;
  const pageOrigin = real.window.location.origin;
  const allowed = new Set(options.origins.map((o) => (o === "'self'" || o === 'self' ? pageOrigin : o)));
  const rule: UrlRule = {
    checkLoad(what, url, reference = false) {
      let parsed: URL;
      try {
        parsed = new URL(url, real.document.baseURI);
      } catch {
        return deny(`${what}="${url.slice(0, 40)}" (not a URL)`);
      }
      // The scheme as the browser reads it: `bl\tob:` and a leading control character are a blob: URL too, and a
      // blob: URL's origin is the page's (its document would pass `'self'`).
      if (REFUSED_PROTOCOLS.has(parsed.protocol)) deny(`${what}="${url.slice(0, 40)}"`);
      if (!allowed.has(parsed.origin)) deny(`${what} to ${parsed.origin} (dom.origins)`);
      // This page's URL with a fragment names an element of the page as `#id` does (`<use href="/#icon">`,
      // `fill: url(/page#grad)`), past its id namespace (ids.ts): only `#id` itself is an element reference.
      if (reference && parsed.hash !== '' && parsed.href.slice(0, -parsed.hash.length) === real.document.URL.replace(/#[\s\S]*$/, '')) {
        deny(`${what}="${url.slice(0, 40)}" (this page's URL with a fragment: name its own element by #id)`);
      }
    },
    checkCss(what, value, reference) {
      if (HIDING_CSS.test(value)) deny(`${what}: ${value.slice(0, 60)}`);
      if (!/url\s*\(/i.test(value)) return;
      let found = 0;
      for (const m of value.matchAll(CSS_URL)) {
        found++;
        const url = (m[1] ?? m[2] ?? m[3] ?? '').trim();
        if (url.startsWith('#')) reference(what, url.slice(1));
        else rule.checkLoad(`${what} url()`, url, true);
      }
      // A url( the pattern did not read (unbalanced, nested): refused rather than guessed.
      if (found !== (value.match(/url\s*\(/gi) ?? []).length) deny(`${what}: ${value.slice(0, 60)}`);
    },
  };
  return rule;
}
