// Invariant 4, action and sight (THREATS.md rows 64, 66, 69): the ids a package sets are its own. The real id of
// its element is the id behind its prefix (src/shared/id-namespace.ts), so no id the app uses, now or later, is ever
// one of the package's: the app's `getElementById`, `<label for>`, `form=` and `href="#x"` never find the package's
// element first, and no package id is a global the app reads. Every id reference the package sets (`for`, `form`,
// `list`, `headers`, `aria-*` lists, `href="#x"`, `url(#x)` in SVG attributes and style) is prefixed the same way,
// so its own references still find its own elements (a chart's `fill="url(#grad)"`, an icon's `<use href="#i">`).
// What the package reads back is the plain id: attributes, `id`, serialised HTML, style text; its selectors are
// rewritten (selectors.ts), its stylesheets at build time.
import { ID_LISTS, ID_SINGLE, idPrefix, ownUrls, plainUrlsOf } from '../shared/id-namespace.js';
import { NO_FORM } from './references.js';
import type { RealDom } from './real.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface Ids {
  prefix: string;
  /** The value the browser gets when the package sets attribute `name` to `value`. */
  toReal(namespace: string | null, name: string, value: string): string;
  /** The value the package reads for the real attribute. */
  fromReal(namespace: string | null, name: string, value: string): string;
  /** The plain id of a real id. */
  plain(id: string): string;
  /** A copy the package made (cloneNode): every id in it put in the package's namespace, the app's ids too (a copy
   *  of the app's `<span id="cart">` put before it would be the one the app's `getElementById('cart')` finds). */
  adopt(copy: Node): void;
  /** `innerHTML`/`outerHTML` of `el` as the package reads them. */
  serialise(el: Element, outer: boolean): string;
  /** CSS text (a style value) as the browser gets it, and as the package reads it. */
  ownCss(css: string): string;
  plainCss(css: string): string;
}

export function createIds(real: RealDom, pkg: string): Ids {
  const prefix = idPrefix(pkg);
  const own = (id: string) => (id === '' || id === NO_FORM ? id : prefix + id);
  const plain = (id: string) => (id.startsWith(prefix) ? id.slice(prefix.length) : id);
  const map = (namespace: string | null, name: string, value: string, id: (v: string) => string, css: (v: string) => string) => {
    if (name === 'id' || ID_SINGLE.has(name)) return id(value);
    if (ID_LISTS.has(name)) return value.replace(/\S+/g, id);
    if (name === 'href' || name === 'xlink:href') return value.replace(/^(\s*#)([\s\S]*)$/, (_m, hash: string, rest: string) => hash + id(rest));
    if (name === 'style' || namespace === SVG_NS) return css(value);
    return value;
  };
  const ownCss = (css: string) => ownUrls(css, prefix);
  const plainCss = plainUrlsOf(prefix);
  const fromReal = (namespace: string | null, name: string, value: string) => (value.includes(prefix) ? map(namespace, name, value, plain, plainCss) : value);
  /** An inert document (no browsing context: nothing loads) the copies to serialise are made in. */
  let inert: Document | null = null;
  return {
    prefix,
    toReal: (namespace, name, value) => map(namespace, name, value, own, ownCss),
    fromReal,
    plain,
    ownCss,
    plainCss,
    adopt(copy) {
      const type = real.node.nodeType(copy) as number;
      if (type !== 1 && type !== 11) return;
      const all = Array.from((type === 1 ? real.elementMethods.querySelectorAll(copy, '*') : real.fragmentQuerySelectorAll(copy, '*')) as NodeListOf<Element>);
      if (type === 1) all.push(copy as Element);
      for (const e of all) {
        const namespace = real.element.namespaceURI(e) as string | null;
        for (const a of Array.from(real.element.attributes(e) as NamedNodeMap)) {
          const v = map(namespace, a.name, fromReal(namespace, a.name, a.value), own, ownCss);
          if (v !== a.value) real.elementMethods.setAttribute(e, a.name, v);
        }
      }
    },
    serialise(el, outer) {
      const text = (outer ? real.element.outerHTML(el) : real.element.innerHTML(el)) as string;
      if (!text.includes(prefix)) return text;
      inert ??= real.parseHtml(new real.DOMParserCtor(), '', 'text/html') as Document;
      const copy = inert.importNode(el, true);
      for (const e of [copy, ...Array.from(copy.querySelectorAll('*'))]) {
        for (const a of Array.from(e.attributes)) {
          const v = fromReal(e.namespaceURI, a.name, a.value);
          if (v !== a.value) a.value = v;
        }
      }
      return outer ? copy.outerHTML : copy.innerHTML;
    },
  };
}
