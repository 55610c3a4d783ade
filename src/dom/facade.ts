// One package's attenuated DOM: a facade `document`, its DOM interfaces, window-level listening, and the membrane
// through which the app hands it elements to draw in. A package sees only wrappers of its own nodes and of the
// subtrees the app granted it (its roots); nothing it can touch leads back to the real window or document.
import type { DomContext, DomGrantConfig } from './context.js';
import { call, type RealDom } from './real.js';
import { createEventClasses } from './events.js';
import { createNodeClasses } from './nodes.js';
import { createRules } from './rules.js';
import { createAppMembrane, describeHost } from '../boundary/app-membrane.js';
import type { Intrinsics } from '../boundary/intrinsics.js';
import { createScope } from './scope.js';
import { createDomTables } from './tables.js';
import { createMatcher, createSelectorEngine } from './selectors.js';
import { createQueries } from './queries.js';
import { NO_FORM } from './references.js';
import { createMutationObserverClass } from './observers.js';
import { FORBIDDEN_TAGS } from '../shared/forbidden-tags.js';
import { OWNER_ATTRIBUTE } from '../shared/owner-attribute.js';
import { createContainment } from './containment.js';
import { createConvert, guardMembers } from './guard.js';
import { defineProperty, freeze, getPrototypeOf, objectCreate, ProxyCtor, reflectHas, setPrototypeOf } from '../boundary/primordials.js';

