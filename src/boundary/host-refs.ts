// The host references every package's membrane shares (invariant 1), captured when the runtime starts, before any
// other code has run: the real window, which values are host objects, what navigates or loads code from a URL, the
// origin's stores. Captured once, so a package or the app cannot change what the boundary checks against later.
import type { HostClassifier } from './host-classify.js';
import { createHostClassifier } from './host-classify.js';
import type { Intrinsics } from './intrinsics.js';
import type { EventRefs } from './host-events.js';
import { STORAGE_ROOTS } from './host-storage.js';
import { getOwnPropertyDescriptor, getPrototypeOf, MapCtor, StringCtor } from './primordials.js';

/** Host references captured when the runtime starts, shared by every package's membrane. */
export interface HostRefs {
  realGlobal: object;
  classifier(): HostClassifier;
  /** The intrinsics every compartment shares: the only objects of the host that cross as themselves. */
  intrinsics(): Intrinsics;
  isNode(value: object): boolean;
  isEvent(value: object): boolean;
  /** Worker and SharedWorker: never from a blob: or data: URL. */
  workers: ReadonlySet<unknown>;
  /** The real functions and setters that navigate to their first argument (location.assign, location.href's setter,
   *  document.location's, open, document.open, navigation.navigate): never to a javascript:, blob: or data: URL. */
  navigations: ReadonlySet<unknown>;
  /** Worklet.prototype.addModule, ServiceWorkerContainer.prototype.register: never a blob: or data: URL. */
  codeLoaders: ReadonlySet<unknown>;
  /** The page's real localStorage, sessionStorage, indexedDB and caches → their global name. */
  stores: ReadonlyMap<object, string>;
  isStorageEvent(value: object): boolean;
  /** BroadcastChannel: its name is the package's own (prefixed) unless granted "origin". */
  channels: ReadonlySet<unknown>;
  /** SharedWorker: its name is the package's own too (the same URL and name join the app's running worker). */
  sharedWorker: unknown;
  /** LockManager.prototype.request and query: lock names are the package's own (prefixed) unless granted "origin". */
  locks: { request: unknown; query: unknown };
  /** StorageManager.prototype.getDirectory: the package's own directory of the origin private file system. */
  files: { getDirectory: unknown; getDirectoryHandle: unknown };
  /** StorageBucketManager.prototype's open, delete and keys: refused unless granted "origin". */
  buckets: ReadonlySet<unknown>;
  /** Event fields' getters, EventTarget's addEventListener, the window's postMessage, the document (host-events.ts). */
  events: EventRefs;
  baseUrl(): string;
  URLCtor: typeof URL | undefined;
}

/** Stands for a function the browser lacks: no real function is it. */
const NONE = Object.freeze({});

