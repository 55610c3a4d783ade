// Closed, hand-written stand-ins for `style`, `classList` and `dataset`. Threat (PITFALLS.md): a pass-through
// proxy let `d.style.constructor` reach the real CSSStyleDeclaration, whose prototype the package then patched,
// hijacking the app's own `style.setProperty()`. Nothing here forwards an unknown key.
import { call } from './real.js';
import type { DomContext } from './context.js';
import { defineProperty, freeze, objectCreate, ProxyCtor } from '../boundary/primordials.js';

/** camelCase style properties a package may read and write (values are checked by the rules). */
const STYLE_PROPERTIES = [
  'display', 'position', 'top', 'right', 'bottom', 'left', 'zIndex', 'width', 'height', 'minWidth', 'minHeight',
  'maxWidth', 'maxHeight', 'margin', 'marginTop', 'marginRight', 'marginBottom', 'marginLeft', 'padding',
  'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'color', 'background', 'backgroundColor', 'opacity',
  'border', 'borderColor', 'borderWidth', 'borderStyle', 'borderRadius', 'boxShadow', 'boxSizing', 'font',
  'fontSize', 'fontWeight', 'fontFamily', 'fontStyle', 'lineHeight', 'letterSpacing', 'textAlign', 'textDecoration',
  'textTransform', 'whiteSpace', 'overflow', 'overflowX', 'overflowY', 'visibility', 'cursor', 'pointerEvents',
  'transform', 'transformOrigin', 'transition', 'transitionDuration', 'transitionProperty', 'transitionTimingFunction',
  'animation', 'flex', 'flexDirection', 'flexWrap', 'justifyContent', 'alignItems', 'gap', 'gridTemplateColumns',
  'verticalAlign', 'userSelect', 'outline', 'fill', 'stroke', 'strokeWidth', 'willChange', 'filter',
] as const;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const ALLOWED = new Set<string>(STYLE_PROPERTIES.map(kebab));

export function createStyleClass(ctx: DomContext, atWall: (el: Node) => boolean) {
  const { real, rules } = ctx;
  const styles = new WeakMap<object, CSSStyleDeclaration>();
  /** The element of each style: one at the wall keeps the app's box (invariant 4, paint), checked at each write. */
  const elements = new WeakMap<object, Node>();
  const appBox = (s: object, prop: string) => {
    if (atWall(elements.get(s)!)) ctx.deny(`style.${prop} on the element the app gave it (its box is the app's)`);
  };
  const realStyle = (s: object) => {
    const style = styles.get(s);
    if (!style) throw new TypeError('Illegal invocation');
    ctx.live(elements.get(s)!); // a style kept from before: its element must still be the package's
    return style;
  };
  const set = (s: object, property: string, value: unknown, priority = '') => {
    const prop = String(property);
    const text = value === null || value === undefined ? '' : String(value); // coerced once
    if (!ALLOWED.has(prop)) ctx.deny(`style.${prop}`);
    const style = realStyle(s);
    appBox(s, prop);
    if (text !== '') rules.checkStyle(prop, text);
    ctx.mutable(elements.get(s)!, `style.${prop}`);
    // `url(#x)` names its own element `x` (ids.ts).
    real.style.setProperty(style, prop, rules.ids.ownCss(text), priority === 'important' ? 'important' : '');
  };

  class Style {
    setProperty(property: string, value: unknown, priority?: string) {
      set(this, property, value, priority);
    }
    getPropertyValue(property: string): string {
      return rules.ids.plainCss(real.style.getPropertyValue(realStyle(this), String(property)) as string);
    }
    removeProperty(property: string): string {
      const prop = String(property);
      if (!ALLOWED.has(prop)) ctx.deny(`style.${prop}`);
      const style = realStyle(this);
      appBox(this, prop);
      ctx.mutable(elements.get(this)!, `style.${prop}`);
      return real.style.removeProperty(style, prop);
    }
    get cssText(): string {
      return rules.ids.plainCss(realStyle(this).cssText);
    }
  }
  for (const name of STYLE_PROPERTIES) {
    const prop = kebab(name);
    defineProperty(Style.prototype, name, {
      get(this: object) {
        return rules.ids.plainCss(real.style.getPropertyValue(realStyle(this), prop) as string);
      },
      set(this: object, value: unknown) {
        set(this, prop, value);
      },
      enumerable: true,
      configurable: false,
    });
  }
  freeze(ctx.guard(Style.prototype));
  freeze(Style);
  return {
    styleOf(node: HTMLElement): object {
      const s = objectCreate(Style.prototype) as object;
      styles.set(s, (real.htmlElement.style(node) as CSSStyleDeclaration));
      elements.set(s, node);
      return s;
    },
  };
}

/** `classList`: the DOMTokenList methods, on the real element's class attribute. */
export function classListOf(el: Element, ctx: DomContext, write: () => void): object {
  const list = () => {
    ctx.live(el); // a classList kept from before: its element must still be the package's
    return el.classList;
  };
  const changed = () => {
    const l = list();
    ctx.mutable(el, 'classList');
    write();
    return l;
  };
  const tokens = (args: unknown[]) => args.map((a) => String(a));
  return freeze(ctx.guard({
    add: (...names: unknown[]) => changed().add(...tokens(names)),
    remove: (...names: unknown[]) => changed().remove(...tokens(names)),
    toggle: (name: unknown, force?: unknown) => (force === undefined ? changed().toggle(String(name)) : changed().toggle(String(name), Boolean(force))),
    contains: (name: unknown) => list().contains(String(name)),
    replace: (a: unknown, b: unknown) => changed().replace(String(a), String(b)),
    item: (i: unknown) => list().item(Number(i)),
    get length() {
      return list().length;
    },
    get value() {
      return list().value;
    },
    toString: () => list().value,
  }));
}

/** `dataset`: string keys to string values, every trap written out (no target the package could reach). */
export function datasetOf(el: HTMLElement, ctx: DomContext, write: () => void): object {
  const data = () => {
    ctx.live(el);
    return ctx.real.htmlElement.dataset(el) as DOMStringMap;
  };
  const change = (key: string) => {
    ctx.live(el);
    ctx.mutable(el, 'dataset');
    if (key === 'portcullisOwner' || key === 'portcullisWall') ctx.deny(`dataset.${key} (the mark its stylesheets are confined to is Portcullis's)`);
    write();
  };
  return new ProxyCtor(objectCreate(null) as object, ctx.guard<ProxyHandler<object>>({
    get: (_t, key) => (typeof key === 'string' ? data()[key] : undefined),
    set: (_t, key, value) => {
      if (typeof key !== 'string') return false;
      change(key);
      data()[key] = String(value);
      return true;
    },
    has: (_t, key) => typeof key === 'string' && key in data(),
    deleteProperty: (_t, key) => {
      if (typeof key !== 'string') return false;
      change(key);
      return delete data()[key];
    },
    ownKeys: () => Object.keys(data()),
    getOwnPropertyDescriptor: (_t, key) => {
      if (typeof key !== 'string' || !(key in data())) return undefined;
      return { value: data()[key], writable: true, enumerable: true, configurable: true };
    },
    defineProperty: () => false,
    getPrototypeOf: () => null,
    setPrototypeOf: () => false,
  }));
}