export interface DomFacade {
  /** The package's `document`. */
  document: object;
  /** Globals of the package in dom mode: DOM interfaces (for instanceof), window add/removeEventListener. */
  globals: Record<string, unknown>;
  /** The app hands the package an element (its subtree becomes the package's): returns the package's wrapper. */
  grantRoot(element: Element): object;
  /** Values crossing from the app into the package, and back. */
  toPackage(value: unknown): unknown;
  toApp(value: unknown): unknown;
  /** The package's value behind its stand-in on the app's side, and that stand-in (app-membrane.ts). */
  packageValueOf(standIn: object): unknown;
  appStandInOf(value: object): object | undefined;
  /** For the host membrane (../boundary/host-membrane.ts): a real node, event or the document as the package may see
   *  it (its wrapper), or null when it is outside the package's nodes. */
  fromHost(real: object): object | null;
  /** For the host membrane: the real node or event behind one of the package's wrappers, else undefined. */
  toHost(value: object): object | undefined;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Elements a form can own (and submit). */
const FORM_CONTROLS = new Set(['button', 'input', 'select', 'textarea', 'fieldset', 'output']);
const HTML_NS = 'http://www.w3.org/1999/xhtml';

export function createDomFacade(options: {
  pkg: string;
  grant: DomGrantConfig;
  real: RealDom;
  deny: (api: string) => never;
  note: (api: string) => void;
  harden: <T>(value: T) => T;
  /** For the app's crossing: the shared intrinsics and the shared host classifier (src/boundary). */
  crossing: { intrinsics: Intrinsics; isHostObject(value: unknown): boolean; settled(): void };
}): DomFacade {
  const { pkg, grant, real, deny, harden } = options;
  const create = new Set(grant.create.map((t) => t.toLowerCase()).filter((t) => !FORBIDDEN_TAGS.has(t)));
  const tables = createDomTables();
  const scope = createScope(real, tables);
  const { roots, owned, inScope } = scope;
  // Invariant 4, paint (containment.ts).
  const containment = createContainment(real, pkg, grant.overlay ?? false, roots);
  const { wrappers } = tables;
  let facadeDocument: object;
  const powers = { overlay: grant.overlay ?? false, navigate: grant.navigate ?? false, readPixels: grant.readPixels ?? false };
  const rules = createRules({ real, pkg, scope, origins: grant.origins ?? [], overlay: powers.overlay, navigate: powers.navigate, deny });
  const engine = createSelectorEngine({ real, deny, hiddenAttribute: rules.isHiddenAttribute, idPrefix: rules.ids.prefix });
  const matcher = createMatcher(real);
  const preventSubmit = (ev: Event) => real.event.preventDefault(ev);
  const convert = createConvert(real.window);

  const ctx: DomContext = {
    pkg,
    real,
    create,
    events: new Set(grant.events),
    grant: powers,
    rules,
    scope,
    selectors: { compile: engine.compile, matchesAt: matcher.matchesAt },
    deny,
    note: options.note,
    wrap(n) {
      if (!n) return null;
      let w = wrappers.get(n);
      if (!w) wrappers.set(n, (w = nodes.create(n)));
      return w;
    },
    unwrap: (value) => nodes.unwrap(value),
    wrapInScope: (n) => (n && typeof n === 'object' && n instanceof real.Node && inScope(n) ? ctx.wrap(n) : null),
    inScope,
    isRoot: (n) => roots.has(n),
    owned,
    prepare(el, tag) {
      // Made by the package (createElement, or one of its HTML strings): its own, to change and click, and the
      // only elements its stylesheets style (src/plugin/css-scope.ts).
      owned.add(el);
      real.elementMethods.setAttribute(el, OWNER_ATTRIBUTE, pkg);
      // A form control names its form explicitly, never an app form it happens to sit in (row 64); a form of the
      // package's submits only with dom.navigate (row 68).
      if (FORM_CONTROLS.has(tag) && !(real.elementMethods.hasAttribute(el, 'form') as boolean)) real.elementMethods.setAttribute(el, 'form', NO_FORM);
      if (tag === 'form' && !powers.navigate) real.eventTarget.addEventListener(el, 'submit', preventSubmit, true);
    },
    facadeDocument: () => facadeDocument,
    guard: (target) => guardMembers(target, convert),
    live(n) {
      if (!owned.has(n) && !inScope(n)) deny('a node that is no longer inside the package\'s elements');
    },
    mutable(n, what) {
      // One walk up for both questions (writable, and the wall whose paint to contain): every write asks them.
      const wall = scope.writableWall(n);
      if (wall === null) return deny(inScope(n) ? `${what} on a node it took from the app (it may only put it back)` : `${what} outside the package's elements`);
      if (!powers.overlay && real.node.parentNode(wall) !== null) containment.wallPaints(wall);
      return wall;
    },
    paints(n) {
      if (powers.overlay) return;
      const wall = scope.wallOf(n);
      if (wall === null || real.node.parentNode(wall) === null) return;
      containment.wallPaints(wall);
    },
  };
  const events = createEventClasses(ctx, tables);
  const nodes = createNodeClasses(ctx, events);
  const queries = createQueries(ctx);
  const addRoot = (n: Node) => {
    roots.add(n);
    containment.root(n);
  };

  const own = (n: Node) => {
    owned.add(n);
    return ctx.wrap(n);
  };
  /** An element createElement just made: its class is known from the tag. */
  const ownNew = (n: Node, tag: string) => {
    ctx.prepare(n as Element, tag); // owned from here on
    const w = nodes.create(n, tag);
    wrappers.set(n, w);
    return w;
  };
  // Where `document.body`/`documentElement` point when the app granted nothing: detached, the package's own.
  let privateTree: { html: Element; body: Element } | undefined;
  const privateRoots = () => {
    if (!privateTree) {
      const html = (real.documentMethods.createElement(real.document, 'html') as Element);
      const body = (real.documentMethods.createElement(real.document, 'body') as Element);
      real.nodeMethods.appendChild(html, body);
      owned.add(html);
      privateTree = { html, body };
    }
    return privateTree;
  };
  const firstRoot = (): Node | undefined => roots.values().next().value;
  const findInRoots = (selector: string): Node | null => {
    for (const root of roots) {
      const found = queries.queryAll(root, selector, true, true)[0];
      if (found) return found;
    }
    return null;
  };

  class PortcullisDocument {
    constructor() {
      if (facadeDocument) throw new TypeError('Illegal constructor');
    }
    createElement(tag: unknown) {
      const t = String(tag).toLowerCase();
      if (!create.has(t)) deny(`document.createElement('${t}') (dom.create)`);
      return ownNew(real.documentMethods.createElement(real.document, t) as Node, t);
    }
    createElementNS(ns: unknown, tag: unknown) {
      const n = String(ns);
      const t = String(tag);
      if ((n !== SVG_NS && n !== HTML_NS) || !create.has(t.toLowerCase())) deny(`document.createElementNS('${n}', '${t}') (dom.create)`);
      const el = real.documentMethods.createElementNS(real.document, n, t) as Element;
      ctx.prepare(el, n === HTML_NS ? t.toLowerCase() : `svg:${t}`);
      return own(el);
    }
    createTextNode(text: unknown) { return own((real.documentMethods.createTextNode(real.document, String(text)) as Node)); }
    createDocumentFragment() { return own((real.documentMethods.createDocumentFragment(real.document) as Node)); }
    get body() { return ctx.wrap(firstRoot() ?? privateRoots().body); }
    get documentElement() { return ctx.wrap(privateRoots().html); }
    get head() { return null; }
    get defaultView(): undefined { return deny('document.defaultView'); }
    get readyState() { return real.document.readyState; }
    get visibilityState() { return real.document.visibilityState; }
    get hidden() { return real.document.hidden; }
    querySelector(selector: unknown) { return ctx.wrap(findInRoots(String(selector))); }
    querySelectorAll(selector: unknown) {
      const s = String(selector);
      const out: object[] = [];
      for (const root of roots) for (const n of queries.queryAll(root, s, false, true)) out.push(ctx.wrap(n)!);
      return freeze(out);
    }
    getElementById(id: unknown) {
      return ctx.wrap(findInRoots(`#${real.cssEscape(String(id))}`));
    }
    addEventListener(type: unknown, fn: unknown, opts?: unknown) { events.listen(real.document, type, fn, opts); }
    removeEventListener(type: unknown, fn: unknown, opts?: unknown) { events.unlisten(real.document, type, fn, opts); }
  }
  // Anything else the real document has (cookie, location, write, open, currentScript, adoptNode, ...) is refused.
  setPrototypeOf(
    PortcullisDocument.prototype,
    new ProxyCtor(objectCreate(null) as object, {
      get(_t, key) {
        if (typeof key === 'string' && reflectHas(real.document, key)) deny(`document.${key}`);
        return undefined;
      },
      has: () => false,
    }),
  );
  facadeDocument = new PortcullisDocument();

  const illegal = (name: string, proto: object) => {
    // A DOM interface for `instanceof` and constants; constructing one is refused, as in a browser.
    const ctor = function () {
      throw new TypeError('Illegal constructor');
    };
    defineProperty(ctor, 'prototype', { value: proto });
    defineProperty(ctor, 'name', { value: name });
    return ctor;
  };
  const interfaces: Record<string, unknown> = {};
  for (const [name, cls] of Object.entries(nodes.classes)) {
    interfaces[name] = illegal(name, cls.prototype);
    // `w.constructor` is the facade's interface, never the class that holds the private field.
    defineProperty(cls.prototype, 'constructor', { value: interfaces[name], writable: false, enumerable: false, configurable: false });
  }
  interfaces.EventTarget = interfaces.Node;
  interfaces.Event = events.PortcullisEvent;
  interfaces.CustomEvent = events.PortcullisCustomEvent;
  for (const name of ['MouseEvent', 'KeyboardEvent', 'PointerEvent']) interfaces[name] = events.PortcullisEvent;
  const globals: Record<string, unknown> = {
    ...interfaces,
    MutationObserver: createMutationObserverClass(ctx),
    addEventListener: (type: unknown, fn: unknown, opts?: unknown) => events.listen(real.window, type, fn, opts),
    removeEventListener: (type: unknown, fn: unknown, opts?: unknown) => events.unlisten(real.window, type, fn, opts),
  };

  // Prototypes and constructors are shared by the package's modules: frozen, so no module can spy on another.
  for (const cls of [...Object.values(nodes.classes), events.PortcullisEvent, events.PortcullisCustomEvent, PortcullisDocument, globals.MutationObserver]) {
    // Each prototype on its chain (PortcullisParentNode's too), up to the refusing stand-in at the top.
    for (let p = (cls as { prototype: object }).prototype; p !== null && p !== Object.prototype; p = getPrototypeOf(p) as object) ctx.guard(p);
    harden(cls);
  }
  harden(globals);

  // Elements (and text nodes) the app hands over become granted roots; no other real host object crosses.
  const membrane = createAppMembrane({
    intrinsics: options.crossing.intrinsics,
    isHostObject: (value) => value instanceof real.Node || options.crossing.isHostObject(value),
    hostToPackage(value, label) {
      const n = value as Node;
      if (!(value instanceof real.Node) || n === real.document || real.node.nodeType(n) === 9) {
        return deny(`${describeHost(value)} from the app (${label}); only elements cross into the attenuated DOM`);
      }
      if (!inScope(n)) addRoot(n);
      return ctx.wrap(n)!;
    },
    wrapperToApp: (value) => {
      const n = nodes.unwrap(value);
      if (n && owned.has(n)) containment.handedOut(n);
      return n;
    },
    refuse: (what, label) => deny(`${what} from the app (${label})`),
    settled: options.crossing.settled,
  });

  return {
    document: facadeDocument,
    globals,
    grantRoot(element) {
      if (!(element instanceof real.Node)) throw new TypeError('Portcullis: grant() takes a real element');
      return membrane.toPackage(element, 'grant()') as object;
    },
    toPackage: membrane.toPackage,
    toApp: membrane.toApp,
    packageValueOf: membrane.packageValueOf,
    appStandInOf: membrane.appStandInOf,
    fromHost(value) {
      if (value === real.document) return facadeDocument;
      if (value instanceof real.EventCtor) return events.wrap(value);
      return ctx.wrapInScope(value as Node);
    },
    toHost: (value) => nodes.unwrap(value) ?? events.ownEvent(value) ?? (value === facadeDocument ? real.document : undefined),
  };
}