/** What every package's host membrane shares, captured when the runtime starts (before any package code runs). */
export function captureHostRefs(realGlobal: typeof globalThis, intrinsics: () => Intrinsics): HostRefs {
  // One for the page, for both membranes (it reads every global's prototype: about 1.4 MB of heap), captured now,
  // while the runtime is the only code that has run: an app class defined later is not the host's.
  const classifier = createHostClassifier(realGlobal);
  const g = realGlobal as unknown as Record<string, unknown>;
  const ctor = (name: string) => (typeof g[name] === 'function' ? (g[name] as new () => object) : undefined);
  const NodeCtor = ctor('Node');
  const EventCtor = ctor('Event');
  const location = g.location as { href?: string } | undefined;
  const href = location && typeof location === 'object' ? StringCtor(location.href ?? '') : '';
  // What navigates to its first argument (Location's members are the location object's own, unforgeable ones).
  const navigations = new Set<unknown>();
  const member = (object: unknown, key: string, part: 'value' | 'set' | 'get') => {
    for (let o = object as object | null; o && typeof o === 'object'; o = getPrototypeOf(o) as object | null) {
      const d = getOwnPropertyDescriptor(o, key);
      if (d) return (d as Record<string, unknown>)[part];
    }
    return undefined;
  };
  for (const key of ['assign', 'replace']) navigations.add(member(location, key, 'value'));
  navigations.add(member(location, 'href', 'set'));
  navigations.add(member(realGlobal, 'location', 'set'));
  navigations.add(member(realGlobal, 'open', 'value'));
  navigations.add(member(g.navigation, 'navigate', 'value'));
  // `document.location = url` (Document.prototype's setter, PutForwards=href) and `document.open(url, name, features)`,
  // which is window.open with three arguments.
  navigations.add(member(g.document, 'location', 'set'));
  navigations.add(member(g.document, 'open', 'value'));
  navigations.delete(undefined);
  // What starts a realm from its first argument's URL, beside Worker: worklets (paint, audio, layout, animation) and
  // service workers. From a blob: or data: URL that realm runs code no build confined.
  const proto = (name: string) => (ctor(name)?.prototype as object | undefined);
  const codeLoaders = new Set([member(proto('Worklet'), 'addModule', 'value'), member(proto('ServiceWorkerContainer'), 'register', 'value')]);
  codeLoaders.delete(undefined);
  // The origin's stores, however a package reaches them (`event.storageArea`), are its own view of them or refused.
  const stores = new MapCtor<object, string>();
  for (const name of STORAGE_ROOTS) {
    try {
      const real = g[name];
      if (real !== null && typeof real === 'object') stores.set(real, name);
    } catch {
      // (A sandboxed frame's or a blocked-cookies page's localStorage throws: the page has none to reach.)
    }
  }
  const StorageEventCtor = ctor('StorageEvent');
  const getter = (object: unknown, key: string) => member(object, key, 'get') as ((this: object) => unknown) | undefined;
  /** What the package's own stand-in of a page target is made of (host-events.ts); undefined where the realm lacks one. */
  function ownTargets(): EventRefs['own'] {
    const [EventTargetCtor, MessageChannelCtor, MessageEventCtor] = [ctor('EventTarget'), ctor('MessageChannel'), ctor('MessageEvent')];
    const portPostMessage = member(proto('MessagePort'), 'postMessage', 'value');
    const origin = location && typeof location === 'object' ? (location as { origin?: unknown }).origin : undefined;
    if (!EventTargetCtor || !MessageChannelCtor || !MessageEventCtor || typeof portPostMessage !== 'function' || typeof origin !== 'string') return undefined;
    return {
      EventTarget: EventTargetCtor as unknown as new () => EventTarget,
      MessageChannel: MessageChannelCtor as unknown as new () => MessageChannel,
      MessageEvent: MessageEventCtor as unknown as new (type: string, init: MessageEventInit) => MessageEvent,
      portPostMessage: portPostMessage as (...args: unknown[]) => void,
      origin,
    };
  }
  const events: EventRefs = {
    currentTarget: getter(proto('Event'), 'currentTarget'),
    type: getter(proto('Event'), 'type'),
    target: getter(proto('Event'), 'target'),
    source: getter(proto('MessageEvent'), 'source'),
    data: getter(proto('MessageEvent'), 'data'),
    ports: getter(proto('MessageEvent'), 'ports'),
    addEventListener: member(proto('EventTarget'), 'addEventListener', 'value') ?? NONE,
    removeEventListener: member(proto('EventTarget'), 'removeEventListener', 'value') ?? NONE,
    dispatchEvent: member(proto('EventTarget'), 'dispatchEvent', 'value') ?? NONE,
    postMessage: member(realGlobal, 'postMessage', 'value') ?? NONE,
    own: ownTargets(),
    document: g.document !== null && typeof g.document === 'object' ? (g.document as object) : undefined,
  };
  return {
    realGlobal,
    classifier: () => classifier,
    intrinsics,
    navigations,
    codeLoaders,
    stores,
    isStorageEvent: StorageEventCtor ? (v) => v instanceof StorageEventCtor : () => false,
    channels: new Set([ctor('BroadcastChannel')].filter(Boolean)),
    sharedWorker: ctor('SharedWorker') ?? NONE,
    locks: { request: member(proto('LockManager'), 'request', 'value') ?? NONE, query: member(proto('LockManager'), 'query', 'value') ?? NONE },
    buckets: new Set(['open', 'delete', 'keys'].map((key) => member(proto('StorageBucketManager'), key, 'value')).filter(Boolean)),
    files: {
      getDirectory: member(proto('StorageManager'), 'getDirectory', 'value') ?? NONE,
      getDirectoryHandle: member(proto('FileSystemDirectoryHandle'), 'getDirectoryHandle', 'value'),
    },
    events,
    isNode: NodeCtor ? (v) => v instanceof NodeCtor : () => false,
    isEvent: EventCtor ? (v) => v instanceof EventCtor : () => false,
    workers: new Set([ctor('Worker'), ctor('SharedWorker')].filter(Boolean)),
    baseUrl: () => href,
    URLCtor: ctor('URL') as typeof URL | undefined,
  };
}

