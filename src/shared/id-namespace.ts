/**
 * The id namespace of a dom-mode package (invariant 4, THREATS.md rows 64, 66, 69). Ids are looked up page-wide in
 * document order: an id the package set would be found by the app's `getElementById` and `<label for>` before the
 * app's element of that id rendered later, and would be a global (`window[id]`). So the real id attribute of a
 * package's element is its id behind a prefix no other package's can produce: `pc<length>-<key>-` (the length
 * first, so `pc1-a-b-x` of package `a` is never `pc3-a-b-x` of package `a-b`). The package reads and writes the
 * plain id (src/dom/ids.ts); its stylesheets name the prefixed one (src/plugin/css-scope.ts). The key is the one of
 * css-names.ts's suffix.
 */
export const idPrefix = (pkg: string): string => {
  const key = packageKey(pkg);
  return `pc${key.length}-${key}-`;
};

/**
 * A package's name as an identifier part, one to one: a character other than a letter, digit or `-` is `_<hex>_`
 * (`@a/b` is `_40_a_2f_b`), so `a.b` and `a_b` (two packages: each would find the other's ids and counters) differ.
 */
export const packageKey = (pkg: string): string => pkg.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);

/** Attributes that hold one id, and those that hold a list of ids: in the package's namespace as its ids are. */
export const ID_SINGLE = new Set(['for', 'form', 'list', 'popovertarget', 'commandfor', 'anchor', 'interestfor', 'aria-activedescendant', 'aria-errormessage', 'aria-details']);
export const ID_LISTS = new Set(['headers', 'itemref', 'aria-controls', 'aria-describedby', 'aria-flowto', 'aria-labelledby', 'aria-owns', 'aria-actions', 'aria-errormessage']);

const URL_FRAGMENT = /(url\(\s*["']?\s*#)/gi;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `url(#x)` in CSS text as the browser gets it: `url(#<prefix>x)`. */
export const ownUrls = (css: string, prefix: string): string => css.replace(URL_FRAGMENT, `$1${prefix}`);
/** The browser's CSS text as the package reads it (its pattern made once per package: style reads are many). */
export const plainUrlsOf = (prefix: string): ((css: string) => string) => {
  const own = new RegExp(`(url\\(\\s*["']?\\s*#)${escapeRegExp(prefix)}`, 'gi');
  return (css) => (css.includes(prefix) ? css.replace(own, '$1') : css);
};
