// Invariant 4, sight: a selector a package evaluates (`matches`, `closest`, `querySelector*`, the facade document's
// look-ups) is decided by its own elements alone (THREATS.md row 62). The selector is parsed (css-what) and
// rebuilt from the parse with the browser's own `CSS.escape`, so what the browser evaluates is what was checked.
// The browser matches one compound at a time against one element the package may see; the combinators are walked
// here, and every step up or sideways stops at the package's wall (a granted root, or the top of its own tree).
// Refused: anything whose answer depends on the outside (`:root`, `:host`, `:lang()`, `:dir()`, `:target`, form
// state shared across the page, pseudo-elements, namespaces, `[nonce]`). Combinators inside `:is()`/`:not()` are walked
// here too, so `:not([inert] *)` asks about the package's own ancestors only.
import { parse, type Selector } from 'css-what';
import { MapCtor } from '../boundary/primordials.js';
import type { RealDom } from './real.js';
import { ID_LISTS, ID_SINGLE } from '../shared/id-namespace.js';

type Combinator = 'descendant' | 'child' | 'adjacent' | 'sibling';
interface Compound {
  /** The compound as the browser reads it ('' when it is only `:scope`/`*`). */
  text: string;
  /** Only the scoping element (`:scope`) matches. */
  scope: boolean;
  /** Its answer depends on the element's siblings: false at the wall, whose siblings are the app's. */
  siblings: boolean;
  /**
   * `:not()`/`:is()`/`:where()` of complex selectors (`:not([inert] *)`), walked here like the rest: the element's
   * ancestors and siblings beyond the wall do not exist for them.
   */
  within: { negate: boolean; list: Complex[] }[];
}
interface Complex {
  compounds: Compound[];
  /** combinators[i] joins compounds[i] and compounds[i + 1]. */
  combinators: Combinator[];
}
export interface CompiledSelector {
  list: Complex[];
  /** The whole list as one native selector, when each item is one compound with no sibling dependence. */
  native: string | null;
  /** The right-most compounds, natively: every match is among these candidates. */
  candidates: string;
}

/** Pseudo-classes decided by the element itself (and its descendants). Not `:read-only`/`:read-write`: an element
 * is editable when an app ancestor is `contenteditable` (as `isContentEditable`, elements.ts). `:disabled` and
 * `:enabled` are walked instead (DISABLED_BY). */
const SELF_PSEUDOS = new Set([
  'empty', 'checked', 'required', 'optional', 'placeholder-shown',
  'hover', 'active', 'focus', 'focus-visible', 'focus-within', 'link', 'any-link', 'defined',
]);
/** Pseudo-classes decided by the element's siblings. */
const SIBLING_PSEUDOS = new Set(['first-child', 'last-child', 'only-child', 'first-of-type', 'last-of-type', 'only-of-type']);
const NTH_PSEUDOS = new Set(['nth-child', 'nth-last-child', 'nth-of-type', 'nth-last-of-type']);
const NTH_ARGUMENT = /^\s*(?:odd|even|[+-]?\d*n(?:\s*[+-]\s*\d+)?|[+-]?\d+)\s*$/i;
const LIST_PSEUDOS = new Set(['not', 'is', 'where', 'matches']);
const OPERATORS: Record<string, string> = { equals: '=', start: '^=', end: '$=', any: '*=', element: '~=', hyphen: '|=', exists: '' };
const COMBINATORS = new Set<string>(['descendant', 'child', 'adjacent', 'sibling']);

const plain = (text: string): Compound => ({ text, scope: false, siblings: false, within: [] });
/**
 * A control is disabled by its own attribute, a `<fieldset disabled>` around it or an `<optgroup disabled>` above its
 * option: an app fieldset around the wall (a form the app locks while it submits) must not decide `:disabled` and
 * `:enabled` of the package's controls. So the browser's answer counts only when one of these holds within the
 * wall, walked like `:is([disabled], fieldset[disabled] *, optgroup[disabled] > *)`, each ending at `last`.
 */
