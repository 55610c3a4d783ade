// (First: the app's own globals that error-monitor is granted, defined before any package runs.)
import { fillRegistry } from './app-globals.js';
// The host membrane's attack app (THREATS.md rows 48, 49, 50, 52 runtime part, 53, 54). Each package has the grants an
// innocent package of its kind gets; `reached` (the app's own code) says whether what came back is the real thing.
import * as timers from 'timer-thief';
import * as events from 'event-thief';
import * as protos from 'proto-writer';
import * as evaluator from 'evaluator';
import * as stores from 'store-thief';
import * as workers from 'worker-maker';
import * as listeners from 'listener-thief';
import * as deputy from 'timer-deputy';
import * as monitor from 'error-monitor';
import * as nav from 'nav-thief';
import * as names from 'name-thief';
import * as streams from 'stream-reader';
import * as page from 'page-listener';
import * as forger from 'page-forger';
import * as forgerDom from 'page-forger-dom';
import { attack, done, later } from './harness/attack.js';

const realFetch = window.fetch;
const button = document.getElementById('app-button');

// Row 48: callbacks' `this`.
for (const [id, run] of Object.entries({
  'timer-this': timers.viaTimeout, 'timer-strict-this': timers.viaStrictTimeout, 'interval-this': timers.viaInterval,
})) attack(id, run, (v) => v === realFetch);
// (requestAnimationFrame and queueMicrotask call back with `this` undefined, which bundled ES modules keep as is.)
await attack('onmessage-this', timers.viaOnmessage, (v) => v === realFetch);
await attack('message-source', timers.viaMessageSource, (v) => v === realFetch);

// Row 49: what granted host functions hand out. The listeners wait for the app's click below.
attack('event-target', events.target, (v) => v === button);
attack('event-srcElement', events.srcElement, (v) => v === button);
attack('event-view', events.view, (v) => v === window);
attack('event-currentTarget', events.currentTarget, (v) => v === window);
attack('event-composedPath', events.composedPath, (v) => Array.isArray(v) && v.includes(document));
attack('window-event', events.windowEvent, (v) => v === button);
attack('handleEvent-ownerDocument', events.handleEventThis, (v) => v === document);
// Row 49, the way back: a listener object the host holds live, whatever its kind (listener-thief).
for (const [id, run] of Object.entries({
  'listener-date': listeners.viaDate, 'listener-typed-array': listeners.viaTypedArray, 'listener-error': listeners.viaError,
  'listener-map': listeners.viaMap, 'listener-number': listeners.viaNumber, 'listener-fake-date': listeners.viaFakeDate,
  'listener-late-record': listeners.viaLateRecord, 'listener-proxy': listeners.viaProxy, 'listener-proxy-array': listeners.viaProxyArray,
})) attack(id, run, (v) => v === document.title);
button.click();
// Row 49 through another window: a message from the app's own frame carries that frame's window as its source.
document.cookie = 'app-session=s3cret';
attack('frame-message-source', events.frameDocument, (v) => typeof v === 'string' && v.includes('app-session=s3cret'));
document.body.append(Object.assign(document.createElement('iframe'), { src: './frame.html', title: "the app's frame" }));
attack('new-image', events.image, (v) => v instanceof HTMLImageElement);
attack('domparser-document', events.parsedDocument, (v) => v instanceof Document);
attack('observer-entry', events.observerEntry, (v) => v instanceof PerformanceEntry);
attack('fetch-response', events.response, (v) => v instanceof Response);
const headersIteratorProto = Object.getPrototypeOf(new Headers()[Symbol.iterator]());
attack('headers-iterator-prototype', events.headersIterator, (v) => v === headersIteratorProto);

// Row 50: shared host prototypes written from a granted host object; checked and undone by the app.
const originalAdd = EventTarget.prototype.addEventListener;
const replaced = () => {
  const changed = EventTarget.prototype.addEventListener !== originalAdd;
  EventTarget.prototype.addEventListener = originalAdd;
  return changed;
};
for (const [id, run] of Object.entries({
  'proto-performance': protos.viaPerformance, 'proto-abortsignal': protos.viaAbortSignal, 'proto-matchmedia': protos.viaMatchMedia,
  'proto-htmlelement': protos.viaHTMLElement, 'proto-idbrequest': protos.viaIDBRequest, 'proto-dunder': protos.viaDunderProto,
  'proto-constructor': protos.viaConstructor, 'proto-defineproperty': protos.viaDefineProperty, 'proto-reflect': protos.viaReflect,
})) await attack(id, run, replaced);
const originalNow = Performance.prototype.now;
await attack('proto-performance-now', protos.performanceNow, () => {
  const changed = Performance.prototype.now !== originalNow;
  Performance.prototype.now = originalNow;
  return changed;
});

// Row 53, an evaluator behind a URL: javascript: navigations (nav-thief), one at a time (each is checked and undone).
const navReached = () => {
  const got = window.__navThief === realFetch;
  delete window.__navThief;
  return got;
};
for (const [id, run] of Object.entries({ 'javascript-assign': nav.viaAssign, 'javascript-href': nav.viaHrefSetter, 'javascript-replace': nav.viaReplace })) {
  await attack(id, run, navReached);
}

