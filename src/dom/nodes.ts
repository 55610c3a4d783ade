// Hand-written wrapper classes, one family per package, the real node in a private field: a wrapper of another
// package fails the brand check, and no accessor hands out a real node, prototype or document (THREATS.md rows
// 1, 5, 6, 9, 10, 18). Reading a member the real element has but the wrapper does not is a policy error, so an
// unsupported API fails loudly instead of reading `undefined`.
import { call } from './real.js';
import type { DomContext } from './context.js';
import type { createEventClasses } from './events.js';
import { createStyleClass, classListOf, datasetOf } from './style.js';
import { sanitizeHtml } from './rules.js';
import { createCanvasContextClass } from './canvas.js';
import { freeze, objectCreate, ProxyCtor, reflectHas, setPrototypeOf } from '../boundary/primordials.js';

type Events = ReturnType<typeof createEventClasses>;

const HANDLER_PROPERTIES = ['onclick', 'onload', 'onerror', 'onmouseover', 'onmouseenter', 'onfocus', 'onblur', 'oninput', 'onchange', 'onsubmit', 'onkeydown', 'onkeyup', 'onpointerdown', 'onanimationstart', 'ontransitionend', 'onbegin', 'onend'];

export function createNodeClasses(ctx: DomContext, events: Events) {
  const { real } = ctx;
  const style = createStyleClass(ctx);
  const Context2D = createCanvasContextClass(ctx);
  const SECRET = {};
  let constructing = false;

  /** Every refusal names the member: `element.shadowRoot`, `element.form`, ... */
  const denyUnknown = (what: string, sample: () => object) =>
    new ProxyCtor(objectCreate(null) as object, {
      get(_t, key) {
        if (typeof key === 'string' && reflectHas(sample(), key)) ctx.deny(`${what}.${key}`);
        return undefined;
      },
      has: () => false,
    });

  let unwrap: (value: unknown) => Node | undefined;
  let unwrapStrict: (value: object) => Node;
  const node = (w: object): Node => unwrapStrict(w);
  const element = (w: object) => node(w) as HTMLElement;
  const arg = (value: unknown, what: string): Node => {
    const n = ctx.unwrap(value);
    if (!n) throw new TypeError(`${what}: expected a node from this package`);
    return n;
  };
  const mutable = (n: Node, what: string) => {
    if (!ctx.inScope(n)) ctx.deny(`${what} outside the package's elements`);
  };
  const notRoot = (n: Node, what: string) => {
    if (ctx.isRoot(n)) ctx.deny(`${what} on the element the app gave it`);
  };
  const toNodes = (items: unknown[]): (Node | string)[] => items.map((i) => (typeof i === 'string' ? i : arg(i, 'append')));
  const wrapAll = (list: ArrayLike<Node>) => freeze(Array.from(list, (n) => ctx.wrap(n)!));

  class PortcullisNode {
    #node: Node;
    constructor(key?: unknown, n?: Node) {
      if (key !== SECRET || !constructing) throw new TypeError('Illegal constructor');
      this.#node = n!;
    }
    static {
      // Closures, not static methods: `w.constructor` must offer no way to the real node.
      unwrap = (value) => (typeof value === 'object' && value !== null && #node in value ? (value as PortcullisNode).#node : undefined);
      unwrapStrict = (value) => {
        if (!(#node in value)) throw new TypeError('Illegal invocation');
        return (value as PortcullisNode).#node;
      };
    }
    get nodeType() { return (real.node.nodeType(node(this)) as number); }
    get nodeName() { return (real.node.nodeName(node(this)) as string); }
    get textContent() { return (real.node.textContent(node(this)) as string | null); }
    set textContent(value: unknown) {
      const n = node(this);
      mutable(n, 'textContent');
      real.setTextContent(n, value === null || value === undefined ? '' : String(value));
    }
    get nodeValue() { return (node(this) as CharacterData).nodeValue; }
    get parentNode() {
      const n = node(this);
      return ctx.isRoot(n) ? null : ctx.wrapInScope(real.node.parentNode(n));
    }
    get parentElement() {
      const p = this.parentNode;
      return p && (unwrap(p) as Node).nodeType === 1 ? p : null;
    }
    get childNodes() { return wrapAll((real.node.childNodes(node(this)) as NodeList)); }
    get firstChild() { return ctx.wrap(real.node.firstChild(node(this))); }
    get lastChild() { return ctx.wrap(real.node.lastChild(node(this))); }
    get nextSibling() {
      const n = node(this);
      return ctx.isRoot(n) ? null : ctx.wrapInScope(real.node.nextSibling(n));
    }
    get previousSibling() {
      const n = node(this);
      return ctx.isRoot(n) ? null : ctx.wrapInScope(real.node.previousSibling(n));
    }
    get isConnected() { return (real.node.isConnected(node(this)) as boolean); }
    get ownerDocument() { return ctx.facadeDocument(); }
    getRootNode() {
      let top: object = this;
      for (let up = (top as PortcullisNode).parentNode; up; up = (up as PortcullisNode).parentNode) top = up;
      return top;
    }
    hasChildNodes() { return (real.nodeMethods.hasChildNodes(node(this)) as boolean); }
    contains(other: unknown) {
      const o = ctx.unwrap(other);
      return o ? (real.nodeMethods.contains(node(this), o) as boolean) : false;
    }
    appendChild(child: unknown) {
      const n = node(this);
      const c = arg(child, 'appendChild');
      mutable(n, 'appendChild');
      mutable(c, 'appendChild');
      notRoot(c, 'appendChild');
      real.nodeMethods.appendChild(n, c);
      return child;
    }
    insertBefore(child: unknown, ref: unknown) {
      const n = node(this);
      const c = arg(child, 'insertBefore');
      mutable(n, 'insertBefore');
      mutable(c, 'insertBefore');
      notRoot(c, 'insertBefore');
      real.nodeMethods.insertBefore(n, c, ref === null || ref === undefined ? null : arg(ref, 'insertBefore'));
      return child;
    }
    removeChild(child: unknown) {
      const c = arg(child, 'removeChild');
      mutable(c, 'removeChild');
      notRoot(c, 'removeChild');
      real.nodeMethods.removeChild(node(this), c);
      return child;
    }
    replaceChild(next: unknown, old: unknown) {
      const o = arg(old, 'replaceChild');
      mutable(o, 'replaceChild');
      notRoot(o, 'replaceChild');
      real.nodeMethods.replaceChild(node(this), arg(next, 'replaceChild'), o);
      return old;
    }
    cloneNode(deep?: unknown) {
      const copy = (real.nodeMethods.cloneNode(node(this), Boolean(deep)) as Node);
      ctx.owned.add(copy);
      return ctx.wrap(copy);
    }
    addEventListener(type: unknown, fn: unknown, opts?: unknown) { events.listen(node(this), type, fn, opts); }
    removeEventListener(type: unknown, fn: unknown, opts?: unknown) { events.unlisten(node(this), type, fn, opts); }
    dispatchEvent(event: unknown) {
      const ev = events.ownEvent(event);
      if (!ev) ctx.deny('dispatchEvent of an event it did not create');
      return (real.eventTarget.dispatchEvent(node(this), ev) as boolean);
    }
  }

  class PortcullisCharacterData extends PortcullisNode {
    get data() { return (node(this) as CharacterData).data; }
    set data(value: unknown) { this.textContent = value; }
    get length() { return (node(this) as CharacterData).length; }
  }
  class PortcullisText extends PortcullisCharacterData {}
  class PortcullisComment extends PortcullisCharacterData {}

  class PortcullisParentNode extends PortcullisNode {
    get children() { return wrapAll((real.element.children(node(this)) as HTMLCollection)); }
    get firstElementChild() { return ctx.wrap((node(this) as Element).firstElementChild); }
    get lastElementChild() { return ctx.wrap((node(this) as Element).lastElementChild); }
    get childElementCount() { return (node(this) as Element).childElementCount; }
    querySelector(selector: unknown) {
      return ctx.wrap((real.elementMethods.querySelectorAll(node(this), String(selector)) as NodeList)[0]);
    }
    querySelectorAll(selector: unknown) {
      return wrapAll((real.elementMethods.querySelectorAll(node(this), String(selector)) as NodeList));
    }
    getElementsByTagName(tag: unknown) { return wrapAll((node(this) as Element).getElementsByTagName(String(tag))); }
    getElementsByClassName(names: unknown) { return wrapAll((node(this) as Element).getElementsByClassName(String(names))); }
    append(...items: unknown[]) {
      const n = node(this);
      mutable(n, 'append');
      if (items.length === 1 && typeof items[0] !== 'string') {
        // The common case, without arrays or spreads.
        real.nodeMethods.appendChild(n, checkNotRoot(arg(items[0], 'append')));
        return;
      }
      (n as Element).append(...toNodes(items).map(checkNotRoot));
    }
    prepend(...items: unknown[]) {
      mutable(node(this), 'prepend');
      (node(this) as Element).prepend(...toNodes(items).map(checkNotRoot));
    }
    replaceChildren(...items: unknown[]) {
      mutable(node(this), 'replaceChildren');
      (node(this) as Element).replaceChildren(...toNodes(items).map(checkNotRoot));
    }
  }
  /** A node the package moves: its own or in its subtrees, and never the element the app gave it. */
  const checkNotRoot = <N extends Node | string>(n: N): N => {
    if (typeof n !== 'string') {
      mutable(n as Node, 'append');
      notRoot(n as Node, 'append');
    }
    return n;
  };

  class PortcullisDocumentFragment extends PortcullisParentNode {}

  class PortcullisElement extends PortcullisParentNode {
    get tagName() { return (real.element.tagName(node(this)) as string); }
    get localName() { return (real.element.localName(node(this)) as string); }
    get namespaceURI() { return (real.element.namespaceURI(node(this)) as string | null); }
    get id() { return (real.element.id(node(this)) as string); }
    set id(value: unknown) { this.setAttribute('id', value); }
    get className() {
      const c = (real.element.className(node(this)) as unknown);
      return typeof c === 'string' ? c : this.getAttribute('class') ?? '';
    }
    set className(value: unknown) { this.setAttribute('class', value); }
    get classList() {
      mutable(node(this), 'classList');
      return classListOf(element(this));
    }
    getAttribute(name: unknown) {
      const n = String(name).toLowerCase();
      if (ctx.rules.isHiddenAttribute(n)) return null;
      return (real.elementMethods.getAttribute(node(this), n) as string | null);
    }
    hasAttribute(name: unknown) { return (real.elementMethods.hasAttribute(node(this), String(name).toLowerCase()) as boolean); }
    setAttribute(name: unknown, value: unknown) {
      const el = node(this);
      const n = String(name).toLowerCase();
      const v = String(value); // coerced once: what is checked is what is set (row 17)
      mutable(el, 'setAttribute');
      ctx.rules.checkAttribute((real.element.localName(el) as string), n, v);
      real.elementMethods.setAttribute(el, n, v);
    }
    removeAttribute(name: unknown) {
      mutable(node(this), 'removeAttribute');
      real.elementMethods.removeAttribute(node(this), String(name).toLowerCase());
    }
    toggleAttribute(name: unknown, force?: unknown) {
      const n = String(name).toLowerCase();
      const on = force === undefined ? !this.hasAttribute(n) : Boolean(force);
      if (on) this.setAttribute(n, '');
      else this.removeAttribute(n);
      return on;
    }
    get attributes() {
      return freeze(Array.from((real.element.attributes(node(this)) as NamedNodeMap), (a) => freeze({ name: a.name, value: ctx.rules.isHiddenAttribute(a.name) ? '' : a.value })));
    }
    matches(selector: unknown) { return (real.elementMethods.matches(node(this), String(selector)) as boolean); }
    closest(selector: unknown) {
      const s = String(selector);
      for (let el: object | null = this; el; el = (el as PortcullisNode).parentNode) {
        const n = unwrap(el)!;
        if (n.nodeType === 1 && (real.elementMethods.matches(n, s) as boolean)) return el;
      }
      return null;
    }
    getBoundingClientRect() {
      const r = (real.elementMethods.getBoundingClientRect(node(this)) as DOMRect);
      return freeze({ x: r.x, y: r.y, width: r.width, height: r.height, top: r.top, right: r.right, bottom: r.bottom, left: r.left });
    }
    get innerHTML() { return (real.element.innerHTML(node(this)) as string); }
    set innerHTML(html: unknown) {
      const el = node(this) as Element;
      mutable(el, 'innerHTML');
      el.replaceChildren(sanitizeHtml(String(html), { real, create: ctx.create, rules: ctx.rules, note: ctx.note }));
    }
    get outerHTML() { return (real.element.outerHTML(node(this)) as string); }
    set outerHTML(_html: unknown) { ctx.deny('outerHTML'); }
    insertAdjacentHTML(position: unknown, html: unknown) {
      const el = node(this) as Element;
      const where = String(position).toLowerCase();
      if (where === 'beforebegin' || where === 'afterend') notRoot(el, 'insertAdjacentHTML');
      mutable(el, 'insertAdjacentHTML');
      const fragment = sanitizeHtml(String(html), { real, create: ctx.create, rules: ctx.rules, note: ctx.note });
      if (where === 'beforebegin') el.before(fragment);
      else if (where === 'afterbegin') el.prepend(fragment);
      else if (where === 'beforeend') el.append(fragment);
      else if (where === 'afterend') el.after(fragment);
      else throw new SyntaxError(`insertAdjacentHTML: bad position ${where}`);
    }
    setHTMLUnsafe() { ctx.deny('setHTMLUnsafe'); }
    remove() {
      const n = node(this);
      mutable(n, 'remove');
      notRoot(n, 'remove');
      real.elementMethods.remove(n);
    }
    before(...items: unknown[]) { notRoot(node(this), 'before'); (node(this) as Element).before(...toNodes(items).map(checkNotRoot)); }
    after(...items: unknown[]) { notRoot(node(this), 'after'); (node(this) as Element).after(...toNodes(items).map(checkNotRoot)); }
    replaceWith(...items: unknown[]) { notRoot(node(this), 'replaceWith'); (node(this) as Element).replaceWith(...toNodes(items).map(checkNotRoot)); }
    get clientWidth() { return (real.elementGeometry.clientWidth(node(this)) as number); }
    get clientHeight() { return (real.elementGeometry.clientHeight(node(this)) as number); }
    get scrollWidth() { return (real.elementGeometry.scrollWidth(node(this)) as number); }
    get scrollHeight() { return (real.elementGeometry.scrollHeight(node(this)) as number); }
    get scrollTop() { return (real.elementGeometry.scrollTop(node(this)) as number); }
    get scrollLeft() { return (real.elementGeometry.scrollLeft(node(this)) as number); }
  }

  class PortcullisHTMLElement extends PortcullisElement {
    get style() { return style.styleOf(element(this)); }
    get dataset() { return datasetOf(element(this), ctx); }
    get hidden() { return (real.htmlElement.hidden(node(this)) as boolean); }
    set hidden(value: unknown) { this.toggleAttribute('hidden', Boolean(value)); }
    get title() { return element(this).title; }
    set title(value: unknown) { this.setAttribute('title', value); }
    get offsetWidth() { return (real.htmlElement.offsetWidth(node(this)) as number); }
    get offsetHeight() { return (real.htmlElement.offsetHeight(node(this)) as number); }
    get offsetTop() { return (real.htmlElement.offsetTop(node(this)) as number); }
    get offsetLeft() { return (real.htmlElement.offsetLeft(node(this)) as number); }
    get offsetParent() { return ctx.wrapInScope((real.htmlElement.offsetParent(node(this)) as Node | null)); }
    get innerText() { return element(this).innerText; }
    set innerText(value: unknown) { this.textContent = value; }
    focus() { real.htmlElementMethods.focus(node(this)); }
    blur() { real.htmlElementMethods.blur(node(this)); }
    click() {
      // Activating an app-owned link or submit button inside the granted root would navigate or submit.
      if (!ctx.owned.has(node(this))) ctx.deny('click() on an element it did not create');
      real.htmlElementMethods.click(node(this));
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
    set width(value: unknown) { real.canvas.setWidth(node(this), Number(value)); }
    get height() { return (real.canvas.height(node(this)) as number); }
    set height(value: unknown) { real.canvas.setHeight(node(this), Number(value)); }
    getContext(kind: unknown) {
      if (String(kind) !== '2d') ctx.deny(`canvas.getContext('${String(kind)}')`);
      const context = (real.canvas.getContext(node(this), '2d') as CanvasRenderingContext2D | null);
      return context ? Context2D.wrap(context, this) : null;
    }
    toDataURL(type?: unknown, quality?: unknown) {
      return (real.canvas.toDataURL(node(this), type === undefined ? undefined : String(type), quality === undefined ? undefined : Number(quality)) as string);
    }
  }

  // Members real elements of common kinds have (input.form, labels, shadowRoot, nonce, ...) are refused by name.
  let samples: Element[] | undefined;
  const elementSample = () => {
    samples ??= ['html', 'input', 'a', 'img', 'form', 'canvas', 'slot', 'label'].map((t) => (real.documentMethods.createElement(real.document, t) as Element));
    return new ProxyCtor(objectCreate(null) as object, { has: (_t, key) => samples!.some((el) => reflectHas(el, key)) });
  };
  setPrototypeOf(PortcullisNode.prototype, denyUnknown('element', elementSample));
  const classes = {
    Node: PortcullisNode, CharacterData: PortcullisCharacterData, Text: PortcullisText, Comment: PortcullisComment,
    DocumentFragment: PortcullisDocumentFragment, Element: PortcullisElement, HTMLElement: PortcullisHTMLElement,
    SVGElement: PortcullisSVGElement, HTMLCanvasElement: PortcullisCanvasElement,
  };

  /** A new wrapper of the right class for a real node (`htmlTag`: a node just made by createElement). */
  function create(n: Node, htmlTag?: string): object {
    const type = htmlTag === undefined ? (real.node.nodeType(n) as number) : 0;
    let Ctor: new (key: unknown, n: Node) => object = PortcullisNode;
    if (htmlTag !== undefined) Ctor = htmlTag === 'canvas' ? PortcullisCanvasElement : PortcullisHTMLElement;
    else if (type === 3) Ctor = PortcullisText;
    else if (type === 8) Ctor = PortcullisComment;
    else if (type === 11) Ctor = PortcullisDocumentFragment;
    else if (type === 1) {
      const ns = (real.element.namespaceURI(n) as string | null);
      const tag = (real.element.localName(n) as string);
      Ctor = ns === 'http://www.w3.org/2000/svg' ? PortcullisSVGElement : tag === 'canvas' ? PortcullisCanvasElement : ns === 'http://www.w3.org/1999/xhtml' ? PortcullisHTMLElement : PortcullisElement;
    }
    constructing = true;
    try {
      return new Ctor(SECRET, n);
    } finally {
      constructing = false;
    }
  }

  return { classes, create, unwrap: (value: unknown) => unwrap(value) };
}
