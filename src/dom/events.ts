// Events as the package sees them: only the granted types, wrapped so that no field leads out of its nodes.
// Threats: `event.view` (2), target/relatedTarget/srcElement outside the package's nodes (2), composedPath() up to
// document and window (3), Firefox's originalTarget/explicitOriginalTarget (4), ErrorEvent/MessageEvent payloads
// from elsewhere (33, 41). Invariant 4: listeners on the facade window/document hear events from outside the
// package's elements only for data-free types (row 63); events the package makes, and those its click()/focus()
// cause (acting.ts), are dispatched here, along its own elements only, never through the app's listeners (row 70).
import type { DomContext } from './context.js';
import type { DomTables } from './tables.js';
import { apply, freeze } from '../boundary/primordials.js';
import { DATA_FREE } from '../boundary/host-events.js';
import { defineEventFields } from './event-fields.js';


/** One package listener for one (type, capture, once), and the real listener that calls it. */
export interface Entry {
  type: string;
  capture: boolean;
  once: boolean;
  fn: unknown;
  invoke: (ev: Event, current: EventTarget, self?: unknown) => void;
  /** The real listener, and the options the real addEventListener gets with it. */
  listener: EventListener;
  options: boolean | AddEventListenerOptions;
}
/** The event being dispatched here (not by the browser): its current target, phase and stop flags. */
interface Manual { event: Event; path: EventTarget[]; current: EventTarget | null; phase: number; stopped: boolean; immediate: boolean }

