// innerHTML and insertAdjacentHTML for a confined package: parsed inert, cleaned to its grant, then imported.
import type { RealDom } from './real.js';
import type { DomRules } from './rules.js';
import { NO_FORM } from './references.js';

/** Tag names that never come out of the sanitizer, children and all. */
const DROPPED_WITH_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'meta', 'link', 'title', 'svg', 'math']);

/**
 * HTML strings are parsed in an inert document (DOMParser: no script runs, nothing loads), cleaned to the package's
 * granted tags and allowed attributes, and imported. Disallowed elements are unwrapped (their text stays); a few are
 * dropped with their content. Returns a fragment of the real document.
 */
export function sanitizeHtml(html: string, options: { real: RealDom; create: ReadonlySet<string>; rules: DomRules; note: (what: string) => void; prepare: (el: Element, tag: string) => void }): DocumentFragment {
  const { real, create, rules, note, prepare } = options;
  const parser = new real.DOMParserCtor();
  const inert = (real.parseHtml(parser, html, 'text/html') as Document);
  const walk = (parent: Element) => {
    for (const child of Array.from(parent.children)) {
      const tag = child.localName;
      if (DROPPED_WITH_CONTENT.has(tag)) {
        note(`<${tag}> in HTML`);
        child.remove();
        continue;
      }
      walk(child);
      if (!create.has(tag)) {
        note(`<${tag}> in HTML`);
        child.replaceWith(...Array.from(child.childNodes));
        continue;
      }
      for (const attr of Array.from(child.attributes)) {
        try {
          rules.checkAttribute(tag, child.namespaceURI, attr.name, attr.value);
          // In its own id namespace (ids.ts), as setAttribute puts it.
          const value = rules.ids.toReal(child.namespaceURI, attr.name, attr.value);
          if (value !== attr.value) attr.value = value;
        } catch {
          note(`${attr.name} attribute in HTML`);
          child.removeAttribute(attr.name);
        }
      }
    }
  };
  walk(inert.body);
  const fragment = (real.documentMethods.createDocumentFragment(real.document) as DocumentFragment);
  for (const node of Array.from(inert.body.childNodes)) fragment.appendChild(real.document.importNode(node, true));
  // What createElement does to a new element of the package's (a form control's `form`, a form's submit guard).
  const elements = Array.from(fragment.querySelectorAll('*'));
  for (const el of elements) prepare(el, el.localName);
  // A `form` must name a form of the package's in its own tree, now that the sanitizer has kept what it keeps; and
  // a radio (or a <details>) joins no group by name (references.ts), now that its type is known.
  for (const el of elements) {
    const name = el.getAttribute('name');
    if (name !== null) {
      try {
        rules.references.checkGroup(el, 'name', name);
      } catch {
        note('name attribute in HTML');
        el.removeAttribute('name');
      }
    }
    const form = el.getAttribute('form');
    if (form === null) continue;
    try {
      rules.references.checkForm(el, form, rules.ids.plain(form));
    } catch {
      note('form attribute in HTML');
      el.setAttribute('form', NO_FORM);
    }
  }
  return fragment;
}
