// A dom-mode package's stylesheet styles only the package's own elements (THREATS.md rows 62 and 65, through the
// door the attenuated DOM does not see: CSS the package ships). A global stylesheet reaches every element of the
// page: `.pay-button { opacity: 0 }` or `body::after { content: …; position: fixed }` paints over the app, and
// `body:has(#csrf[value^=a]) .probe { width: 7px }` turns the app's state into a size the package reads back from its
// own element (an oracle with no URL, so css-policy.ts has nothing to refuse). So every compound selector of every
// rule, nested ones and those inside `:is()`, `:not()`, `:has()` included, is made to match only elements the package
// made, which the runtime marks with OWNER_ATTRIBUTE (src/dom/facade.ts), inside one of its walls (WALL_ATTRIBUTE:
// the elements the app gave it, those it handed the app): `body .x` becomes `body:where(O) .x:where(O)` with
// O = `[o~="pkg"]:is([w~="pkg"] *)`, which no app element matches, nor one of its own that the app moved out of its
// walls (there, nothing contains its paint); `:where` keeps the specificity.
// What cannot be rewritten soundly is refused: `@import` (the bundler would inline another file unrewritten), `&`,
// `@scope`, `:nth-child(… of S)`, an unknown at-rule with a block, a selector the parser rejects. The selector is
// written back by css-selector-text.ts, which escapes every name.
import { parse, type AttributeSelector, type Selector } from 'css-what';
import { selectorText } from './css-selector-text.js';
import { OWNER_ATTRIBUTE, WALL_ATTRIBUTE } from '../shared/owner-attribute.js';
import { counterNames, ownNames, renameDeclaration, renamePrelude } from './css-names.js';
import { createBlocks, tokenize, type Token } from './css-tokens.js';
import { ID_LISTS, ID_SINGLE, idPrefix, ownUrls } from '../shared/id-namespace.js';

/** At-rules whose blocks hold rules (rewritten in turn), and those whose blocks hold no selectors at all. */
const GROUP_RULES = new Set(['media', 'supports', 'container', 'layer', 'starting-style']);
// (`@page` and `@view-transition` apply to the whole document: refused.)
const SELECTOR_FREE_RULES = new Set(['keyframes', '-webkit-keyframes', 'font-face', 'property', 'counter-style', 'font-feature-values', 'font-palette-values', 'position-try']);
/** At-rules that define a page-wide name: made the package's own (css-names.ts). */
const NAMING_RULES = new Set(['keyframes', '-webkit-keyframes', 'property', 'counter-style', 'font-palette-values', 'position-try', 'layer']);
const COMBINATORS = new Set(['descendant', 'child', 'sibling', 'adjacent', 'parent', 'column-combinator']);
/** Properties that name a scroll or view timeline (css-names.ts renames the names), and the keywords beside them. */
const TIMELINE_NAMES = new Set(['scroll-timeline-name', 'view-timeline-name', 'scroll-timeline', 'view-timeline']);
const TIMELINE_KEYWORDS = new Set(['none', 'block', 'inline', 'x', 'y', 'auto']);
/** `content` values that change the page's quote depth. */
export const QUOTE_VALUES = /^(?:no-)?(?:open|close)-quote$/i;

/**
 * A declaration that gives its element a name the whole page shares and that renaming cannot make harmless: a
 * view-transition name captures the element, which the app's next view transition draws whole in a layer above the
 * page, outside every wall's paint containment (and one of the app's names makes the app's transitions fail). An
 * `anchor-name` is renamed (css-names.ts), which needs it written without escapes, as its property must be.
 */
