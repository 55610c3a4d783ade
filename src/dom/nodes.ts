// Hand-written wrapper classes, one family per package, the real node in a private field: a wrapper of another
// package fails the brand check, and no accessor hands out a real node, prototype or document (THREATS.md rows
// 1, 5, 6, 9, 10, 18). Reading a member the real element has but the wrapper does not is a policy error, so an
// unsupported API fails loudly instead of reading `undefined`. Invariant 4: every wrapper works only while its node
// is in the package's scope (scope.ts), and every tree mutation checks the scope of the parent it changes (row 66).
import type { DomContext } from './context.js';
import type { createEventClasses } from './events.js';
import { createElementClasses } from './elements.js';
import { createQueries } from './queries.js';
import { freeze, objectCreate, ProxyCtor, reflectHas, setPrototypeOf } from '../boundary/primordials.js';

type Events = ReturnType<typeof createEventClasses>;

export interface NodeTools {
  /** The real node of a wrapper of this package, while it is the package's; else a TypeError or a policy error. */
  node(w: object): Node;
  arg(value: unknown, what: string): Node;
  mutable(n: Node, what: string): Node;
  notRoot(n: Node, what: string): void;
  /** `n` may be moved (its own parent, if any, is in scope too) and is not a granted root. */
  movable<N extends Node | string>(n: N, what: string): N;
  /** `n`'s parent, which the package is about to change (before/after/replaceWith): must be in scope. */
  parentToChange(n: Node, what: string): Node;
  /** A node the package took out of its tree is the package's while detached (scope.ts). */
  taken(n: Node): void;
  toNodes(items: unknown[], what: string): (Node | string)[];
  wrapAll(list: ArrayLike<Node>): readonly object[];
  unwrap(value: unknown): Node | undefined;
  queries: ReturnType<typeof createQueries>;
}