const disabledBy = (last: string): Complex[] => [
  { compounds: [plain(`${last}[disabled]`)], combinators: [] },
  { compounds: [plain('fieldset[disabled]'), plain(last)], combinators: ['descendant'] },
  { compounds: [plain('optgroup[disabled]'), plain(last)], combinators: ['child'] },
];
/** `:disabled`: natively disabled, for a reason within the wall. */
const DISABLED: Compound = { text: ':disabled', scope: false, siblings: false, within: [{ negate: false, list: disabledBy('') }] };
/** `:enabled`: a control that is not `:disabled` as above (natively enabled, or disabled from outside the wall). */
const ENABLED: Compound = { text: ':is(:enabled, :disabled)', scope: false, siblings: false, within: [{ negate: true, list: disabledBy(':disabled') }] };

export function createSelectorEngine(options: { real: RealDom; deny: (api: string) => never; hiddenAttribute: (name: string) => boolean; idPrefix: string }) {
  const { real, deny, hiddenAttribute, idPrefix } = options;
  const escape: (text: string) => string = real.cssEscape;
  /** Its own elements' real ids (and id references: `[for=x]`) are prefixed (ids.ts): `#x` is its own
   * `#<prefix>x`, or an element of the app's it sees (the one the app gave it) whose real id is `x`. `$=` and `*=`
   * are asked of the plain part as well as they can be: an own id (prefixed), then the operator. */
  const named = (name: string, op: string) => name === 'id' || ID_SINGLE.has(name) || (ID_LISTS.has(name) && op === '~=');
  const idSelector = (name: string, op: string, value: string, flag: string) => {
    const n = escape(name);
    const prefix = escape(idPrefix);
    if (op === '') return `[${n}]`;
    const app = `[${n}${op}"${escape(value)}"${flag}]:not([${n}^="${prefix}"])`;
    const own = op === '$=' || op === '*=' ? `[${n}^="${prefix}"][${n}${op}"${escape(value)}"${flag}]` : `[${n}${op}"${escape(idPrefix + value)}"${flag}]`;
    return `:is(${own}, ${app})`;
  };
  const cache = new MapCtor<string, CompiledSelector>();

  /** A pseudo-class this engine walks (its answer is not the browser's alone). */
  const isWalked = (t: Selector) => t.type === 'pseudo' && (t.name === 'disabled' || t.name === 'enabled') && t.data === null;
  const refuse = (selector: string, what: string): never => deny(`selector ${JSON.stringify(selector.slice(0, 80))}: ${what} (it depends on elements outside the package's)`);

  /** One compound (no combinator) as native text; `nested`: inside a pseudo-class argument. */
  function compound(tokens: Selector[], source: string, nested: boolean): Compound {
    let text = '';
    let scope = false;
    let siblings = false;
    const within: Compound['within'] = [];
    for (const t of tokens) {
      switch (t.type) {
        case 'tag':
          if (t.namespace !== null) refuse(source, 'a namespace');
          text += escape(t.name);
          break;
        case 'universal':
          if (t.namespace !== null) refuse(source, 'a namespace');
          text += '*';
          break;
        case 'attribute': {
          if (t.namespace !== null) refuse(source, 'a namespace');
          if (hiddenAttribute(t.name.toLowerCase())) refuse(source, `[${t.name}]`);
          const op = OPERATORS[t.action];
          if (op === undefined) refuse(source, `the ${t.action} attribute operator`);
          const flag = t.ignoreCase === true ? ' i' : t.ignoreCase === false ? ' s' : '';
          if (named(t.name.toLowerCase(), op!)) text += idSelector(t.name.toLowerCase(), op!, t.value, flag);
          else if (t.name === 'class' && t.action === 'element' && t.ignoreCase === 'quirks') text += `.${escape(t.value)}`;
          else text += op === '' ? `[${escape(t.name)}]` : `[${escape(t.name)}${op}"${escape(t.value)}"${flag}]`;
          break;
        }
        case 'pseudo': {
          const name = t.name;
          if (name === 'scope' && !nested && t.data === null) scope = true;
          else if ((name === 'disabled' || name === 'enabled') && t.data === null) {
            const walked = name === 'disabled' ? DISABLED : ENABLED;
            text += walked.text;
            within.push(...walked.within);
          } else if ((SELF_PSEUDOS.has(name) || SIBLING_PSEUDOS.has(name)) && t.data === null) {
            text += `:${name}`;
            if (SIBLING_PSEUDOS.has(name)) siblings = true;
          } else if (NTH_PSEUDOS.has(name) && typeof t.data === 'string' && NTH_ARGUMENT.test(t.data)) {
            text += `:${name}(${t.data.trim()})`;
            siblings = true;
          } else if (LIST_PSEUDOS.has(name) && Array.isArray(t.data) && !nested && t.data.some((inner) => inner.some((x) => COMBINATORS.has(x.type) || isWalked(x)))) {
            const list = t.data.map((inner) => complex(inner, source, true));
            within.push({ negate: name === 'not', list });
          } else if (LIST_PSEUDOS.has(name) && Array.isArray(t.data)) {
            const items = t.data.map((inner) => {
              if (inner.some((x) => COMBINATORS.has(x.type) || x.type === 'parent' || x.type === 'column-combinator')) refuse(source, `a combinator inside :${name}()`);
              if (inner.some(isWalked)) refuse(source, `:disabled/:enabled inside a nested :${name}()`);
              const c = compound(inner, source, true);
              siblings ||= c.siblings;
              return c.text || '*';
            });
            text += `:${name === 'matches' ? 'is' : name}(${items.join(', ')})`;
          } else if (name === 'has' && Array.isArray(t.data) && !nested) {
            // Relative selectors are anchored at the element: they look down, or forward at its siblings.
            const items = t.data.map((inner) => {
              let out = '';
              let first = true;
              for (const part of split(inner, source)) {
                if ('combinator' in part) {
                  if (first && (part.combinator === 'adjacent' || part.combinator === 'sibling')) siblings = true;
                  out += part.combinator === 'descendant' ? ' ' : part.combinator === 'child' ? ' > ' : part.combinator === 'adjacent' ? ' + ' : ' ~ ';
                } else {
                  // Only the text goes to the browser: a walked pseudo-class would be answered natively.
                  if (part.tokens.some(isWalked)) refuse(source, ':disabled/:enabled inside :has()');
                  out += compound(part.tokens, source, true).text || '*';
                }
                first = false;
              }
              return out.trim();
            });
            text += `:has(${items.join(', ')})`;
          } else {
            refuse(source, `:${name}${t.data === null ? '' : '()'}`);
          }
          break;
        }
        default:
          refuse(source, t.type === 'pseudo-element' ? `::${(t as { name: string }).name}` : `the ${t.type} combinator`);
      }
    }
    return { text, scope, siblings, within };
  }

  function complex(tokens: Selector[], source: string, nested: boolean): Complex {
    const compounds: Compound[] = [];
    const combinators: Combinator[] = [];
    for (const part of split(tokens, source)) {
      if ('combinator' in part) {
        if (compounds.length === combinators.length) throw new SyntaxError(`'${source}' is not a valid selector`);
        combinators.push(part.combinator);
      } else compounds.push(compound(part.tokens, source, nested));
    }
    if (compounds.length !== combinators.length + 1) throw new SyntaxError(`'${source}' is not a valid selector`);
    return { compounds, combinators };
  }

  type Part = { combinator: Combinator } | { tokens: Selector[] };
  function split(tokens: Selector[], source: string): Part[] {
    const parts: Part[] = [];
    let current: Selector[] = [];
    for (const t of tokens) {
      if (COMBINATORS.has(t.type)) {
        if (current.length) parts.push({ tokens: current });
        current = [];
        parts.push({ combinator: t.type as Combinator });
      } else if (t.type === 'parent' || t.type === 'column-combinator') {
        refuse(source, `the ${t.type} combinator`);
      } else current.push(t);
    }
    if (current.length) parts.push({ tokens: current });
    return parts;
  }

  function compile(selector: string): CompiledSelector {
    let compiled = cache.get(selector);
    if (compiled) return compiled;
    let parsed: Selector[][];
    try {
      parsed = parse(selector);
    } catch (e) {
      throw new SyntaxError(`'${selector}' is not a valid selector (${(e as Error).message})`);
    }
    const list = parsed.map((tokens) => complex(tokens, selector, false));
    const simple = list.every((c) => c.compounds.length === 1 && !c.compounds[0]!.scope && !c.compounds[0]!.siblings && !c.compounds[0]!.within.length);
    const last = list.map((c) => c.compounds[c.compounds.length - 1]!.text || '*');
    compiled = { list, native: simple ? last.join(', ') : null, candidates: last.join(', ') };
    if (cache.size > 500) cache.clear();
    cache.set(selector, compiled);
    return compiled;
  }
  return { compile };
}

