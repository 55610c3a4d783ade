// Invariant 4, action: a click the package makes activates only an element the package created (as `click()` itself
// acts only on those). The browser runs a click's default action on its *activation target*: the clicked element if
// it has activation behaviour, else the nearest ancestor that has (HTML's dispatch algorithm). A span of the
// package's inside the app's <a>, <label>, <button> or <summary> (or inside the app's link it was given) would so
// follow the app's link, toggle the app's checkbox or open the app's details, and its own <label> would click the
// app's control, though the click event itself is withheld from the app's listeners (acting.ts). Here the walk is
// done for every click its act sets off: when the activation target may be an element it did not create, the
// click is cancelled.
import type { RealDom } from './real.js';
import type { Scope } from './scope.js';

/** Elements that are always the activation target of a click on themselves or inside them. */
const ALWAYS = new Set(['button', 'label', 'summary', 'select']);
const LINKS = new Set(['a', 'area']);
const ACTIVATED_INPUTS = new Set(['checkbox', 'radio', 'submit', 'reset', 'image', 'button', 'file', 'color']);
/** Elements outside the package's that may have activation behaviour in some engine (fail closed). */
const MAYBE = new Set([...ALWAYS, ...LINKS, 'input', 'details', 'option', 'dialog']);

export function createActivation(real: RealDom, scope: Scope) {
  const tag = (el: Node) => real.element.localName(el) as string;
  const surely = (el: Node) => {
    const t = tag(el);
    if (ALWAYS.has(t)) return true;
    if (LINKS.has(t)) return real.elementMethods.hasAttribute(el, 'href') as boolean;
    if (t === 'input') return ACTIVATED_INPUTS.has(String(real.elementMethods.getAttribute(el, 'type') ?? '').toLowerCase());
    return false;
  };
  return {
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
