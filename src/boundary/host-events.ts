// Invariant 1 for the events of the page itself (THREATS.md rows 33, 41, 49 and 63): a listener on the real window or
// document hears what happens anywhere in the app (the keys typed into its password field, pointer moves over it, a
// login popup posting its token to the opener, the app's iframe messages, the app's errors, its history state). The
// one table of event types that carry nothing of the page is here; the attenuated DOM (src/dom/events.ts) uses it for
// its facade's listeners, the host membrane for every other path (a granted `addEventListener`, `document.
// addEventListener`, an `on*` handler stored through a "write" grant, `window.event`).
// A package hears an event whose current target is the window, the document or a node only when:
// - its type is data-free (below), or a `storage` event (host-storage.ts decides those: its own keys only);
// - it is a `message` its own code posted to its own window: source the window itself, data a primitive it posted
//   (setImmediate polyfills, core-js's task queue; it learns nothing it did not know);
// - (a dom-mode package) its target is one of the package's own elements;
// - or its policy grants `addEventListener` "origin" (explain labels it), or the mode is report.
// Events of the host objects a package holds (its Worker, WebSocket, port, channel, AbortSignal) are its own.
// Registering for a type it can never hear is reported, naming the package; the listener is simply never told.
// The other way (row 70): what a package dispatches on the window or document, and what it posts to its own window,
// reaches its own listeners only, unless the type is data-free (a `resize` to make the page lay out again) or its
// policy grants `addEventListener` "origin": the app's listeners would take a forged Escape for the user's, a message
// of the page's own origin for its login callback's, a `storage` event for another tab's logout. Each listener the
// package adds to a page target is added to that target's *own* stand-in too (a bare EventTarget the package sees as
// its window), where such events are dispatched; a posted message arrives there a task later, cloned, with the
// window as `source` (setImmediate's check), as the window would deliver it.
import type { HostDomHook } from './host-membrane.js';
import type { HostRefs } from './host-refs.js';
import { apply, slice, MapCtor, StringCtor, WeakMapCtor, WeakSetCtor } from './primordials.js';

type Fn = (...args: unknown[]) => unknown;

/** Window/document events that carry nothing of the page: heard whatever their target. */
export const DATA_FREE: ReadonlySet<string> = new Set([
  'resize', 'scroll', 'scrollend', 'visibilitychange', 'load', 'DOMContentLoaded', 'readystatechange', 'pageshow', 'pagehide',
  'online', 'offline', 'languagechange', 'orientationchange',
]);

/** How many primitives a package may have posted and not yet heard back (a poster with no listener must not grow it). */
const MAX_PENDING = 256;

type Getter = ((this: object) => unknown) | undefined;
export interface EventRefs {
  currentTarget: Getter;
  type: Getter;
  target: Getter;
  /** MessageEvent.prototype's source and data getters. */
  source: Getter;
  data: Getter;
  ports: Getter;
  /** EventTarget.prototype.addEventListener and the window's postMessage. */
  addEventListener: unknown;
  removeEventListener: unknown;
  dispatchEvent: unknown;
  postMessage: unknown;
  document: object | undefined;
  /** What a page target's own stand-in is made of; absent in a realm without them (the package's events go to the page). */
  own:
    | {
        EventTarget: new () => EventTarget;
        MessageChannel: new () => MessageChannel;
        MessageEvent: new (type: string, init: MessageEventInit) => MessageEvent;
        portPostMessage: (...args: unknown[]) => void;
        origin: string;
      }
    | undefined;
}

/** `onkeydown`, `onmessage`: an event handler property. */
const isHandlerKey = (key: string) => key.length > 2 && key[0] === 'o' && key[1] === 'n';

const read = (getter: Getter, event: object, key: string): unknown => (getter ? apply(getter, event, []) : (event as Record<string, unknown>)[key]);
const isPrimitive = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');

/** The api a report names, and the fix: `"addEventListener": "origin"` (violations.ts writes the snippet from it). */
export const pageEventsApi = (label: string, type: string) =>
  `${label}('${type}') on the window or document (page events: what the user does in the app, messages other windows post; the package is not told of them)`;

