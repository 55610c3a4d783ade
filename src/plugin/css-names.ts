// The page-wide names a dom-mode package's stylesheet defines are the package's own (invariant 4, paint). Selectors
// are confined to its elements (css-scope.ts), but some at-rules define names every stylesheet of the page shares,
// and the last definition wins: `@font-face { font-family: Inter; src: url(./evil.woff2) }` (its own file, so
// `'self'`) draws the app's text in a font whose ligatures turn "$10" into "$1000"; `@keyframes spin` replaces the
// app's animation of its own elements; `@counter-style lower-roman` renumbers the app's lists; `@property --brand`
// and `@layer` statements change how the app's own custom properties and layers apply; so does a property, `anchor-name:
// --pay` (the app's tooltip anchored to its pay button follows the last element of that name). So every name of those
// kinds the stylesheet defines (and every `@layer` name it uses) gets the package's suffix, in the definition and in every
// reference of the same stylesheet. Names it does not define (the app's `--theme`, `sans-serif`, `decimal`) stay.
// Counters are read as well as defined page-wide: `content: counter(app-cart)` on its own element draws the value the
// app's counter has there (its wall scopes what the package changes, `contain: style`, not what it reads), so every
// counter name the stylesheet uses, defined or not, is its own (the browser's `list-item` aside); a name given by
// `var()` is refused (css-scope.ts).
// Deviation: an inline style the package's code writes must name its keyframes and fonts with the suffix.
import { tokenize } from './css-tokens.js';
import { packageKey } from '../shared/id-namespace.js';

export interface OwnNames {
  suffix: string;
  keyframes: ReadonlySet<string>;
  counterStyles: ReadonlySet<string>;
  /** `@property`, `@position-try` and `@font-palette-values` names, and `anchor-name` values (`--x`). */
  dashed: ReadonlySet<string>;
  /** `@font-face` families, lower case, spaces collapsed. */
  families: ReadonlySet<string>;
}