// Row 53: a granted evaluator.
attack('function-this', evaluator.functionThis, (v) => v === window);
attack('function-globalThis', evaluator.functionGlobalThis, (v) => v === window);
attack('indirect-eval-this', evaluator.indirectEval, (v) => v === window);
attack('function-fetch', evaluator.functionFetch, (v) => v === realFetch);

// Row 54: the app's own stores.
localStorage.setItem('app-token', 'secret');
sessionStorage.setItem('app-token', 'secret');
await new Promise((resolve, reject) => {
  const open = indexedDB.open('app-db');
  open.onupgradeneeded = () => open.result.createObjectStore('kv');
  open.onsuccess = () => {
    const tx = open.result.transaction('kv', 'readwrite');
    tx.objectStore('kv').put('secret', 'token');
    tx.oncomplete = () => (open.result.close(), resolve());
    tx.onerror = () => reject(tx.error);
  };
  open.onerror = () => reject(open.error);
});
const hasCaches = typeof caches === 'object';
if (hasCaches) await caches.open('app-cache');
// The store a storage event names (another tab wrote it; the app's own dispatch stands in for it here): the app's key
// is not the package's to hear; its own key arrives with the package's own store as storageArea.
for (const [id, key] of [['storage-event-app-key', 'app-token'], ['storage-event-own-key', 'portcullis:store-thief:theme']]) {
  await attack(id, () => {
    const heard = stores.hearStorage();
    dispatchEvent(new StorageEvent('storage', { key, newValue: 'x', storageArea: localStorage }));
    return heard;
  }, (v) => typeof v === 'string' && v.endsWith('=secret'));
}
await attack('broadcast-app-channel', () => {
  const heard = stores.hearChannel();
  const app = new BroadcastChannel('app-auth');
  app.postMessage('secret');
  return heard.finally(() => app.close());
}, (v) => v === 'secret');
attack('storage-read', stores.readAppKey, (v) => v === 'secret');
attack('storage-key', stores.listKeys, (v) => v.includes('app-token'));
attack('storage-object-keys', stores.objectKeys, (v) => v.includes('app-token'));
attack('storage-clear', stores.clearAll, () => {
  const gone = localStorage.getItem('app-token') === null;
  localStorage.setItem('app-token', 'secret');
  return gone;
});
attack('session-read', stores.readSession, (v) => v === 'secret');
attack('indexeddb-app-database', stores.readAppDatabase, (v) => v === 'secret');
attack('indexeddb-databases', stores.listDatabases, (v) => v.includes('app-db'));
if (hasCaches) attack('caches-keys', stores.listCaches, (v) => v.includes('app-cache'));

// Row 54, names the origin shares through host functions (name-thief): the app's locks and its private files.
let appLock = 'held';
navigator.locks.request('app-refresh', () => new Promise(() => {})).catch(() => (appLock = 'stolen'));
navigator.locks.request('app-session', () => new Promise(() => {}));
await attack('lock-query', names.lockNames, (v) => v.includes('app-session'));
await attack('lock-steal', names.stealLock, async () => (await later(50), appLock === 'stolen'));
const hasFiles = await (async () => {
  try {
    const writable = await (await (await navigator.storage.getDirectory()).getFileHandle('app-file.txt', { create: true })).createWritable();
    await writable.write('secret');
    await writable.close();
    return true;
  } catch {
    return false; // (an engine without the private file system, or without createWritable)
  }
})();
if (hasFiles) await attack('opfs-app-file', names.readAppFile, (v) => v === 'secret');

// Row 49 with streams and ports (stream-reader): a body's reader, its async iterator's prototype,
// a tee, the reader's prototype written from inside, a port the app transfers.
attack('stream-reader', streams.reader, (v) => v instanceof ReadableStreamDefaultReader);
const streamIterator = new Response('x').body[Symbol.asyncIterator];
if (streamIterator) {
  const iteratorProto = Object.getPrototypeOf(new Response('x').body[Symbol.asyncIterator]());
  attack('stream-iterator-prototype', streams.iteratorPrototype, (v) => v === iteratorProto);
}
attack('stream-tee', streams.teed, (v) => v instanceof ReadableStream);
const originalRead = ReadableStreamDefaultReader.prototype.read;
await attack('stream-proto-write', streams.writeReaderPrototype, () => {
  const changed = ReadableStreamDefaultReader.prototype.read !== originalRead;
  ReadableStreamDefaultReader.prototype.read = originalRead;
  return changed;
});
await attack('transferred-port', () => {
  const heard = streams.transferredPort();
  const { port2 } = new MessageChannel();
  window.postMessage('channel', '*', [port2]);
  return heard;
}, (v) => v instanceof MessagePort);