export function createEventClasses(ctx: DomContext, tables: DomTables) {
  const { events: wrappers, listeners: byTarget } = tables;
  let manual: Manual | null = null;
  const SECRET = {};
  let realEvent: (e: object) => Event;
  let isOwn: (e: object) => boolean;
  /** The node an event the package made was dispatched on: a field of its wrapper (one stamp less per event). */
  let ownTarget: (ev: Event) => EventTarget | undefined;
  let setOwnTarget: (ev: Event, target: EventTarget) => void;

  class PortcullisEvent {
    /** The real event: a private field, so an event of another package or a look-alike fails the brand check. */
    #event: Event;
    /** Made by this package (the only kind it may dispatch), rather than received from the page. */
    #own: boolean;
    #ownTarget: EventTarget | undefined = undefined;
    static {
      realEvent = (e) => {
        if (!(#event in e)) throw new TypeError('Illegal invocation');
        return (e as PortcullisEvent).#event;
      };
      isOwn = (e) => #event in e && (e as PortcullisEvent).#own;
      // An event the package made has its wrapper from its constructor on (below), and only that wrapper.
      ownTarget = (ev) => {
        const w = wrappers.get(ev);
        return w !== undefined && #event in w ? (w as PortcullisEvent).#ownTarget : undefined;
      };
      setOwnTarget = (ev, target) => {
        (wrappers.get(ev) as PortcullisEvent).#ownTarget = target;
      };
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
      const ev = realEvent(this);
      return ctx.wrapInScope((ev.target ?? this.#ownTarget ?? null) as Node);
    }
    get currentTarget() {
      const ev = realEvent(this);
      const current = manual !== null && manual.event === ev ? manual.current : ev.currentTarget;
      return current === ctx.real.document ? ctx.facadeDocument() : ctx.wrapInScope(current as Node);
    }
    get eventPhase() {
      const ev = realEvent(this);
      return manual !== null && manual.event === ev ? manual.phase : ev.eventPhase;
    }
    get srcElement() {
      return this.target;
    }
    get relatedTarget() {
      return ctx.wrapInScope((realEvent(this) as MouseEvent).relatedTarget as Node);
    }
    composedPath() {
      const ev = realEvent(this);
      const path: EventTarget[] = manual !== null && manual.event === ev ? (manual.path.length === 1 ? pathOf(manual.path[0] as Node) : manual.path) : ctx.real.event.composedPath(ev);
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
      const ev = realEvent(this);
      if (manual !== null && manual.event === ev) manual.stopped = true;
      ctx.real.event.stopPropagation(ev);
    }
    stopImmediatePropagation() {
      const ev = realEvent(this);
      if (manual !== null && manual.event === ev) manual.stopped = manual.immediate = true;
      ctx.real.event.stopImmediatePropagation(ev);
    }
    getModifierState(key: unknown) {
      const ev = realEvent(this) as KeyboardEvent;
      return typeof ev.getModifierState === 'function' ? ev.getModifierState(String(key)) : false;
    }
  }
  defineEventFields(PortcullisEvent.prototype, realEvent);

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

  /** One real listener per (listener, type, capture, once, passive), taking `this` from currentTarget (PITFALLS.md:
   *  fast path). Several per (type, capture) never reach one target: listening() lets the first one only. */
  /** Per listener, per (capture, once, passive) as a number 0-7, per type: no key string built at each call. */
  const listeners = new WeakMap<object, (Map<string, Entry> | undefined)[]>();
  function entryOf(fn: unknown, type: string, capture: boolean, once: boolean, passive: boolean): Entry | undefined {
    if (typeof fn !== 'function' && (typeof fn !== 'object' || fn === null)) return undefined;
    let byFlags = listeners.get(fn);
    const flags = (capture ? 1 : 0) | (once ? 2 : 0) | (passive ? 4 : 0);
    let byType = byFlags?.[flags];
    let entry = byType?.get(type);
    if (entry) return entry;
    const { real } = ctx;
    const invoke = (ev: Event, current: EventTarget, known?: unknown) => {
      // Row 63: from outside the package's elements, the window and document say only that something happened.
      if ((current === real.window || current === real.document) && !DATA_FREE.has(type)) {
        const target = ev.target ?? ownTarget(ev);
        if (!(target instanceof real.Node) || !ctx.inScope(target)) return;
      }
      if (once) forget(current, entry!);
      const self = known ?? (current === real.document ? ctx.facadeDocument() : current === real.window ? undefined : ctx.wrapInScope(current as Node));
      const wrapped = wrapEvent(ev);
      // Reflect.apply straight: no helper frame under the listener (Firefox under automation records every frame
      // when it captures a stack); not a bound Function.prototype.call, which SpiderMonkey called 10× slower.
      if (typeof fn === 'function') apply(fn as () => void, self, [wrapped]);
      else apply((fn as { handleEvent: () => void }).handleEvent, fn, [wrapped]);
    };
    // A plain boolean when that says it all: the browser's fast path (measured 2× on the DOM micro-benchmark).
    const options = once || passive ? freeze({ capture, once, passive }) : capture;
    entry = { type, capture, once, fn, invoke, listener: (ev: Event) => invoke(ev, ev.currentTarget!), options };
    if (!byFlags) listeners.set(fn, (byFlags = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]));
    if (!byType) byFlags[flags] = byType = new Map();
    byType.set(type, entry);
    return entry;
  }
  function forget(target: EventTarget, entry: Entry) {
    const list = byTarget.get(target);
    const i = list ? list.indexOf(entry) : -1;
    if (i >= 0) {
      list!.splice(i, 1);
      if (entry.capture) captures--;
    }
    if (entry.once) ctx.real.eventTarget.removeEventListener(target, entry.type, entry.listener, entry.capture);
  }

  /** How many capture listeners the package has (anywhere): with none, a non-bubbling event needs no path. */
  let captures = 0;
  function runAt(state: Manual, type: string, node: EventTarget, phase: number) {
    const list = byTarget.get(node);
    if (!list || list.length === 0) return;
    state.current = node;
    state.phase = phase;
    const self = node === ctx.real.document ? ctx.facadeDocument() : node === ctx.real.window ? undefined : ctx.wrap(node as Node);
    // As the DOM: listeners added meanwhile wait for the next event; one removed meanwhile is not called.
    const entries = list.length === 1 ? list : list.slice();
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry.type !== type || (phase === 1 && !entry.capture) || (phase === 3 && entry.capture)) continue;
      if (entries !== list && list.indexOf(entry) < 0) continue;
      try {
        entry.invoke(state.event, node, self);
      } catch (error) {
        ctx.real.reportError(error); // as the browser does: a listener's exception does not reach the dispatcher
      }
      if (state.immediate) return;
    }
  }

  /** The target and its in-scope ancestors, then the document and window when it is in the page. */
  function pathOf(target: Node): EventTarget[] {
    let chain: Node[];
    if ((ctx.real.node.nodeType(target) as number) === 1) chain = ctx.scope.chainOf(target);
    else {
      const parent = ctx.scope.parentInScope(target);
      chain = parent && (ctx.real.node.nodeType(parent) as number) === 1 ? ctx.scope.chainOf(parent) : [];
      chain.unshift(target);
    }
    const path: EventTarget[] = chain;
    if (chain.length && (ctx.real.node.isConnected(target) as boolean)) path.push(ctx.real.document, ctx.real.window);
    return path;
  }

  /** Delivers `ev` to the package's listeners along its own elements (and its window/document listeners). */
  function dispatchHere(ev: Event, target: Node) {
    const type = ev.type;
    const bubbles = ev.bubbles;
    // The common case (no capture listener, no bubbling) needs no walk up; composedPath() walks when asked.
    const path = captures === 0 && !bubbles ? [target] : pathOf(target);
    if (path.length === 0) return;
    const outer = manual;
    const state: Manual = (manual = { event: ev, path, current: null, phase: 1, stopped: false, immediate: false });
    try {
      for (let i = path.length - 1; i > 0 && !state.stopped; i--) runAt(state, type, path[i]!, 1);
      if (!state.stopped) runAt(state, type, path[0]!, 2);
      if (bubbles) for (let i = 1; i < path.length && !state.stopped; i++) runAt(state, type, path[i]!, 3);
    } finally {
      manual = outer;
    }
  }


  /** The entry for a new listener on `target`, or undefined when there is none to add (`fn` not a listener, or
   *  there already). The caller adds `entry.listener` with `entry.options`: the real addEventListener is called
   *  straight from the wrapper's method, with no frame of this module's between (nodes.ts). */
  function listening(target: EventTarget, type: unknown, fn: unknown, opts: unknown): Entry | undefined {
    const t = String(type);
    if (!ctx.events.has(t)) ctx.deny(`addEventListener('${t}') (dom.events)`);
    // Read once, as booleans: a getter-shaped options object cannot change its answer (row 17). No `signal`.
    let capture = false;
    let once = false;
    let passive = false;
    if (typeof opts === 'boolean') capture = opts;
    else if (opts !== undefined && opts !== null) {
      const o = opts as Record<string, unknown>;
      capture = Boolean(o.capture);
      once = Boolean(o.once);
      passive = Boolean(o.passive);
    }
    const entry = entryOf(fn, t, capture, once, passive);
    if (!entry) return undefined;
    let list = byTarget.get(target);
    if (!list) byTarget.set(target, (list = []));
    for (const e of list) if (e.fn === fn && e.type === t && e.capture === capture) return undefined; // as the DOM: once per (fn, type, capture)
    list.push(entry);
    if (capture) captures++;
    return entry;
  }
  const captureOf = (opts: unknown) => (typeof opts === 'boolean' ? opts : opts !== undefined && opts !== null && Boolean((opts as { capture?: unknown }).capture));

  return {
    PortcullisEvent,
    PortcullisCustomEvent,
    /** The package's wrapper of a real event the host hands it (a whole `addEventListener` grant, `window.event`). */
    wrap: wrapEvent,
    /** The real event behind an event the package constructed itself (the only kind it may dispatch). */
    ownEvent(value: unknown): Event | undefined {
      return typeof value === 'object' && value !== null && isOwn(value) ? realEvent(value) : undefined;
    },
    listening,
    /** addEventListener on `target`, for the facade document and window (the node wrappers call listening()). */
    listen(target: EventTarget, type: unknown, fn: unknown, opts: unknown) {
      const entry = listening(target, type, fn, opts);
      if (entry) ctx.real.eventTarget.addEventListener(target, entry.type, entry.listener, entry.options);
    },
    unlisten(target: EventTarget, type: unknown, fn: unknown, opts: unknown) {
      const t = String(type);
      const capture = captureOf(opts);
      const list = byTarget.get(target);
      const entry = list?.find((e) => e.fn === fn && e.type === t && e.capture === capture);
      if (!entry) return;
      list!.splice(list!.indexOf(entry), 1);
      if (capture) captures--;
      ctx.real.eventTarget.removeEventListener(target, t, entry.listener, capture);
    },
    /** dispatchEvent of an event the package made: along its own elements only. */
    dispatchOwn(target: Node, ev: Event): boolean {
      if (manual !== null && manual.event === ev) throw new TypeError('dispatchEvent: the event is already being dispatched');
      setOwnTarget(ev, target);
      dispatchHere(ev, target);
      return !ev.defaultPrevented;
    },
    /** Runs a real click()/focus()/blur(): what it sets off reaches this package's listeners only. `onClick` sees
     *  each click it sets off first (to cancel one that would activate an app element, activation.ts). */
    act<T>(run: () => T, onClick?: (ev: Event) => void): T {
      return ctx.real.acting.run((ev) => {
        const target = ev.target;
        if (onClick && ev.type === 'click') onClick(ev);
        // A submission it set off: only of its own form, and only with dom.navigate (row 68).
        if (ev.type === 'submit' && (!ctx.grant.navigate || !(target instanceof ctx.real.Node) || !ctx.inScope(target))) ctx.real.event.preventDefault(ev);
        if (target instanceof ctx.real.Node && ctx.inScope(target)) dispatchHere(ev, target);
      }, run);
    },
  };
}