const familyKey = (name: string) => unquote(name.trim()).replace(/\s+/g, ' ').toLowerCase();
const unquote = (text: string) => (/^(["']).*\1$/s.test(text) ? text.slice(1, -1) : text);
const IDENT = /(^|[\s,(/])("?)(-?[A-Za-z_\u00a0-\uffff][\w\u00a0-\uffff-]*)\2(?=$|[\s,)/!])/g;

/** The names `anchor-name` declarations define: the last element with a name is the one every anchored element of
 * the page follows (the app's tooltip would move to the package's element), so they are the package's own too. So
 * are scroll and view timeline names (`scroll-timeline: --x block`): a second element of a name the app hoists with
 * `timeline-scope` stops the app's animations driven by it. */
function anchorNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/(?:^|[;{\s])(?:anchor-name|(?:scroll|view)-timeline(?:-name)?)\s*:\s*([^;}!]+)/gi)) {
    for (const n of m[1]!.split(/[\s,]+/)) if (n.startsWith('--')) names.push(n);
  }
  return names;
}

export function ownNames(css: string, pkg: string): OwnNames {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, ' ');
  const all = (re: RegExp, at = 1) => new Set(Array.from(text.matchAll(re), (m) => unquote(m[at]!)));
  const families = new Set<string>();
  for (const face of text.matchAll(/@font-face\s*\{([^}]*)\}/gi)) {
    const family = /(?:^|[;{\s])font-family\s*:\s*([^;]+)/i.exec(face[1]!)?.[1];
    if (family) families.add(familyKey(family));
  }
  return {
    suffix: `--pc-${packageKey(pkg)}`,
    keyframes: all(/@(?:-webkit-)?keyframes\s+("[^"]*"|'[^']*'|[^\s{]+)/gi),
    counterStyles: all(/@counter-style\s+([^\s{]+)/gi),
    dashed: new Set([...all(/@(?:property|position-try|font-palette-values)\s+(--[^\s{]+)/gi), ...anchorNames(text)]),
    families,
  };
}

/** An at-rule's prelude with the name it defines (or, for `@layer`, every layer name) made the package's. */
export function renamePrelude(rule: string, prelude: string, names: OwnNames): string {
  const { suffix } = names;
  if (rule === 'layer') return prelude.replace(/^(@layer\s+)([^{;]*)/i, (_m, head: string, list: string) => head + list.replace(/[^\s,.]+/g, (n) => n + suffix));
  const own = rule === 'counter-style' ? names.counterStyles : /keyframes$/.test(rule) ? names.keyframes : names.dashed;
  return prelude.replace(/^(@[\w-]+\s+)("[^"]*"|'[^']*'|[^\s{]+)/, (m, head: string, name: string) => (own.has(unquote(name)) ? head + unquote(name) + suffix : m));
}

/** One declaration (`property: value`) with its references to the package's own names renamed. */
export function renameDeclaration(declaration: string, names: OwnNames): string {
  const colon = declaration.indexOf(':');
  if (colon < 0) return declaration;
  let property = declaration.slice(0, colon);
  let value = declaration.slice(colon + 1);
  const name = property.trim().toLowerCase();
  const { suffix } = names;
  const idents = (own: ReadonlySet<string>) => {
    value = value.replace(IDENT, (m, before: string, _q: string, id: string) => (own.has(id) ? before + id + suffix : m));
  };
  if (names.dashed.has(property.trim())) property = property.replace(/--[\w-]+/, (n) => n + suffix);
  if (names.dashed.size > 0) value = value.replace(/--[\w-]+/g, (n) => (names.dashed.has(n) ? n + suffix : n));
  if (name === 'animation' || name === 'animation-name') idents(names.keyframes);
  if (names.counterStyles.size > 0) {
    if (/^(?:list-style|list-style-type|system|fallback)$/.test(name)) idents(names.counterStyles);
    // counter(name, style) and counters(name, "sep", style): only the last argument names a counter style.
    value = value.replace(/\b(counters?\([^()]*,\s*)([\w-]+)(\s*\))/gi, (m, head: string, style: string, tail: string) => (names.counterStyles.has(style) ? head + style + suffix + tail : m));
  }
  if ((name === 'font-family' || name === 'font') && names.families.size > 0) value = renameFamilies(value, names);
  // Last: the offsets are of the value as it is now (its own counter styles, after the name, already renamed).
  for (const end of counterNames(name, value).ends.reverse()) value = value.slice(0, end) + suffix + value.slice(end);
  return `${property}:${value}`;
}

const COUNTER_PROPERTIES = /^counter-(?:reset|increment|set)$/;
/** Idents of a counter property's value that are no counter of the package's. */
const COUNTER_KEYWORDS = new Set(['none', 'inherit', 'initial', 'unset', 'revert', 'revert-layer', 'list-item']);

/** The counter names a value uses (the first argument of `counter()`/`counters()`, every name of a `counter-*`
 * property): where each ends, and whether one is given by a function (`counter(var(--n))`) instead. */
export function counterNames(property: string, value: string): { ends: number[]; computed: boolean } {
  const whole = COUNTER_PROPERTIES.test(property.trim().toLowerCase());
  const ends: number[] = [];
  let computed = false;
  let name = false; // the next token is a counter()'s name
  for (const t of tokenize(value)) {
    if (t.type === 'whitespace' || t.type === 'comment') continue;
    const fn = t.type === 'function' ? t.value.toLowerCase() : '';
    if (name && t.type === 'function') computed = true;
    if (t.type === 'ident' && (name || whole) && !t.value.startsWith('--') && !COUNTER_KEYWORDS.has(t.value.toLowerCase())) ends.push(t.end);
    name = fn === 'counter' || fn === 'counters';
  }
  return { ends, computed };
}

/** A family list (or the `font` shorthand, whose first item ends with a family): own families quoted with the suffix. */
function renameFamilies(value: string, names: OwnNames): string {
  const important = /\s*!\s*important\s*$/i.exec(value)?.[0] ?? '';
  const items = value.slice(0, value.length - important.length).split(',');
  return items.map((item) => {
    const lead = /^\s*/.exec(item)![0];
    const body = item.trim();
    // The family is the whole item, or (font shorthand) its quoted tail or its trailing words after the size.
    const tail = /("[^"]*"|'[^']*'|(?:[A-Za-z_-][\w-]*\s*)+)$/.exec(body);
    for (let start = tail ? body.length - tail[0].length : body.length; start < body.length; start = body.indexOf(' ', start + 1) + 1 || body.length) {
      const candidate = body.slice(start);
      if (names.families.has(familyKey(candidate))) return `${lead}${body.slice(0, start)}"${unquote(candidate.trim())}${names.suffix}"`;
    }
    return item;
  }).join(',') + important;
}