function pageNameProblem(declaration: string): string | null {
  const colon = declaration.indexOf(':');
  // A counter name given by var(): the app's custom property (or one whose value was not renamed) names the app's counter.
  if (colon > 0 && counterNames(declaration.slice(0, colon), declaration.slice(colon + 1)).computed) return 'a counter name given by a function (counter(var(…)) reads the app\'s counter)';
  const tokens = tokenize(declaration).filter((t) => t.type !== 'whitespace' && t.type !== 'comment');
  // Quote depth runs through the whole page in document order, and WebKit's `contain: style` on the wall does not
  // scope it: `open-quote` on its element nests the app's later `<q>` (row 65). Refused in every property (a custom
  // property's value ends up in `content` through var()).
  if (tokens.some((t) => t.type === 'ident' && QUOTE_VALUES.test(t.value))) return 'open-quote/close-quote (quote depth is the whole page\'s: the app\'s quotes would nest)';
  const property = tokens[0];
  if (property?.type !== 'ident' || tokens[1]?.type !== ':') return null;
  const name = property.value.toLowerCase();
  if (name !== 'view-transition-name' && name !== 'anchor-name' && !TIMELINE_NAMES.has(name)) return null;
  const raw = (t: Token) => declaration.slice(t.start, t.end);
  if (raw(property).toLowerCase() !== name) return `${name} written with escapes`;
  const values = tokens.slice(2).filter((t) => !(t.type === 'delim' && raw(t) === '!') && !(t.type === 'ident' && t.value.toLowerCase() === 'important'));
  if (name === 'anchor-name') {
    if (values.some((t) => t.type === 'ident' && raw(t) !== t.value)) return 'an anchor-name written with escapes';
    // Only names written out are renamed: `var(--n)`, `inherit` (the app's name of the element it gave) are not.
    const own = values.every((t) => t.type === ',' || (t.type === 'ident' && (t.value.startsWith('--') || t.value.toLowerCase() === 'none')));
    return own ? null : 'an anchor-name that is not a list of names written out';
  }
  if (TIMELINE_NAMES.has(name)) {
    // Renamed as anchor names are: names written out, beside the axis and inset keywords and lengths of the shorthands.
    const own = values.every((t) => t.type === ',' || t.type === 'number' || (t.type === 'ident' && raw(t) === t.value && (t.value.startsWith('--') || TIMELINE_KEYWORDS.has(t.value.toLowerCase()))));
    return own ? null : `a ${name} that is not a list of names written out`;
  }
  if (values.length === 1 && values[0]!.type === 'ident' && values[0]!.value.toLowerCase() === 'none') return null;
  return 'view-transition-name (during the app\'s view transitions it draws the element whole, above the page)';
}

export interface ScopedCss {
  code: string;
  /** What could not be confined, each with its line. */
  problems: string[];
}