// Row 63 without a dom section (page-listener): the page's own events. A key typed into the app's password field
// bubbles to the window; the app's login frame posts its token to the page. Not told confined; its own message is.
const password = Object.assign(document.createElement('input'), { type: 'password', id: 'app-password' });
document.body.append(password);
const heardKey = (v) => Array.isArray(v) && v.includes('app-password-key');
attack('page-keydown', page.keydown, heardKey);
attack('page-onkeydown', page.onkeydownHandler, heardKey);
attack('page-onerror', page.onerrorHandler, (v) => Array.isArray(v) && v.some((m) => m.includes('app-secret-error')));
setTimeout(() => {
  throw new Error('app report: app-secret-error'); // an uncaught error of the app's (its message is the app's)
}, 100);
attack('page-login-message', page.loginMessage, (v) => Array.isArray(v) && v.includes('oauth-token-s3cret'));
attack('page-own-message', page.ownMessage, (v) => v === 'page-listener$tick');
password.dispatchEvent(new KeyboardEvent('keydown', { key: 'app-password-key', bubbles: true }));
document.body.append(Object.assign(document.createElement('iframe'), { src: './login-callback.html', title: "the app's login callback" }));

// Row 70 without a dom section (page-forger): events it dispatches, messages it posts to its own window. The app's
// dialog closes on Escape, its login handler takes a token from a message of its own origin, another tab's logout
// (the session key removed) logs it out. Confined, they reach the package's own listeners only; a data-free event
// (resize) reaches the page, and its own message comes back to it with its window as source (setImmediate).
const appSaw = { keys: [], tokens: [], logouts: 0, resizes: 0 };
addEventListener('keydown', (e) => appSaw.keys.push(e.key));
addEventListener('message', (e) => e.origin === location.origin && e.data && e.data.token && appSaw.tokens.push(e.data.token));
addEventListener('storage', (e) => e.key === 'app-session' && e.newValue === null && appSaw.logouts++);
addEventListener('resize', () => appSaw.resizes++);
window.onmessage = (e) => e.origin === location.origin && e.data && e.data.token && appSaw.tokens.push(`handler:${e.data.token}`);
await attack('forged-escape', forger.escapeKey, () => appSaw.keys.includes('Escape'));
await attack('forged-message', forger.forgedMessage, () => appSaw.tokens.includes('forged-token'));
await attack('posted-message', forger.postedMessage, () => appSaw.tokens.includes('forged-posted-token'));
await attack('app-handler-call', forger.callAppHandler, () => appSaw.tokens.includes('handler:forged-handler-token'));
await attack('forged-storage', forger.forgedStorage, () => appSaw.logouts > 0);
// The same with a dom section (page-forger-dom): dispatchEvent and postMessage are still the membrane's.
await attack('forged-escape-dom', () => ((appSaw.keys.length = 0), forgerDom.escapeKey()), () => appSaw.keys.includes('Escape'));
await attack('posted-message-dom', forgerDom.postedMessage, () => appSaw.tokens.includes('forged-dom-token'));
await attack('forger-own-key', forger.ownEscape, (v) => v === 'page-forger-own-key');
await attack('forger-resize', forger.resize, () => appSaw.resizes > 0);
await attack('forger-immediate', forger.immediateData, (v) => v === 7);
await attack('forger-immediate-source', forger.immediateSource);

// Row 52, runtime part: workers from blob: and data: URLs.
attack('blob-worker', workers.blobWorker, (v) => v === 'function');
attack('data-worker', workers.dataWorker, (v) => v === 'function');

// Row 49, real objects inside values of the ECMAScript kinds (error-monitor). The app's registry and frozen API are
// globals its policy grants (src/app-globals.js); the events are the app's own reports.
fillRegistry();
for (const [id, run] of Object.entries({
  'error-cause': monitor.errorCause, 'aggregate-errors': monitor.aggregateErrors, 'rejection-map': monitor.rejectionMap,
  'registry-map': monitor.registryMap, 'registry-set': monitor.registrySet, 'registry-weakref': monitor.registryWeakRef,
  'registry-late': monitor.registryLate, 'frozen-function': monitor.frozenFunction,
})) attack(id, run, (v) => v === document.title);
// (The app's own reports, named so: WebKit's log recorder in the e2e harness hears them as page errors.)
const report = (event) => window.dispatchEvent(event);
report(new ErrorEvent('error', { error: new Error('app report: boom', { cause: button }) }));
const aggregate = new AggregateError([new Error('a'), new Error('b', { cause: button })]);
report(new PromiseRejectionEvent('rejectionhandled', { promise: Promise.resolve(), reason: aggregate }));
report(new PromiseRejectionEvent('unhandledrejection', { promise: Promise.resolve(), reason: Object.assign(new Map([['element', button]]), { toString: () => 'app report: a Map' }) }));

// Row 48, the confused deputy: a host function handed back to a timer runs on the real window (timer-deputy).
attack('deputy-timeout-listener', deputy.listenViaTimeout, (v) => v === 'app-secret-key');
attack('deputy-interval-listener', deputy.listenViaInterval, (v) => v === 'app-secret-key');
await new Promise((resolve) => setTimeout(resolve, 200));
window.dispatchEvent(new KeyboardEvent('keydown', { key: 'app-secret-key' }));
window.dispatchEvent(new KeyboardEvent('keyup', { key: 'app-secret-key' }));

done();
