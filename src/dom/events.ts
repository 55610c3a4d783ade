// Events as the package sees them: only the granted types, wrapped so that no field leads out of its nodes.
// Threats: `event.view` (2), target/relatedTarget/srcElement outside the package's nodes (2), composedPath() up to
// document and window (3), Firefox's originalTarget/explicitOriginalTarget (4), ErrorEvent/MessageEvent payloads
// from elsewhere (33, 41), and a synthetic bubbling event reaching the app's own listeners.
import { call } from './real.js';
import type { DomContext } from './context.js';
import { freeze } from '../boundary/primordials.js';

const NUMBER_FIELDS = [
  'clientX', 'clientY', 'pageX', 'pageY', 'screenX', 'screenY', 'offsetX', 'offsetY', 'movementX', 'movementY',
  'button', 'buttons', 'deltaX', 'deltaY', 'deltaZ', 'deltaMode', 'pointerId', 'width', 'height', 'pressure',
  'timeStamp', 'eventPhase', 'detail' /* UIEvent click count; CustomEvent's detail is handled apart */,
] as const;
const STRING_FIELDS = ['type', 'key', 'code', 'pointerType', 'inputType'] as const;
const BOOLEAN_FIELDS = ['bubbles', 'cancelable', 'defaultPrevented', 'isTrusted', 'altKey', 'ctrlKey', 'metaKey', 'shiftKey', 'repeat', 'isPrimary', 'composed'] as const;