/** The stylesheet with every selector confined to the elements `pkg` made. */
export function confineStylesheet(css: string, pkg: string): ScopedCss {
  const problems: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const lineOf = (offset: number) => css.slice(0, offset).split('\n').length;
  const refuse = (offset: number, what: string) => void problems.push(`line ${lineOf(offset)}: ${what}`);
  // `:where([owner~=pkg]:is([wall~=pkg] *))`: an element the package made, inside one of its walls (an element the
  // app gave it, or one it handed the app); one it made that the app moved elsewhere is no longer styled.
  const attribute = (name: string) => ({ type: 'attribute', name, action: 'element', value: pkg, namespace: null, ignoreCase: null });
  const insideWall = { type: 'pseudo', name: 'is', data: [[attribute(WALL_ATTRIBUTE), { type: 'descendant' }, { type: 'universal', namespace: null }]] };
  const owner = { type: 'pseudo', name: 'where', data: [[attribute(OWNER_ATTRIBUTE), insideWall]] } as unknown as Selector;
  const names = ownNames(css, pkg);
  const prefix = idPrefix(pkg);
  /** An id in a selector (`#x`, `[for=x]`) names its own element's real one, which is prefixed (`#x` is
   *  `#<prefix>x`); `$=` and `*=` also require the prefix. */
  const namesId = (token: AttributeSelector) => {
    const name = token.name.toLowerCase();
    return name === 'id' || ID_SINGLE.has(name) || (ID_LISTS.has(name) && token.action === 'element');
  };
  const ownId = (token: AttributeSelector): Selector[] => {
    if (token.action === 'exists') return [token];
    if (token.action === 'end' || token.action === 'any') return [token, { ...token, action: 'start', value: prefix, ignoreCase: null } as AttributeSelector];
    return [{ ...token, value: prefix + token.value }];
  };
  const blocks = createBlocks(css);
  const rename = (start: number, end: number, to: (text: string) => string) => {
    const text = css.slice(start, end);
    const renamed = to(text);
    if (renamed !== text) edits.push({ start, end, text: renamed });
  };
  /** One declaration: its own names renamed (css-names.ts); a view-transition name refused. */
  const declaration = (start: number, stop: number) => {
    const problem = pageNameProblem(css.slice(start, stop));
    if (problem) refuse(start + /^(?:\s|\/\*[\s\S]*?\*\/)*/.exec(css.slice(start, stop))![0].length, problem);
    // `url(#x)` names its own element: the real id is prefixed (src/shared/id-namespace.ts).
    rename(start, stop, (d) => ownUrls(renameDeclaration(d, names), prefix));
  };
  /** The declarations of a block with no selectors (@font-face, @counter-style, a keyframe's steps). */
  const declarations = (start: number, end: number) => {
    for (let i = start; i < end; ) {
      const stop = blocks.scan(i, end);
      if (stop < end && css[stop] === '{') {
        const close = blocks.matching(stop, end);
        declarations(stop + 1, close);
        i = close + 1;
        continue;
      }
      declaration(i, stop);
      i = stop + 1;
    }
  };

  const confine = (selectors: Selector[][], at: number): Selector[][] =>
    selectors.map((tokens) => {
      const out: Selector[] = [];
      let compound = 0; // tokens in the current compound
      const close = () => {
        // Before the compound's pseudo-elements (`.x::before` becomes `.x:where(…)::before`).
        let i = out.length;
        while (i > out.length - compound && out[i - 1]!.type === 'pseudo-element') i--;
        if (compound > 0) out.splice(i, 0, owner);
        compound = 0;
      };
      for (const token of tokens) {
        if (COMBINATORS.has(token.type)) {
          close();
          out.push(token);
          continue;
        }
        compound++;
        if ((token.type === 'pseudo' || token.type === 'pseudo-element') && token.data !== null) {
          // (A string argument that is a selector, `:nth-child(2n of S)`, is refused when written out.)
          out.push(typeof token.data === 'string' ? token : ({ ...token, data: confine(token.data, at) } as Selector));
          continue;
        }
        if (token.type === 'pseudo' && token.name === 'scope') refuse(at, ':scope (it names the page)');
        if (token.type === 'attribute' && token.namespace === null && namesId(token)) out.push(...ownId(token));
        else out.push(token);
      }
      close();
      return out;
    });

  const rewritePrelude = (from: number, end: number) => {
    const start = from + /^(?:\s|\/\*[\s\S]*?\*\/)*/.exec(css.slice(from, end))![0].length;
    const text = css.slice(start, end).replace(/\/\*[\s\S]*?\*\//g, ' ').trim();
    if (text.includes('&')) return refuse(start, `the nesting selector in \`${text}\` (write it out)`);
    try {
      edits.push({ start, end, text: `${selectorText(confine(parse(text), start))} ` });
    } catch (error) {
      refuse(start, `selector \`${text}\` (${(error as Error).message})`);
    }
  };

  /** The rules between start and end; `style` inside a style rule (declarations and nested rules). */
  const walk = (start: number, end: number, style: boolean) => {
    for (let i = start; i < end; ) {
      const stop = blocks.scan(i, end);
      const at = i + /^(?:\s|\/\*[\s\S]*?\*\/)*/.exec(css.slice(i, stop))![0].length;
      const prelude = css.slice(i, stop).replace(/\/\*[\s\S]*?\*\//g, '').trim();
      if (stop >= end || css[stop] === ';') {
        if (/^@import\b/i.test(prelude)) refuse(at, '@import (the imported stylesheet would not be confined: import it from the package\'s code)');
        // Text that is no rule to this scanner must be none to the browser either: anything else is refused.
        else if (!style && prelude && !/^@(?:charset|layer|namespace)\b/i.test(prelude)) refuse(at, `\`${prelude.slice(0, 40)}\` (not a rule Portcullis can confine)`);
        else if (style) declaration(at, stop);
        else if (/^@layer\b/i.test(prelude)) rename(at, stop, (p) => renamePrelude('layer', p, names));
        i = stop + 1;
        continue;
      }
      const close = blocks.matching(stop, end);
      if (style && prelude.startsWith('--')) {
        i = blocks.scan(close + 1, end) + 1; // a custom property whose value holds braces
        continue;
      }
      if (prelude.startsWith('@')) {
        const name = /^@([\w-]+)/.exec(prelude)?.[1]?.toLowerCase() ?? '';
        if (NAMING_RULES.has(name)) rename(at, stop, (p) => renamePrelude(name, p, names));
        if (GROUP_RULES.has(name)) walk(stop + 1, close, style);
        else if (SELECTOR_FREE_RULES.has(name)) declarations(stop + 1, close);
        else if (name === 'page' || name === 'view-transition') refuse(at, `@${name} (it applies to the whole document, the app's too)`);
        else refuse(at, `@${name} (an at-rule Portcullis cannot confine)`);
      } else if (prelude) {
        rewritePrelude(i, stop);
        walk(stop + 1, close, true);
      } else refuse(at, 'a block with no selector');
      i = close + 1;
    }
  };
  walk(0, css.length, false);

  let code = '';
  let last = 0;
  for (const edit of edits) {
    code += css.slice(last, edit.start) + edit.text;
    last = edit.end;
  }
  return { code: code + css.slice(last), problems };
}
