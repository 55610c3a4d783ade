// Element wrappers (nodes.ts holds the node and tree ones). Invariant 4 here: attributes pass the rules (rules.ts)
// on the element's own tag and namespace, and an element the app gave the package keeps its own box: its style is
// not the package's to change, its `contain: style paint` not the package's to remove (paint, row 65); `click()` and
// `focus()` act only on the package's own elements and never take the focus from the app (action, rows 64, 70).
import { isPortcullisAttribute } from '../shared/owner-attribute.js';
import type { DomContext } from './context.js';
import type { createEventClasses } from './events.js';
import type { NodeTools } from './nodes.js';
import { createStyleClass, classListOf, datasetOf } from './style.js';
import { sanitizeHtml } from './sanitize.js';
import { createCanvasContextClass } from './canvas.js';
import { NO_FORM } from './references.js';
import { createActivation } from './activation.js';
import { freeze } from '../boundary/primordials.js';

type Events = ReturnType<typeof createEventClasses>;
type Base = new (key: unknown, n: Node) => object;

const HANDLER_PROPERTIES = ['onclick', 'onload', 'onerror', 'onmouseover', 'onmouseenter', 'onfocus', 'onblur', 'oninput', 'onchange', 'onsubmit', 'onkeydown', 'onkeyup', 'onpointerdown', 'onanimationstart', 'ontransitionend', 'onbegin', 'onend'];
const SVG_NS = 'http://www.w3.org/2000/svg';
const HTML_NS = 'http://www.w3.org/1999/xhtml';
const FORM_CONTROLS = new Set(['button', 'input', 'select', 'textarea', 'fieldset', 'output']);

