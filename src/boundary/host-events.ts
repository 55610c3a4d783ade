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
import type { HostDomHook } from './host-membrane.js';
import type { HostRefs } from './host-refs.js';
import { apply, slice, MapCtor, StringCtor, WeakMapCtor } from './primordials.js';

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
  postMessage: unknown;
  document: object | undefined;
}

const read = (getter: Getter, event: object, key: string): unknown => (getter ? apply(getter, event, []) : (event as Record<string, unknown>)[key]);
const isPrimitive = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');

/** The api a report names, and the fix: `"addEventListener": "origin"` (violations.ts writes the snippet from it). */
export const pageEventsApi = (label: string, type: string) =>
  `${label}('${type}') on the window or document (page events: what the user does in the app, messages other windows post; the package is not told of them)`;

export function createEventFilter(options: {
  host: Pick<HostRefs, 'realGlobal' | 'isNode' | 'events'>;
  /** `addEventListener` granted "origin", or report mode: every event. */
  pageEvents: boolean;
  dom(): HostDomHook | undefined;
  /** Records a violation naming the package (no throw: the package is simply not told). */
  report(api: string): void;
}) {
  const { host, pageEvents, report } = options;
  const refs = host.events;
  const isPageTarget = (t: unknown) =>
    t === host.realGlobal || (t !== undefined && t === refs.document) || (t !== null && typeof t === 'object' && host.isNode(t));
  /** Primitives the package posted to its own window, with how many times, oldest first. */
  const pending = new MapCtor<unknown, number>();
  /** One answer per event, for each of the package's listeners (a posted message is heard back once). */
  const decided = new WeakMapCtor<object, boolean>();

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
    if (DATA_FREE.has(type) || type === 'storage' || type === 'message' || options.dom()) return;
    report(pageEventsApi(label, type));
  }

  return {
    listening,
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
    /** `window.onkeydown = fn` through a "write" grant: as a listener of that type. */
    handlerWritten(target: unknown, key: string, label: string): void {
      if (key.length > 2 && key[0] === 'o' && key[1] === 'n') listening(target, [slice(key, 2)], label);
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