export function createEventClasses(ctx: DomContext) {
  const wrappers = new WeakMap<Event, object>();
  const SECRET = {};
  let realEvent: (e: object) => Event;
  let isOwn: (e: object) => boolean;

  class PortcullisEvent {
    /** The real event: a private field, so an event of another package or a look-alike fails the brand check. */
    #event: Event;
    /** Made by this package (the only kind it may dispatch), rather than received from the page. */
    #own: boolean;
    static {
      realEvent = (e) => {
        if (!(#event in e)) throw new TypeError('Illegal invocation');
        return (e as PortcullisEvent).#event;
      };
      isOwn = (e) => #event in e && (e as PortcullisEvent).#own;
    }
    constructor(type: unknown, init?: { cancelable?: unknown; detail?: unknown }) {
      if (type === SECRET) {
        this.#event = init as unknown as Event; // a wrapper of a real event (wrapEvent below)
        this.#own = false;
        return;
      }
      // Events a package makes never bubble and never leave a shadow tree: dispatched on its own node, they
      // cannot reach the app's document-level listeners. (Event's defaults are exactly that.)
      const cancelable = Boolean(init?.cancelable);
      const ev =
        new.target === PortcullisCustomEvent
          ? new ctx.real.CustomEventCtor(String(type), { bubbles: false, composed: false, cancelable, detail: init?.detail })
          : cancelable
            ? new ctx.real.EventCtor(String(type), { bubbles: false, composed: false, cancelable })
            : new ctx.real.EventCtor(String(type));
      this.#event = ev;
      this.#own = true;
      wrappers.set(ev, this);
    }
    get target() {
      return ctx.wrapInScope(realEvent(this).target as Node);
    }
    get currentTarget() {
      return ctx.wrapInScope(realEvent(this).currentTarget as Node);
    }
    get srcElement() {
      return this.target;
    }
    get relatedTarget() {
      return ctx.wrapInScope((realEvent(this) as MouseEvent).relatedTarget as Node);
    }
    composedPath() {
      const path: EventTarget[] = ctx.real.event.composedPath(realEvent(this));
      const out: object[] = [];
      for (const node of path) {
        const w = ctx.wrapInScope(node as Node);
        if (w) out.push(w);
      }
      return freeze(out);
    }
    preventDefault() {
      ctx.real.event.preventDefault(realEvent(this));
    }
    stopPropagation() {
      ctx.real.event.stopPropagation(realEvent(this));
    }
    stopImmediatePropagation() {
      ctx.real.event.stopImmediatePropagation(realEvent(this));
    }
    getModifierState(key: unknown) {
      const ev = realEvent(this) as KeyboardEvent;
      return typeof ev.getModifierState === 'function' ? ev.getModifierState(String(key)) : false;
    }
  }
  const readField = (name: string, kind: 'number' | 'string' | 'boolean') =>
    function (this: object) {
      const value = (realEvent(this) as unknown as Record<string, unknown>)[name];
      return typeof value === kind ? value : undefined;
    };
  for (const name of NUMBER_FIELDS) Object.defineProperty(PortcullisEvent.prototype, name, { get: readField(name, 'number'), configurable: false });
  for (const name of STRING_FIELDS) Object.defineProperty(PortcullisEvent.prototype, name, { get: readField(name, 'string'), configurable: false });
  for (const name of BOOLEAN_FIELDS) Object.defineProperty(PortcullisEvent.prototype, name, { get: readField(name, 'boolean'), configurable: false });

  // Any other member a real event has (view, originalTarget, explicitOriginalTarget, rangeParent, source, error,
  // message, dataTransfer, ...) is refused by name.
  let sample: Event | undefined;
  Object.setPrototypeOf(
    PortcullisEvent.prototype,
    new Proxy(Object.create(null) as object, {
      get(_t, key) {
        sample ??= new ctx.real.window.MouseEvent('click');
        if (typeof key === 'string' && (key in sample || key === 'source' || key === 'error' || key === 'data' || key === 'originalTarget' || key === 'explicitOriginalTarget' || key === 'rangeParent')) ctx.deny(`event.${key}`);
        return undefined;
      },
      has: () => false,
    }),
  );

  class PortcullisCustomEvent extends PortcullisEvent {}

  function wrapEvent(ev: Event): object {
    let w = wrappers.get(ev);
    if (!w) {
      w = new PortcullisEvent(SECRET, ev as never);
      wrappers.set(ev, w);
    }
    return w;
  }

  /** One real listener per (listener, type, capture), taking `this` from currentTarget (PITFALLS.md: fast path). */
  const listeners = new WeakMap<object, Map<string, EventListener>>();
  function realListener(fn: unknown, type: string, capture: boolean, create: boolean): EventListener | undefined {
    if (typeof fn !== 'function' && (typeof fn !== 'object' || fn === null)) return undefined;
    let byKey = listeners.get(fn);
    const key = `${capture ? 1 : 0}${type}`;
    let listener = byKey?.get(key);
    if (listener || !create) return listener;
    listener = (ev: Event) => {
      const self = ctx.wrapInScope(ev.currentTarget as Node) ?? (ev.currentTarget === ctx.real.document ? ctx.facadeDocument() : null);
      const wrapped = wrapEvent(ev);
      if (typeof fn === 'function') call(fn as () => void, self, wrapped);
      else call((fn as { handleEvent: () => void }).handleEvent, fn, wrapped);
    };
    if (!byKey) listeners.set(fn, (byKey = new Map()));
    byKey.set(key, listener);
    return listener;
  }

  function options(opts: unknown): { capture: boolean; once: boolean; passive: boolean } {
    if (typeof opts === 'boolean') return { capture: opts, once: false, passive: false };
    const o = (opts ?? {}) as Record<string, unknown>;
    // Read once, as booleans: a getter-shaped options object cannot change its answer (row 17). No `signal`.
    return { capture: Boolean(o.capture), once: Boolean(o.once), passive: Boolean(o.passive) };
  }

  return {
    PortcullisEvent,
    PortcullisCustomEvent,
    /** The package's wrapper of a real event the host hands it (a whole `addEventListener` grant, `window.event`). */
    wrap: wrapEvent,
    /** The real event behind an event the package constructed itself (the only kind it may dispatch). */
    ownEvent(value: unknown): Event | undefined {
      return typeof value === 'object' && value !== null && isOwn(value) ? realEvent(value) : undefined;
    },
    listen(target: EventTarget, type: unknown, fn: unknown, opts: unknown) {
      const t = String(type);
      if (!ctx.events.has(t)) ctx.deny(`addEventListener('${t}') (dom.events)`);
      const o = options(opts);
      const listener = realListener(fn, t, o.capture, true);
      // A plain boolean when that says it all: the browser's fast path (measured 2× on the DOM micro-benchmark).
      if (listener) ctx.real.eventTarget.addEventListener(target, t, listener, o.once || o.passive ? o : o.capture);
    },
    unlisten(target: EventTarget, type: unknown, fn: unknown, opts: unknown) {
      const t = String(type);
      const listener = realListener(fn, t, options(opts).capture, false);
      if (listener) ctx.real.eventTarget.removeEventListener(target, t, listener, options(opts).capture);
    },
  };
}
