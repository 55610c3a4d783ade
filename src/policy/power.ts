// What a grant hands over, in the words a reviewer must read first: `document` or `window` granted outright is
// *full power* (DESIGN.md, invariant 1: the package then holds real host objects and reaches every node, the network
// through forms and the app's own state), an origin-wide storage grant reaches the app's own keys and databases, and
// a whole host object such as `navigator` holds powers nobody reviewing "navigator" expects (`sendBeacon`).
// `portcullis explain`, `--check` and the review diff of `portcullis policy` print these labels; the generator
// writes whole objects only where the code's use cannot be narrowed (src/plugin/global-aliases.ts narrows the rest).
import { normalizeGrantKey } from '../shared/global-path.js';
import type { ResourcePolicy } from './schema.js';

export type PowerLevel = 'full' | 'origin' | 'whole';

export interface PowerLabel {
  key: string;
  level: PowerLevel;
  text: string;
}

/** Granted outright, these are the page itself. */
const FULL_POWER: Record<string, string> = {
  document: 'FULL POWER: the real document, unattenuated (every node, form, cookie and script of the page)',
  window: 'FULL POWER: the real window (every global, unmediated)',
  self: 'FULL POWER: the real window (every global, unmediated)',
  globalThis: 'FULL POWER: the real window (every global, unmediated)',
  top: 'FULL POWER: the top window (every global of the page, from a frame too)',
  parent: 'FULL POWER: the parent window (every global of the page)',
  frames: 'FULL POWER: the window (frames is the window itself)',
  opener: 'FULL POWER: the window that opened this one',
};

/** Globals that are another window: any path through them is that window's, unmediated. */
const OTHER_WINDOWS = new Set(['top', 'parent', 'frames', 'opener']);

/** Host objects whose members a reviewer would not all expect under their name. */
export const SURPRISING_OBJECTS: Record<string, string> = {
  navigator: 'sendBeacon, clipboard, credentials, serviceWorker, geolocation, …',
  performance: 'an EventTarget, timing of every resource the page loaded, …',
  PerformanceObserver: 'the timing and URL of every resource the page loads, query strings included',
  indexedDB: 'every database of the origin',
  location: 'navigation: assign, replace, href = …',
  history: 'pushState/replaceState: the address bar',
  caches: 'every cache of the origin',
  cookieStore: 'every cookie of the origin',
  'navigator.serviceWorker': "the app's service worker: its registration, its messages to the page, its push subscription",
  navigation: "every navigation of the page: its destination URL and the app's state for it",
};

/** Storage (and channel names) whose origin-wide grant reaches what the app and every other package stored or says. */
const STORAGE = new Set(['localStorage', 'sessionStorage', 'indexedDB', 'caches', 'cookieStore', 'BroadcastChannel']);
const under = (path: string, store: string) => path === store || path.startsWith(`${store}.`);

export function powerLabel(key: string, value: unknown): PowerLabel | undefined {
  const path = normalizeGrantKey(key);
  if (value === false) return undefined;
  if (value === 'origin' && under(path, 'navigator.storageBuckets')) return { key, level: 'origin', text: "the origin's storage buckets: the app's databases, caches and files in them" };
  if (value === 'origin' && under(path, 'navigator.storage')) return { key, level: 'origin', text: "the origin's private file system: the app's files and every other package's" };
  if (value === 'origin' && path === 'SharedWorker') return { key, level: 'origin', text: "origin-wide shared worker names: it joins the app's own shared workers (their state, their messages) and every other package's" };
  if (value === 'origin' && path === 'addEventListener') return { key, level: 'origin', text: "every event of the page's window and document: keys typed into the app, clicks and pointer moves over it, messages other windows post (a login popup's token), the app's errors and history state" };
  if (value === 'origin' && under(path, 'navigator.locks')) return { key, level: 'origin', text: "origin-wide lock names: it can hold or steal the app's own locks and every other package's, and list them" };
  if (value === 'origin' && STORAGE.has(path.split('.')[0]!)) {
    if (path.startsWith('BroadcastChannel')) return { key, level: 'origin', text: "origin-wide channel names: it hears and posts on the app's own channels and every other package's" };
    return { key, level: 'origin', text: "origin-wide storage: the app's own keys and every other package's, not only its own" };
  }
  // Cookies have no per-package names: any grant that reads or writes them (`cookieStore.get`, `document.cookie`)
  // reaches every cookie of the origin a script may see, the app's session included.
  if (under(path, 'cookieStore') || path === 'document.cookie') {
    return { key, level: 'origin', text: "every cookie of the origin that is not HttpOnly, the app's own session included (cookies have no per-package names)" };
  }
  if (value === true && FULL_POWER[path]) return { key, level: 'full', text: FULL_POWER[path] };
  const root = path.split('.')[0]!;
  if (value !== false && OTHER_WINDOWS.has(root)) {
    return { key, level: 'full', text: `FULL POWER: reaches through ${root}, another window of the page, unmediated` };
  }
  if (value === true && SURPRISING_OBJECTS[path]) return { key, level: 'whole', text: `whole ${path}: every member (${SURPRISING_OBJECTS[path]})` };
  return undefined;
}

/** The labelled grants of one package, full power first. */
export function powerLabels(resource: ResourcePolicy | undefined): PowerLabel[] {
  const labels: PowerLabel[] = [];
  for (const [key, value] of Object.entries(resource?.globals ?? {})) {
    const label = powerLabel(key, value);
    if (label) labels.push(label);
  }
  const order: PowerLevel[] = ['full', 'origin', 'whole'];
  return labels.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level) || (a.key < b.key ? -1 : 1));
}

/** Is the package full power under this policy entry (`document` or `window` granted outright)? */
export function isFullPower(resource: ResourcePolicy | undefined): boolean {
  return powerLabels(resource).some((l) => l.level === 'full');
}
