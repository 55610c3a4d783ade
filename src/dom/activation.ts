// Invariant 4, action: a click the package makes activates only an element the package created (as `click()` itself
// acts only on those). The browser runs a click's default action on its *activation target*: the clicked element if
// it has activation behaviour, else the nearest ancestor that has (HTML's dispatch algorithm). A span of the
// package's inside the app's <a>, <label>, <button> or <summary> (or inside the app's link it was given) would so
// follow the app's link, toggle the app's checkbox or open the app's details, and its own <label> would click the
// app's control, though the click event itself is withheld from the app's listeners (acting.ts). Here the walk is
// done for every click its act sets off: when the activation target may be an element it did not create, the
// click is cancelled. And the other way (row 64): a click the package does not make (the user's) on its own label or
// button activates only what its `for`, `form`, `popovertarget` or `commandfor` names within the package's elements.
// Those are checked when set, but an id no element had then may be the app's now (its form, its menu, its dialog
// rendered later): such a click is cancelled.
import type { RealDom } from './real.js';
import type { Scope } from './scope.js';
import { NO_FORM } from './references.js';

/** Attributes by which a click on an element activates another, named by id. */
const REFERENCES = ['for', 'form', 'popovertarget', 'commandfor'] as const;

/** Elements that are always the activation target of a click on themselves or inside them. */
const ALWAYS = new Set(['button', 'label', 'summary', 'select']);
const LINKS = new Set(['a', 'area']);
const ACTIVATED_INPUTS = new Set(['checkbox', 'radio', 'submit', 'reset', 'image', 'button', 'file', 'color']);
/** Elements outside the package's that may have activation behaviour in some engine (fail closed). */
const MAYBE = new Set([...ALWAYS, ...LINKS, 'input', 'details', 'option', 'dialog']);

export function createActivation(real: RealDom, scope: Scope, note: (api: string) => void) {
  const tag = (el: Node) => real.element.localName(el) as string;
  const surely = (el: Node) => {
    const t = tag(el);
    if (ALWAYS.has(t)) return true;
    if (LINKS.has(t)) return real.elementMethods.hasAttribute(el, 'href') as boolean;
    if (t === 'input') return ACTIVATED_INPUTS.has(String(real.elementMethods.getAttribute(el, 'type') ?? '').toLowerCase());
    return false;
  };
  /** A click's activation target, when it surely is one: the clicked element or its nearest such ancestor. */
  const activationTarget = (target: Node): Node | null => {
    for (let cur: Node | null = target; cur; cur = real.node.parentNode(cur) as Node | null) {
      if ((real.node.nodeType(cur) as number) === 1 && surely(cur)) return cur;
    }
    return null;
  };
  return {
    /** For every click no package makes (acting.ts): cancelled when it would activate, through one of the package's
     *  own elements, an element outside the package's. */
    userClick(ev: Event): void {
      const target = ev.target;
      const el = target instanceof real.Node ? activationTarget(target) : null;
      if (el === null || !scope.owned.has(el)) return;
      for (const attr of REFERENCES) {
        const id = real.elementMethods.getAttribute(el, attr) as string | null;
        if (id === null || (attr === 'form' && id === NO_FORM)) continue;
        const named = real.documentMethods.getElementById(real.document, id) as Node | null;
        if (named !== null && !scope.inScope(named)) {
          real.event.preventDefault(ev);
          note(`a click on its <${tag(el)} ${attr}="${id}">, which names an element outside the package's (the app's, added since)`);
          return;
        }
      }
    },
    /** The element a click on `target` may activate when the package did not create it, else null. */
    outsideTarget(target: Node): Node | null {
      for (let cur: Node | null = target; cur; cur = real.node.parentNode(cur) as Node | null) {
        if ((real.node.nodeType(cur) as number) !== 1) continue;
        if (scope.owned.has(cur)) {
          if (surely(cur)) return null;
        } else if (MAYBE.has(tag(cur)) || real.elementMethods.hasAttribute(cur, 'popovertarget') || real.elementMethods.hasAttribute(cur, 'commandfor')) {
          return cur;
        }
      }
      return null;
    },
  };
}