export function createEventFilter(options: {
  host: Pick<HostRefs, 'realGlobal' | 'isNode' | 'isEvent' | 'events' | 'URLCtor'>;
  /** `addEventListener` granted "origin", or report mode: every event. */
  pageEvents: boolean;
  dom(): HostDomHook | undefined;
  /** Records a violation naming the package (no throw: the package is simply not told). */
  report(api: string): void;
  /** Throws the policy error naming the package. */
  refuse(api: string): never;
  /** A page target's own stand-in was made: the package sees it as that target (its window). */
  ownTarget(own: object, target: object): void;
}) {
  const { host, pageEvents, report } = options;
  const refs = host.events;
  const isEventObject = (value: unknown): value is object => value !== null && typeof value === 'object' && host.isEvent(value);
  const isPageTarget = (t: unknown) =>
    t === host.realGlobal || (t !== undefined && t === refs.document) || (t !== null && typeof t === 'object' && host.isNode(t));
  /** Primitives the package posted to its own window, with how many times, oldest first. */
  const pending = new MapCtor<unknown, number>();
  /** One answer per event, for each of the package's listeners (a posted message is heard back once). */
  const decided = new WeakMapCtor<object, boolean>();

  /** Each page target's own stand-in (row 70): the package's listeners are there too, its events go there. */
  const owns = new MapCtor<object, EventTarget>();
  const ownOf = (target: object): EventTarget | undefined => {
    if (!refs.own || pageEvents) return undefined;
    let own = owns.get(target);
    if (!own) {
      owns.set(target, (own = new refs.own.EventTarget()));
      options.ownTarget(own, target);
    }
    return own;
  };
  /** The on<type> handlers stored on a page target for the package (handlerWritten). */
  const stored = new WeakSetCtor<Fn>();
  /** The app's handlers as the package holds them (appHandler) → the app's own function. */
  const appHandlers = new WeakMapCtor<Fn, Fn>();
  /** The on<type> handlers the package stored on a page target, as its own stand-in calls them. */
  const handlers = new MapCtor<EventTarget, Map<string, unknown>>();
  const reported = new MapCtor<string, true>();
  const keptOwn = (type: string) => {
    if (reported.has(type)) return;
    reported.set(type, true);
    // (Worded as the page events' reports: violations.ts suggests addEventListener "origin" for it.)
    report(`dispatchEvent('${type}') on the window or document (page events: one the package makes reaches its own listeners only, not the app's)`);
  };

  /** dispatchEvent of a page target, as the package holds it: a type with data goes to the target's own stand-in. */
  function dispatcher(real: Fn): Fn {
    return {
      dispatchEvent(this: object, event: unknown, ...rest: unknown[]) {
        let target: object = this;
        if (isEventObject(event) && isPageTarget(this)) {
          const type = StringCtor(read(refs.type, event, 'type'));
          const own = DATA_FREE.has(type) ? undefined : ownOf(this);
          if (own) (target = own), keptOwn(type);
        }
        return apply(real, target, [event, ...rest]);
      },
    }.dispatchEvent;
  }

  /** The window's postMessage, as the package holds it: to its own window, a task later, cloned (as the window would). */
  function poster(real: Fn): Fn {
    const own = refs.own!;
    let channel: MessageChannel | undefined;
    return {
      postMessage(this: object, message: unknown, ...rest: unknown[]) {
        // (A dom-mode package's facade listeners are never told of a window's message: nothing of it is lost.)
        const target = ownOf(host.realGlobal);
        if (!target) return apply(real, this, [message, ...rest]);
        // (message, targetOrigin, transfer) or (message, { targetOrigin, transfer }): a target origin not the page's
        // drops the message, as the window would.
        const bag = rest[0] !== null && typeof rest[0] === 'object' ? (rest[0] as { targetOrigin?: unknown; transfer?: unknown }) : undefined;
        const to = StringCtor((bag ? bag.targetOrigin : rest[0]) ?? '/');
        const transfer = (bag ? bag.transfer : rest[1]) ?? [];
        if (to !== '*' && to !== '/' && (!host.URLCtor || new host.URLCtor(to).origin !== own.origin)) return undefined;
        if (!channel) {
          channel = new own.MessageChannel();
          channel.port1.onmessage = (e: MessageEvent) => {
            const init = { data: read(refs.data, e, 'data'), origin: own.origin, source: host.realGlobal as Window, ports: read(refs.ports, e, 'ports') as MessagePort[] };
            apply(refs.dispatchEvent as Fn, target, [new own.MessageEvent('message', init)]);
          };
        }
        apply(own.portPostMessage, channel.port2, [message, transfer]);
        return undefined;
      },
    }.postMessage;
  }

  function ownMessage(event: object): boolean {
    if (read(refs.source, event, 'source') !== host.realGlobal) return false;
    const ports = read(refs.ports, event, 'ports') as { length?: number } | undefined;
    if (ports && ports.length) return false;
    const data = read(refs.data, event, 'data');
    const count = isPrimitive(data) ? pending.get(data) : undefined;
    if (count === undefined) return false;
    if (count > 1) pending.set(data, count - 1);
    else pending.delete(data);
    return true;
  }

  function inScope(event: object): boolean {
    const dom = options.dom();
    if (!dom) return false;
    const target = read(refs.target, event, 'target');
    return target !== null && typeof target === 'object' && host.isNode(target) && dom.fromHost(target) !== null;
  }

  /**
   * A listener registered on a real target, or an `on<type>` handler stored there (its arguments converted for the
   * host): a type the package can never hear is reported. Coerces the type once (a getter cannot answer twice).
   */
  function listening(target: unknown, args: unknown[], label: string): void {
    if (pageEvents || !isPageTarget(target)) return;
    const type = StringCtor(args[0]);
    args[0] = type;
    // (Its listener on the target's own stand-in too: it hears what it dispatches there. A handler stored has no
    // listener here: `window.onkeydown = fn` hears only the page's events.)
    const own = args.length > 1 && !DATA_FREE.has(type) ? ownOf(target as object) : undefined;
    if (own) apply(refs.addEventListener as Fn, own, args);
    if (DATA_FREE.has(type) || type === 'storage' || type === 'message' || options.dom()) return;
    report(pageEventsApi(label, type));
  }

  return {
    listening,
    /** removeEventListener on a real target: from its own stand-in too. */
    unlistening(target: unknown, args: unknown[]): void {
      if (pageEvents || !isPageTarget(target)) return;
      args[0] = StringCtor(args[0]);
      const own = owns.get(target as object);
      if (own) apply(refs.removeEventListener as Fn, own, args);
    },
    /**
     * What the package holds for a real function bound to `receiver` (a granted global): the page target's
     * dispatchEvent and the window's postMessage send to its own listeners; undefined: the real one as it is.
     */
    sender(real: unknown, receiver: unknown): Fn | undefined {
      if (pageEvents || !refs.own || !isPageTarget(receiver)) return undefined;
      if (real === refs.dispatchEvent) return dispatcher(real as Fn);
      if (real === refs.postMessage && receiver === host.realGlobal) return poster(real as Fn);
      return undefined;
    },
    /** May the package's listener be told of this real event? */
    heard(event: object): boolean {
      if (pageEvents) return true;
      const current = read(refs.currentTarget, event, 'currentTarget');
      if (!isPageTarget(current)) return true;
      const type = StringCtor(read(refs.type, event, 'type'));
      if (DATA_FREE.has(type) || type === 'storage') return true;
      let heard = decided.get(event);
      if (heard !== undefined) return heard;
      heard = type === 'message' && current === host.realGlobal ? ownMessage(event) : inScope(event);
      if (!heard && type === 'message') report(pageEventsApi('addEventListener', 'message'));
      decided.set(event, heard);
      return heard;
    },
    /**
     * `window.onkeydown = fn` through a "write" grant (`handler` converted for the host): as a listener of that type,
     * and the handler on the target's own stand-in too (`onmessage` hears the package's own posts).
     */
    handlerWritten(target: unknown, key: string, label: string, handler: unknown): unknown {
      if (!isHandlerKey(key)) return handler;
      const type = slice(key, 2);
      listening(target, [type], label);
      if (pageEvents || !isPageTarget(target) || typeof handler !== 'function') return handler;
      // The app's own handler put back (`const old = onmessage; onmessage = f; … onmessage = old`): the app's as it was.
      const app = appHandlers.get(handler as Fn);
      if (app) return app;
      // The browser calls some handlers with no event (`window.onerror(message, source, line, column, error)`, for
      // any script error of the app): told only of an event, as every listener (not of the app's errors, row 41).
      const storedFn = {
        [key](this: unknown, ...args: unknown[]) {
          const event = args[0];
          if (isEventObject(event)) return apply(handler as Fn, this, args);
          return undefined;
        },
      }[key]!;
      stored.add(storedFn);
      const own = DATA_FREE.has(type) ? undefined : ownOf(target as object);
      if (!own) return storedFn;
      let ofTarget = handlers.get(own);
      if (!ofTarget) handlers.set(own, (ofTarget = new MapCtor()));
      if (!ofTarget.has(type)) {
        const table = ofTarget;
        apply(refs.addEventListener as Fn, own, [type, (event: Event) => {
          const fn = table.get(type);
          if (typeof fn === 'function') apply(fn as Fn, target, [event]);
        }]);
      }
      ofTarget.set(type, handler);
      return storedFn;
    },
    /** Is it a handler handlerWritten made (read back, the package's own function)? */
    isStored: (fn: unknown) => typeof fn === 'function' && stored.has(fn as Fn),
    /**
     * The app's `on<type>` handler of a page target, read by the package (a "write" grant reads too): it may pass on
     * the event it is being told of (`prev.call(this, event)`, as handler chains do), never call the app's handler
     * with an event of its own making (a message of the page's origin, a key) or a record shaped like one.
     */
    appHandler(real: unknown, receiver: unknown, label: string): Fn | undefined {
      const key = slice(label, label.lastIndexOf('.') + 1);
      if (pageEvents || typeof real !== 'function' || !isPageTarget(receiver) || !isHandlerKey(key)) return undefined;
      const wrapper = {
        [key](this: unknown, ...args: unknown[]) {
          const event = args[0];
          const delivered = isEventObject(event) && isPageTarget(read(refs.currentTarget, event, 'currentTarget'));
          if (!delivered) return options.refuse(`${label}() (the app's handler, called with an event the page did not deliver to the package)`);
          return apply(real as Fn, this, args);
        },
      }[key]!;
      appHandlers.set(wrapper, real as Fn);
      return wrapper;
    },
    /** The package posts to its own window: a primitive it may hear back. */
    posted(args: unknown[]): void {
      const data = args[0];
      if (pageEvents || !isPrimitive(data)) return;
      pending.set(data, (pending.get(data) ?? 0) + 1);
      if (pending.size > MAX_PENDING) for (const key of pending.keys()) return void pending.delete(key);
    },
  };
}