export function createNodeClasses(ctx: DomContext, events: Events) {
  const { real, scope } = ctx;
  const SECRET = {};
  let constructing = false;
  const queries = createQueries(ctx);

  let unwrap: (value: unknown) => Node | undefined;
  let unwrapStrict: (value: object) => Node;
  const tools: NodeTools = {
    node(w) {
      const n = unwrapStrict(w);
      // A node the app moved out of the package's elements since: its wrapper no longer works (sight, row 62).
      if (!ctx.owned.has(n) && !ctx.inScope(n)) ctx.deny('a node that is no longer inside the package\'s elements');
      return n;
    },
    arg(value, what) {
      const n = ctx.unwrap(value);
      if (!n) throw new TypeError(`${what}: expected a node from this package`);
      return n;
    },
    mutable: ctx.mutable,
    notRoot(n, what) {
      if (ctx.isRoot(n)) ctx.deny(`${what} on the element the app gave it`);
    },
    movable(n, what) {
      if (typeof n === 'string') return n;
      const node = n as Node;
      if (!ctx.inScope(node)) ctx.deny(`${what} outside the package's elements`);
      tools.notRoot(node, what);
      if (real.node.parentNode(node) !== null && scope.parentInScope(node) === null) ctx.deny(`${what} of a node out of the app's elements`);
      return n;
    },
    parentToChange(n, what) {
      const p = scope.parentInScope(n);
      if (!p) ctx.deny(`${what} next to the package's elements (the parent is the app's)`);
      return p;
    },
    taken(n) {
      if (!ctx.owned.has(n)) scope.taken.add(n);
    },
    toNodes: (items, what) => items.map((i) => tools.movable(typeof i === 'string' ? i : tools.arg(i, what), what)),
    wrapAll: (list) => freeze(Array.from(list, (n) => ctx.wrap(n)!)),
    unwrap: (value) => unwrap(value),
    queries,
  };
  const { node, arg, mutable, movable, toNodes, wrapAll } = tools;

  /** Every refusal names the member: `element.shadowRoot`, `element.form`, ... */
  const denyUnknown = (what: string, sample: () => object) =>
    new ProxyCtor(objectCreate(null) as object, {
      get(_t, key) {
        if (typeof key === 'string' && reflectHas(sample(), key)) ctx.deny(`${what}.${key}`);
        return undefined;
      },
      has: () => false,
    });

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
    get parentNode() { return ctx.wrap(scope.parentInScope(node(this))); }
    get parentElement() {
      const p = scope.parentInScope(node(this));
      return p && (real.node.nodeType(p) as number) === 1 ? ctx.wrap(p) : null;
    }
    get childNodes() { return wrapAll((real.node.childNodes(node(this)) as NodeList)); }
    get firstChild() { return ctx.wrap(real.node.firstChild(node(this))); }
    get lastChild() { return ctx.wrap(real.node.lastChild(node(this))); }
    get nextSibling() {
      const n = node(this);
      return scope.parentInScope(n) === null ? null : ctx.wrap(real.node.nextSibling(n));
    }
    get previousSibling() {
      const n = node(this);
      return scope.parentInScope(n) === null ? null : ctx.wrap(real.node.previousSibling(n));
    }
    get isConnected() { return (real.node.isConnected(node(this)) as boolean); }
    get ownerDocument() { return ctx.facadeDocument(); }
    getRootNode() {
      let top: Node = node(this);
      for (let up = scope.parentInScope(top); up; up = scope.parentInScope(up)) top = up;
      return ctx.wrap(top);
    }
    hasChildNodes() { return (real.nodeMethods.hasChildNodes(node(this)) as boolean); }
    contains(other: unknown) {
      const o = ctx.unwrap(other);
      return o ? (real.nodeMethods.contains(node(this), o) as boolean) : false;
    }
    appendChild(child: unknown) {
      const n = node(this);
      mutable(n, 'appendChild');
      real.nodeMethods.appendChild(n, movable(arg(child, 'appendChild'), 'appendChild'));
      return child;
    }
    insertBefore(child: unknown, ref: unknown) {
      const n = node(this);
      mutable(n, 'insertBefore');
      const c = movable(arg(child, 'insertBefore'), 'insertBefore');
      real.nodeMethods.insertBefore(n, c, ref === null || ref === undefined ? null : arg(ref, 'insertBefore'));
      return child;
    }
    removeChild(child: unknown) {
      const n = node(this);
      mutable(n, 'removeChild');
      const c = movable(arg(child, 'removeChild'), 'removeChild');
      real.nodeMethods.removeChild(n, c);
      tools.taken(c);
      return child;
    }
    replaceChild(next: unknown, old: unknown) {
      const n = node(this);
      mutable(n, 'replaceChild');
      const o = movable(arg(old, 'replaceChild'), 'replaceChild');
      real.nodeMethods.replaceChild(n, movable(arg(next, 'replaceChild'), 'replaceChild'), o);
      tools.taken(o);
      return old;
    }
    cloneNode(deep?: unknown) {
      const n = node(this);
      const copy = (real.nodeMethods.cloneNode(n, Boolean(deep)) as Node);
      ctx.rules.ids.adopt(copy); // its ids are the package's own (ids.ts)
      // A copy of its own node is its own; a copy of the app's carries the app's attributes (an href it could not
      // set): taken, not made (scope.ts).
      if (ctx.owned.has(n)) ctx.owned.add(copy);
      else scope.taken.add(copy);
      return ctx.wrap(copy);
    }
    addEventListener(type: unknown, fn: unknown, opts?: unknown) {
      // The real call from this frame: Firefox under automation records the stack of every callback it is handed.
      const n = node(this);
      const entry = events.listening(n, type, fn, opts);
      if (entry) real.eventTarget.addEventListener(n, entry.type, entry.listener, entry.options);
    }
    removeEventListener(type: unknown, fn: unknown, opts?: unknown) { events.unlisten(node(this), type, fn, opts); }
    dispatchEvent(event: unknown) {
      const n = node(this);
      const ev = events.ownEvent(event);
      if (!ev) ctx.deny('dispatchEvent of an event it did not create');
      return events.dispatchOwn(n, ev);
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
    querySelector(selector: unknown) { return ctx.wrap(queries.queryAll(node(this), String(selector), true)[0]); }
    querySelectorAll(selector: unknown) { return wrapAll(queries.queryAll(node(this), String(selector), false)); }
    getElementsByTagName(tag: unknown) { return wrapAll((node(this) as Element).getElementsByTagName(String(tag))); }
    getElementsByClassName(names: unknown) { return wrapAll((node(this) as Element).getElementsByClassName(String(names))); }
    append(...items: unknown[]) {
      const n = node(this);
      mutable(n, 'append');
      if (items.length === 1 && typeof items[0] !== 'string') {
        // The common case, without arrays or spreads.
        real.nodeMethods.appendChild(n, movable(arg(items[0], 'append'), 'append'));
        return;
      }
      (n as Element).append(...toNodes(items, 'append'));
    }
    prepend(...items: unknown[]) {
      const n = node(this);
      mutable(n, 'prepend');
      (n as Element).prepend(...toNodes(items, 'prepend'));
    }
    replaceChildren(...items: unknown[]) {
      const n = node(this);
      mutable(n, 'replaceChildren');
      (n as Element).replaceChildren(...toNodes(items, 'replaceChildren'));
    }
  }

  class PortcullisDocumentFragment extends PortcullisParentNode {}

  const elements = createElementClasses(ctx, events, tools, PortcullisParentNode);

  // Members real elements of common kinds have (input.form, labels, shadowRoot, nonce, ...) are refused by name.
  let samples: Element[] | undefined;
  const elementSample = () => {
    samples ??= ['html', 'input', 'a', 'img', 'form', 'canvas', 'slot', 'label', 'button', 'dialog'].map((t) => (real.documentMethods.createElement(real.document, t) as Element));
    return new ProxyCtor(objectCreate(null) as object, { has: (_t, key) => samples!.some((el) => reflectHas(el, key)) });
  };
  setPrototypeOf(PortcullisNode.prototype, denyUnknown('element', elementSample));
  const classes = {
    Node: PortcullisNode, CharacterData: PortcullisCharacterData, Text: PortcullisText, Comment: PortcullisComment,
    DocumentFragment: PortcullisDocumentFragment, ...elements.classes,
  };

  /** A new wrapper of the right class for a real node (`htmlTag`: a node just made by createElement). */
  function create(n: Node, htmlTag?: string): object {
    let Ctor: new (key: unknown, n: Node) => object = PortcullisNode;
    if (htmlTag !== undefined) Ctor = elements.forHtmlTag(htmlTag);
    else {
      const type = real.node.nodeType(n) as number;
      if (type === 3) Ctor = PortcullisText;
      else if (type === 8) Ctor = PortcullisComment;
      else if (type === 11) Ctor = PortcullisDocumentFragment;
      else if (type === 1) Ctor = elements.forElement(n);
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