export function createElementClasses(ctx: DomContext, events: Events, tools: NodeTools, ParentNode: Base) {
  const { real } = ctx;
  const { node, mutable, notRoot, toNodes, queries } = tools;
  const { ids } = ctx.rules;
  const canvas = createCanvasContextClass(ctx);
  const element = (w: object) => node(w) as HTMLElement;
  const plainRect = (r: DOMRect) => freeze({ x: r.x, y: r.y, width: r.width, height: r.height, top: r.top, right: r.right, bottom: r.bottom, left: r.left });
  const tagOf = (el: Node) => real.element.localName(el) as string;
  const sanitize = (html: unknown) => sanitizeHtml(String(html), { real, create: ctx.create, rules: ctx.rules, note: ctx.note, prepare: ctx.prepare });
  /** An element at the wall (the one the app gave it, or its own the app put in the app's tree): its box sits in
   * the app's layout, so its style is not the package's to change (paint). */
  const atWall = (el: Node) => !ctx.grant.overlay && (ctx.isRoot(el) || (real.node.parentNode(el) !== null && ctx.scope.parentInScope(el) === null));
  const appBox = (el: Node, what: string) => {
    if (atWall(el)) ctx.deny(`${what} on the element the app gave it (its box is the app's)`);
  };
  /** Any attribute of a wall element selects the app's CSS (`class="app-backdrop"`: fixed, full page), so its
   * attributes are the app's as its style is (the page itself, never contained, aside). */
  const appAttributes = (el: Node, what: string) => {
    // atWall first: the same decision, and the document's body is looked up only for a wall.
    if (atWall(el) && el !== real.document.body && el !== real.document.documentElement) ctx.deny(`${what} on the element the app gave it (its box is the app's)`);
  };
  const style = createStyleClass(ctx, atWall);
  const activation = createActivation(real, ctx.scope, ctx.note);
  real.acting.guardClicks(activation.userClick);
  /** The app's element that has the focus, if one has. */
  const appFocus = (): Element | null => {
    const active = real.activeElement(real.document) as Element | null;
    return active && active !== real.document.body && !ctx.inScope(active) ? active : null;
  };
  const cancelOutside = (ev: Event) => {
    const target = ev.target;
    const outside = target instanceof real.Node ? activation.outsideTarget(target) : null;
    if (outside === null) return;
    real.event.preventDefault(ev);
    ctx.note(`click() activating <${tagOf(outside)}>, an element it did not create`);
  };

  let tagOfWrapper: (w: object, el: Node) => string;
  let namespaceOfWrapper: (w: object, el: Node) => string | null;
  /** setAttribute, and the setters that are one (className, id, title): called straight, not through the guarded
   *  prototype method a second time. */
  const setAttributeOf = (w: object, name: unknown, value: unknown) => {
    const el = node(w);
    const n = String(name).toLowerCase();
    const v = String(value); // coerced once: what is checked is what is set (row 17)
    // Only an element that is its own wall can be at the wall (the app's box): below one, atWall() is false.
    // (atWall first: the message is built only for a wall, which setAttribute rarely meets.)
    if (mutable(el, 'setAttribute') === el && atWall(el)) {
      if (n === 'style') appBox(el, "setAttribute('style')");
      else appAttributes(el, `setAttribute('${n}')`);
    }
    const tag = tagOfWrapper(w, el);
    const namespace = namespaceOfWrapper(w, el);
    ctx.rules.checkAttribute(tag, namespace, n, v);
    // What it wrote is checked; what the browser gets is in its own id namespace (ids.ts).
    const realValue = ids.toReal(namespace, n, v);
    if (n === 'form') ctx.rules.references.checkForm(el as Element, realValue, v);
    else if (n === 'name' || n === 'type') ctx.rules.references.checkGroup(el as Element, n, v);
    real.elementMethods.setAttribute(el, n, realValue);
  };

  class PortcullisElement extends ParentNode {
    /** Its local name and namespace, read once (the rules ask them at every setAttribute): an element's never
     * change, so the cached answer is the DOM's. */
    #tag: string | undefined = undefined;
    #namespace: string | null = null;
    static {
      const facts = (w: object, el: Node): PortcullisElement | undefined => {
        // `w` is the wrapper of `el` (node(w)); another kind of wrapper (a Text's, called through .call) reads the DOM.
        if (!(#tag in w)) return undefined;
        const e = w as PortcullisElement;
        if (e.#tag === undefined) {
          e.#namespace = real.element.namespaceURI(el) as string | null;
          e.#tag = tagOf(el);
        }
        return e;
      };
      tagOfWrapper = (w, el) => {
        const e = facts(w, el);
        return e ? e.#tag! : tagOf(el);
      };
      namespaceOfWrapper = (w, el) => {
        const e = facts(w, el);
        return e ? e.#namespace : (real.element.namespaceURI(el) as string | null);
      };
    }
    get tagName() { return (real.element.tagName(node(this)) as string); }
    get localName() { return (real.element.localName(node(this)) as string); }
    get namespaceURI() { return (real.element.namespaceURI(node(this)) as string | null); }
    get id() { return ids.plain(real.element.id(node(this)) as string); }
    set id(value: unknown) { setAttributeOf(this, 'id', value); }
    get className() {
      const c = (real.element.className(node(this)) as unknown);
      return typeof c === 'string' ? c : this.getAttribute('class') ?? '';
    }
    set className(value: unknown) { setAttributeOf(this, 'class', value); }
    get classList() {
      const el = element(this);
      mutable(el, 'classList');
      return classListOf(el, ctx, () => appAttributes(el, 'classList'));
    }
    getAttribute(name: unknown) {
      const n = String(name).toLowerCase();
      if (ctx.rules.isHiddenAttribute(n)) return null;
      const el = node(this);
      const value = real.elementMethods.getAttribute(el, n) as string | null;
      return value === null ? null : ids.fromReal(namespaceOfWrapper(this, el), n, value);
    }
    hasAttribute(name: unknown) { return (real.elementMethods.hasAttribute(node(this), String(name).toLowerCase()) as boolean); }
    setAttribute(name: unknown, value: unknown) { setAttributeOf(this, name, value); }
    removeAttribute(name: unknown) {
      const el = node(this);
      const n = String(name).toLowerCase();
      mutable(el, 'removeAttribute');
      if (isPortcullisAttribute(n)) ctx.deny(`removeAttribute('${n}') (the mark its stylesheets are confined to is Portcullis's)`);
      if (n === 'style') appBox(el, "removeAttribute('style')");
      else appAttributes(el, `removeAttribute('${n}')`);
      if (n === 'form' && FORM_CONTROLS.has(tagOf(el)) && ctx.owned.has(el)) real.elementMethods.setAttribute(el, 'form', NO_FORM);
      else real.elementMethods.removeAttribute(el, n);
    }
    toggleAttribute(name: unknown, force?: unknown) {
      const n = String(name).toLowerCase();
      const on = force === undefined ? !this.hasAttribute(n) : Boolean(force);
      if (on) this.setAttribute(n, '');
      else this.removeAttribute(n);
      return on;
    }
    get attributes() {
      const el = node(this);
      const namespace = namespaceOfWrapper(this, el);
      return freeze(Array.from((real.element.attributes(el) as NamedNodeMap), (a) => freeze({ name: a.name, value: ctx.rules.isHiddenAttribute(a.name) ? '' : ids.fromReal(namespace, a.name, a.value) })));
    }
    matches(selector: unknown) { return queries.matches(node(this), String(selector)); }
    closest(selector: unknown) { return ctx.wrap(queries.closest(node(this), String(selector))); }
    getBoundingClientRect() {
      return plainRect(real.elementMethods.getBoundingClientRect(node(this)) as DOMRect);
    }
    getClientRects() {
      const list = real.elementMethods.getClientRects(node(this)) as DOMRectList;
      const out: object[] = [];
      for (let i = 0; i < list.length; i++) out.push(plainRect(list[i]!));
      return freeze(out);
    }
    get innerHTML() { return ids.serialise(node(this) as Element, false); }
    set innerHTML(html: unknown) {
      const el = node(this) as Element;
      mutable(el, 'innerHTML');
      el.replaceChildren(sanitize(html));
    }
    get outerHTML() { return ids.serialise(node(this) as Element, true); }
    set outerHTML(_html: unknown) { ctx.deny('outerHTML'); }
    insertAdjacentHTML(position: unknown, html: unknown) {
      const el = node(this) as Element;
      const where = String(position).toLowerCase();
      if (where === 'beforebegin' || where === 'afterend') {
        notRoot(el, 'insertAdjacentHTML');
        tools.parentToChange(el, 'insertAdjacentHTML');
      }
      mutable(el, 'insertAdjacentHTML');
      if (where !== 'beforebegin' && where !== 'afterbegin' && where !== 'beforeend' && where !== 'afterend') throw new SyntaxError(`insertAdjacentHTML: bad position ${where}`);
      const fragment = sanitize(html);
      if (where === 'beforebegin') el.before(fragment);
      else if (where === 'afterbegin') el.prepend(fragment);
      else if (where === 'beforeend') el.append(fragment);
      else el.after(fragment);
    }
    setHTMLUnsafe() { ctx.deny('setHTMLUnsafe'); }
    remove() {
      const n = node(this);
      tools.movable(n, 'remove');
      real.elementMethods.remove(n);
      tools.taken(n);
    }
    before(...items: unknown[]) { const n = this.#sibling('before'); (n as Element).before(...toNodes(items, 'before')); }
    after(...items: unknown[]) { const n = this.#sibling('after'); (n as Element).after(...toNodes(items, 'after')); }
    replaceWith(...items: unknown[]) {
      const n = this.#sibling('replaceWith');
      (n as Element).replaceWith(...toNodes(items, 'replaceWith'));
      tools.taken(n);
    }
    /** before/after/replaceWith change the parent's children: the parent must be the package's (row 66). */
    #sibling(what: string): Node {
      const n = node(this);
      notRoot(n, what);
      tools.parentToChange(n, what);
      return n;
    }
    get clientWidth() { return (real.elementGeometry.clientWidth(node(this)) as number); }
    get clientHeight() { return (real.elementGeometry.clientHeight(node(this)) as number); }
    get scrollWidth() { return (real.elementGeometry.scrollWidth(node(this)) as number); }
    get scrollHeight() { return (real.elementGeometry.scrollHeight(node(this)) as number); }
    get scrollTop() { return (real.elementGeometry.scrollTop(node(this)) as number); }
    get scrollLeft() { return (real.elementGeometry.scrollLeft(node(this)) as number); }
  }

  class PortcullisHTMLElement extends PortcullisElement {
    get style() { return style.styleOf(element(this)); }
    get dataset() {
      const el = element(this);
      return datasetOf(el, ctx, () => appAttributes(el, 'dataset'));
    }
    get hidden() { return (real.htmlElement.hidden(node(this)) as boolean); }
    set hidden(value: unknown) { this.toggleAttribute('hidden', Boolean(value)); }
    get title() { return element(this).title; }
    set title(value: unknown) { setAttributeOf(this, 'title', value); }
    // What focus-trap's tabbable reads to find the focusable elements of a dialog.
    get tabIndex() { return element(this).tabIndex; }
    set tabIndex(value: unknown) { setAttributeOf(this, 'tabindex', String(Math.trunc(Number(value)) || 0)); }
    get inert() { return element(this).inert; }
    set inert(value: unknown) { this.toggleAttribute('inert', Boolean(value)); }
    get disabled() { return Boolean((element(this) as HTMLButtonElement).disabled); }
    set disabled(value: unknown) { this.toggleAttribute('disabled', Boolean(value)); }
    /** Decided by the package's own elements: an app ancestor's `contenteditable` is not the package's to see. */
    get isContentEditable() {
      for (const n of ctx.scope.chainOf(node(this))) {
        const value = real.elementMethods.getAttribute(n, 'contenteditable') as string | null;
        if (value !== null) return value.toLowerCase() !== 'false';
      }
      return false;
    }
    get offsetWidth() { return (real.htmlElement.offsetWidth(node(this)) as number); }
    get offsetHeight() { return (real.htmlElement.offsetHeight(node(this)) as number); }
    get offsetTop() { return (real.htmlElement.offsetTop(node(this)) as number); }
    get offsetLeft() { return (real.htmlElement.offsetLeft(node(this)) as number); }
    get offsetParent() { return ctx.wrapInScope((real.htmlElement.offsetParent(node(this)) as Node | null)); }
    get innerText() { return element(this).innerText; }
    set innerText(value: unknown) { (this as unknown as { textContent: unknown }).textContent = value; }
    get value() {
      const n = node(this);
      const tag = tagOf(n);
      if (tag === 'input') return real.control.inputValue(n) as string;
      if (tag === 'textarea') return real.control.textareaValue(n) as string;
      return ctx.deny(`${tag}.value`);
    }
    set value(v: unknown) {
      const n = node(this);
      const tag = tagOf(n);
      mutable(n, 'value');
      if (tag === 'input') real.control.setInputValue(n, String(v));
      else if (tag === 'textarea') real.control.setTextareaValue(n, String(v));
      else ctx.deny(`${tag}.value`);
    }
    get checked() {
      const n = node(this);
      return tagOf(n) === 'input' ? (real.control.inputChecked(n) as boolean) : ctx.deny(`${tagOf(n)}.checked`);
    }
    set checked(v: unknown) {
      const n = node(this);
      if (tagOf(n) !== 'input') ctx.deny(`${tagOf(n)}.checked`);
      mutable(n, 'checked');
      real.control.setInputChecked(n, Boolean(v));
    }
    focus() {
      const n = node(this);
      // Never takes the keyboard from the app: focus moves only from nothing or from the package's own elements.
      if (appFocus() !== null) ctx.deny('focus() while the app has the focus');
      events.act(() => real.htmlElementMethods.focus(n));
    }
    blur() {
      const n = node(this);
      events.act(() => real.htmlElementMethods.blur(n));
    }
    click() {
      const n = node(this);
      // Activating an app-owned link or submit button inside the granted root would navigate or submit.
      if (!ctx.owned.has(n)) ctx.deny('click() on an element it did not create');
      // An id it names may have become an app element's since it was set (the app added one).
      for (const attr of ['for', 'form', 'popovertarget', 'commandfor']) {
        const value = real.elementMethods.getAttribute(n, attr) as string | null;
        if (value !== null) ctx.rules.references.check(tagOf(n), attr, value);
      }
      // Its click (and a click its label forwards) activates an element it created or nothing: never the app's link,
      // label or button around it, nor the app's control its label names.
      const held = appFocus();
      events.act(() => real.htmlElementMethods.click(n), cancelOutside);
      // Nor does it take the focus from the app some other way (its label focusing its own input).
      if (held !== null && real.activeElement(real.document) !== held) {
        if (held instanceof real.window.HTMLElement) real.htmlElementMethods.focus(held);
        ctx.deny('click() moving the focus while the app has the focus');
      }
    }
  }
  for (const name of HANDLER_PROPERTIES) {
    Object.defineProperty(PortcullisHTMLElement.prototype, name, {
      get: () => null,
      set: () => ctx.deny(`${name} (use addEventListener)`),
      configurable: false,
    });
  }

  class PortcullisSVGElement extends PortcullisElement {
    get style() { return style.styleOf(element(this)); }
  }

  class PortcullisCanvasElement extends PortcullisHTMLElement {
    get width() { return (real.canvas.width(node(this)) as number); }
    set width(value: unknown) { const n = node(this); mutable(n, 'width'); real.canvas.setWidth(n, Number(value)); }
    get height() { return (real.canvas.height(node(this)) as number); }
    set height(value: unknown) { const n = node(this); mutable(n, 'height'); real.canvas.setHeight(n, Number(value)); }
    getContext(kind: unknown) {
      if (String(kind) !== '2d') ctx.deny(`canvas.getContext('${String(kind)}')`);
      const context = (real.canvas.getContext(node(this), '2d') as CanvasRenderingContext2D | null);
      return context ? canvas.wrap(context, this) : null;
    }
    toDataURL(type?: unknown, quality?: unknown) {
      const n = node(this);
      canvas.checkRead(n, 'canvas.toDataURL');
      return (real.canvas.toDataURL(n, type === undefined ? undefined : String(type), quality === undefined ? undefined : Number(quality)) as string);
    }
  }

  return {
    classes: { Element: PortcullisElement, HTMLElement: PortcullisHTMLElement, SVGElement: PortcullisSVGElement, HTMLCanvasElement: PortcullisCanvasElement },
    forHtmlTag: (tag: string): Base => (tag === 'canvas' ? PortcullisCanvasElement : PortcullisHTMLElement),
    forElement(n: Node): Base {
      const ns = real.element.namespaceURI(n) as string | null;
      const tag = real.element.localName(n) as string;
      return ns === SVG_NS ? PortcullisSVGElement : tag === 'canvas' ? PortcullisCanvasElement : ns === HTML_NS ? PortcullisHTMLElement : PortcullisElement;
    },
  };
}