/** Where an element sits in what the package may see: its in-scope ancestors, the last one being the wall. */
export type Chain = Node[];

/**
 * Matching against a chain: `chain[k]` is an element the package sees, `chain[chain.length - 1]` the wall (a granted
 * root or the top of the package's own tree), whose parent and siblings are never looked at.
 */
export function createMatcher(real: RealDom) {
  const matchesNative = real.elementMethods.matches;
  const previous = real.element.previousElementSibling;

  function compoundAt(c: Compound, node: Node, k: number, chain: Chain, scoping: Node | null): boolean {
    if (c.scope && node !== scoping) return false;
    const isWall = k === chain.length - 1 && node === chain[k];
    if (c.siblings && isWall) return false;
    if (c.text !== '' && !(matchesNative(node, c.text) as boolean)) return false;
    for (const w of c.within) {
      let any = false;
      for (const cx of w.list) if ((any = matchFrom(cx, cx.compounds.length - 1, node, k, chain, scoping))) break;
      if (any === w.negate) return false;
    }
    return true;
  }

  /** Does compounds[0..i] match with compounds[i] at `node`, a sibling-or-self of chain[k]? */
  function matchFrom(cx: Complex, i: number, node: Node, k: number, chain: Chain, scoping: Node | null): boolean {
    const top = chain.length - 1;
    if (!compoundAt(cx.compounds[i]!, node, k, chain, scoping)) return false;
    if (i === 0) return true;
    switch (cx.combinators[i - 1]!) {
      case 'child':
        return k < top && matchFrom(cx, i - 1, chain[k + 1]!, k + 1, chain, scoping);
      case 'descendant':
        for (let j = k + 1; j <= top; j++) if (matchFrom(cx, i - 1, chain[j]!, j, chain, scoping)) return true;
        return false;
      case 'adjacent': {
        if (k === top) return false;
        const q = previous(node) as Node | null;
        return q !== null && matchFrom(cx, i - 1, q, k, chain, scoping);
      }
      case 'sibling':
        if (k === top) return false;
        for (let q = previous(node) as Node | null; q; q = previous(q) as Node | null) if (matchFrom(cx, i - 1, q, k, chain, scoping)) return true;
        return false;
    }
  }

  return {
    /** Whether chain[k] matches the compiled selector. */
    matchesAt(compiled: CompiledSelector, chain: Chain, k: number, scoping: Node | null): boolean {
      const node = chain[k]!;
      if (compiled.native !== null) return matchesNative(node, compiled.native) as boolean;
      for (const cx of compiled.list) if (matchFrom(cx, cx.compounds.length - 1, node, k, chain, scoping)) return true;
      return false;
    },
  };
}
