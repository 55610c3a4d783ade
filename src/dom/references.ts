// Invariant 4, action: an attribute that names another element by id names one of the package's own, or nothing
// (THREATS.md row 64), and an id or name the package sets never shadows a global (row 69). Ids and id references are
// the package's own namespace (ids.ts): what the browser gets is prefixed, so they can name only its own elements.
// - References (`for`, `form`, `list`, `headers`, `popovertarget`, `commandfor`, `anchor`, `interestfor`,
//   `itemref`, `aria-*` id lists, `href="#id"`, CSS `url(#id)`): refused when an id in them is an app
//   element's (`usemap`, a reference by name, is refused); checked again when the package activates the element (`click()`), in case the app added one since.
// - Ids: the real id is prefixed (ids.ts), so it never equals an id of the app's, now or later, nor a global name.
// - Clobbering: the browser exposes some elements' name as a property of `window`, but only where no own property
//   of that name exists (WebIDL's named property visibility). So for each name the package sets (its ids are
//   prefixed: `window['pc6-widget-x']` is no global an app reads), a name the window does not have yet is reserved at once as an own property holding `undefined`:
//   the app reads `undefined` until it defines the global itself, now or later. Names `document` exposes
//   (`<img|form name>`) are refused.
// - A control's form owner is resolved by id again whenever ids change: a `form` naming an id no element has yet
//   would make it a member of the app's form rendered later (its value in the app's submission, its name over the
//   form's own members). So `form` must name a `<form>` of the package's in the control's own tree when it is set.
// - Groups by name: a radio button's group is every radio of its name with the same form owner in its tree, and the
//   package's controls have no form owner, as the app's radios outside a `<form>` have none: its checked radio
//   unchecks the app's choice, and the user's choice among the app's unchecks its own (sight). A `<details name>`
//   closes the app's of that name as it opens. So a radio button (and a `<details>`) never has a name.
import type { RealDom } from './real.js';
import type { Scope } from './scope.js';
import { defineProperty } from '../boundary/primordials.js';
import { ID_LISTS, ID_SINGLE } from '../shared/id-namespace.js';

/** Named by `name` on `document` itself (legacy named access overrides even its built-ins). */
const DOCUMENT_NAMED = new Set(['img', 'form', 'embed', 'object', 'iframe']);
/** Elements a form owns by ancestry alone (no `form` attribute), and exposes by id. */
const FORM_BY_ANCESTRY = new Set(['img']);
/** The `form` a package's form control gets when it names none: no such element, so no app form is its owner. */
export const NO_FORM = 'portcullis-no-form';
const HTML_NS = 'http://www.w3.org/1999/xhtml';

export interface References {
  /** Throws when `name=value` on `tag` names or shadows something outside the package's elements. */
  check(tag: string, name: string, value: string): void;
  /** Whether the attribute holds id references (for the activation re-check). */
  isReference(name: string): boolean;
  /** One id (from `url(#id)` or `href="#id"`). */
  checkId(what: string, id: string): void;
  /** `form="id"` (the real, prefixed id) on `el`: refused unless it names a `<form>` in scope, in el's own tree
   *  (detached or not); `shown` is the id the package wrote. */
  checkForm(el: Element, id: string, shown?: string): void;
  /** `name=value` on `el` (or, for an `<input>`, `type=value`): refused when it would join a group by name. */
  checkGroup(el: Element, attr: string, value: string): void;
}

export function createReferences(options: { real: RealDom; scope: Scope; deny: (api: string) => never }): References {
  const { real, scope, deny } = options;
  const byId = (id: string) => real.documentMethods.getElementById(real.document, id) as Element | null;
  const checkId = (what: string, id: string) => {
    const found = byId(id);
    if (found && !scope.inScope(found)) deny(`${what}="${id}" (names an element outside the package's)`);
  };
  const reserve = (name: string) => {
    if (name === '' || name in real.window) return;
    defineProperty(real.window, name, { value: undefined, writable: true, enumerable: false, configurable: true });
  };
  return {
    check(tag, name, value) {
      if (name === 'id') {
        if (value.startsWith('portcullis-')) deny(`id="${value}" (reserved)`);
        // A form exposes the images inside it by id, over its own members (`form.action`, `form.submit`), and an
        // image has no `form` attribute to name the package's own instead (its controls get one: NO_FORM).
        if (FORM_BY_ANCESTRY.has(tag)) deny(`id on <${tag}> (a form around it would expose it as form.${value})`);
      } else if (name === 'name') {
        if (DOCUMENT_NAMED.has(tag)) deny(`name="${value}" on <${tag}> (clobbers document)`);
        reserve(value);
      } else if (ID_SINGLE.has(name)) {
        if (!(name === 'form' && value === NO_FORM)) checkId(name, value.trim());
      } else if (ID_LISTS.has(name)) {
        for (const id of value.split(/\s+/)) if (id) checkId(name, id);
      } else if (name === 'usemap') {
        deny(`usemap="${value}" (an image map by name)`);
      }
    },
    isReference: (name) => ID_SINGLE.has(name) || ID_LISTS.has(name),
    checkId,
    checkForm(el, id, shown = id) {
      if (id === NO_FORM) return;
      let top: Node = el;
      for (let up = real.node.parentNode(top) as Node | null; up; up = real.node.parentNode(up) as Node | null) top = up;
      const type = real.node.nodeType(top) as number;
      const selector = `#${real.cssEscape(id)}`;
      const found = type === 9
        ? (real.documentMethods.getElementById(top, id) as Node | null)
        : type === 11
          ? ((real.fragmentQuerySelectorAll(top, selector) as NodeList)[0] ?? null)
          : real.element.id(top) === id ? top : ((real.elementMethods.querySelectorAll(top, selector) as NodeList)[0] ?? null);
      const own = found !== null && (real.element.localName(found) as string) === 'form' && scope.inScope(found);
      if (!own) deny(`form="${shown}" (names no form of the package's: the browser would give the control the app's form of that id, even one rendered later)`);
    },
    checkGroup(el, attr, value) {
      if (real.element.namespaceURI(el) !== HTML_NS) return;
      const tag = real.element.localName(el) as string;
      if (tag === 'details' && attr === 'name' && value !== '') deny(`name="${value}" on <details> (its group is the page's: the app's <details> of that name close)`);
      if (tag !== 'input') return;
      const radio = (type: string | null) => type !== null && type.trim().toLowerCase() === 'radio';
      const named = (name: string | null) => name !== null && name !== '';
      const what = ' (its group is the page\'s: the app\'s radios of that name outside a form)';
      if (attr === 'name' && named(value) && radio(real.elementMethods.getAttribute(el, 'type') as string | null)) deny(`name on a radio button${what}`);
      if (attr === 'type' && radio(value) && named(real.elementMethods.getAttribute(el, 'name') as string | null)) deny(`type="${value}" on an <input> with a name${what}`);
    },
  };
}
