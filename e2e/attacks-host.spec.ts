// Invariant 1 ("Nothing real crosses") for what packages get from the host: THREATS.md rows 48 (callbacks' `this`),
// 49 (what granted host functions hand out), 50 (host prototypes written through any granted host object), 52's
// runtime part (blob:/data: workers), 53 (granted evaluators) and 54 (the origin's stores). The app is
// e2e/attacks/host: each attack first reaches the real thing in the plain build, then fails in the confined one,
// built by Vite and by Rollup.
import { ATTACK_BUILDS, openAttackApp } from './harness/attack-apps.ts';
import { expect, test } from './harness/fixtures.ts';

/** What the confined build must answer: the policy error's text, or (null) a converted value that is not the real one. */
const CONFINED: Record<string, RegExp | null> = {
  'timer-this': /"timer-thief" may not use fetch/,
  'timer-strict-this': /"timer-thief" may not use fetch/,
  'interval-this': /"timer-thief" may not use fetch/,
  'onmessage-this': /"timer-thief" may not use fetch/,
  'message-source': /"timer-thief" may not use fetch/,
  'event-target': /"event-thief" may not use .*target.* \(a real node of the page/,
  'event-srcElement': /"event-thief" may not use .*srcElement.* \(a real node of the page/,
  'event-view': null,
  'event-currentTarget': null,
  'event-composedPath': /"event-thief" may not use .*composedPath.* \(a real node of the page/,
  'window-event': /"event-thief" may not use .*target \(a real node of the page/,
  'handleEvent-ownerDocument': /"event-thief" may not use .*target.* \(a real node of the page/,
  // The way back: a listener object never crosses live. With methods hung on it, the host holds one converting view
  // (the event the package gets is converted); without, a copy or a fresh value (a handleEvent added later, or one
  // a Proxy hid from the check, is never seen).
  'listener-date': /"listener-thief" may not use document/,
  'listener-typed-array': null,
  'listener-error': /"listener-thief" may not use document/,
  'listener-map': /"listener-thief" may not use document/,
  'listener-number': /"listener-thief" may not use document/,
  'listener-fake-date': /"listener-thief" may not use document/,
  'listener-late-record': null,
  'listener-proxy': null,
  'listener-proxy-array': null,
  'frame-message-source': /"event-thief" may not use .*source \(an object of another window\)/,
  'new-image': /"event-thief" may not use new Image\(\) \(a real node of the page/,
  'domparser-document': /"event-thief" may not use .*parseFromString.* \(a real node of the page/,
  'observer-entry': null,
  'fetch-response': null,
  'headers-iterator-prototype': null,
  'proto-performance': /"proto-writer" may not use .*addEventListener \(a host prototype or constructor, read-only/,
  'proto-abortsignal': /"proto-writer" may not use .*addEventListener \(a host prototype or constructor, read-only/,
  'proto-matchmedia': /"proto-writer" may not use .*addEventListener \(a host prototype or constructor, read-only/,
  'proto-htmlelement': /"proto-writer" may not use .*addEventListener \(a host prototype or constructor, read-only/,
  'proto-idbrequest': /"proto-writer" may not use .*addEventListener \(a host prototype or constructor, read-only/,
  'proto-dunder': /"proto-writer" may not use .*addEventListener \(a host prototype or constructor, read-only/,
  'proto-constructor': /"proto-writer" may not use .*addEventListener \(a host prototype or constructor, read-only/,
  'proto-defineproperty': /"proto-writer" may not use .*addEventListener \(a host prototype or constructor, read-only/,
  'proto-reflect': /"proto-writer" may not use .*addEventListener \(a host prototype or constructor, read-only/,
  'proto-performance-now': /"proto-writer" may not use .*now \(a host prototype or constructor, read-only/,
  // A javascript: URL is refused by the membrane itself, CSP or not.
  'javascript-assign': /"nav-thief" may not use location\.assign\('javascript:…'\) \(a javascript: URL runs its code in the page/,
  'javascript-href': /"nav-thief" may not use location\.href\('javascript:…'\) \(a javascript: URL runs its code in the page/,
  'javascript-replace': /"nav-thief" may not use location\.replace\('javascript:…'\) \(a javascript: URL runs its code in the page/,
  // Under the app's CSP the evaluator throws EvalError; without it (src/boundary/host-membrane.test.ts) it is the
  // package's compartment. Either way not the real window.
  'function-this': null,
  'function-globalThis': null,
  'indirect-eval-this': null,
  'function-fetch': null,
  'storage-read': null,
  'storage-key': null,
  'storage-object-keys': null,
  'storage-clear': null,
  'session-read': null,
  'indexeddb-app-database': null,
  'indexeddb-databases': null,
  'caches-keys': null,
  'storage-event-app-key': null,
  'storage-event-own-key': null,
  'broadcast-app-channel': null,
  // Names the origin shares through host functions: its own lock names, its own private directory (red team s11).
  'lock-query': null,
  'lock-steal': null,
  'opfs-app-file': null,
  // Streams and ports: stand-ins, prototypes read-only.
  'stream-reader': null,
  'stream-iterator-prototype': null,
  'stream-tee': null,
  'stream-proto-write': /"stream-reader" may not use .*read \(a host prototype or constructor, read-only/,
  'transferred-port': null,
  // What a Map, a Set, an Error or a WeakRef of the app holds crosses like anything else; a container is a copy.
  'error-cause': /"error-monitor" may not use callback of addEventListener\(arg 0\)\.error\.cause \(a real node of the page/,
  'aggregate-errors': /"error-monitor" may not use callback of addEventListener\(arg 0\)\.reason\.errors\.1\.cause \(a real node/,
  'rejection-map': /"error-monitor" may not use callback of addEventListener\(arg 0\)\.reason\.element \(a real node/,
  'registry-map': /"error-monitor" may not use appApi\.elements\(\)\.root \(a real node of the page/,
  'registry-set': /"error-monitor" may not use appApi\.elements\(\)\.root \(a real node of the page/,
  'registry-weakref': /"error-monitor" may not use appApi\.elements\(\)\.root \(a real node of the page/,
  'registry-late': null,
  'frozen-function': /"error-monitor" may not use callback of appApi\.withRoot\(arg 0\) \(a real node of the page/,
  // A host function handed back to a scheduler runs as the package would call it: with no receiver.
  'deputy-timeout-listener': null,
  'deputy-interval-listener': null,
  // Row 63 without a dom section (src/boundary/host-events.ts): the page's events are not told; the violations name
  // the package (checked below).
  'page-keydown': null,
  'page-onkeydown': null,
  'page-login-message': null,
  'page-onerror': null,
  // Row 70: what it dispatches or posts to its own window reaches its own listeners only.
  'forged-escape': null,
  'forged-message': null,
  'posted-message': null,
  'forged-storage': null,
  'app-handler-call': /"page-forger" may not use onmessage\(\) \(the app's handler, called with an event the page did not deliver/,
  'forged-escape-dom': null,
  'posted-message-dom': null,
  'blob-worker': /"worker-maker" may not use new Worker\('blob:…'\)/,
  'data-worker': /"worker-maker" may not use new Worker\('data:…'\)/,
};
/**
 * What the confined build's attacks leave on the console, each the engine's own report of the attack failing: the
 * host function a deputy attack scheduled runs as the package would call it, with no receiver (Chromium, Firefox,
 * WebKit wordings), Firefox and WebKit report a listener object whose host-side copy has no `handleEvent`, and
 * WebKit's log recorder (after load) hears the app's own error and rejection events as page errors, and at times
 * listener-thief's refusal a second time (seen in WebKit only, from the listeners that hear the event converted;
 * not understood yet: each is caught inside the listener).
 */
const EXPECTED_ERRORS =
  /Illegal invocation|does not implement interface EventTarget|Can only call EventTarget|Property 'handleEvent' is not callable|'handleEvent' property of event listener should be callable|^app report: |^Portcullis: package "listener-thief" may not use document /;
/** Attacks whose plain outcome depends on the engine (a data: worker, an API an engine lacks): shown where they work. */
const ENGINE_DEPENDENT = new Set(['data-worker', 'caches-keys', 'indexeddb-databases', 'opfs-app-file', 'stream-iterator-prototype']);

/**
 * What such packages need, working in both builds: its own message to its own window comes back (setImmediate-style
 * queues; with the window as `source`), its own synthetic key reaches its own listener, a data-free event the page.
 */
const NOT_ATTACKS = ['page-own-message', 'forger-own-key', 'forger-resize', 'forger-immediate'];
/**
 * Known deviation (DESIGN.md invariant 5): `event.source === globalThis` (setImmediate's check of its own message) is
 * false confined: the real window crosses as the package's global, but each module's `globalThis` is its own object
 * inheriting from it (src/runtime/registry.ts, violations name the module), and the membrane cannot tell which module
 * it hands the window to. The `setimmediate` package then never runs its tasks by messages (it falls back to none).
 */
const DEVIATIONS = { 'forger-immediate-source': 'event.source is the package global, not the module global that globalThis is' };

for (const build of ATTACK_BUILDS) {
  test.describe(build.bundler, () => {
    test.describe.configure({ mode: 'serial' });

    test('host attack app: every attack reaches the real thing in the plain build', async ({ browserPage }) => {
      const plain = await openAttackApp(browserPage, 'host', build.plain);
      for (const id of Object.keys(CONFINED)) {
        if (ENGINE_DEPENDENT.has(id) && plain.results[id]?.outcome !== 'reached') continue;
        expect(plain.results[id], id).toMatchObject({ outcome: 'reached' });
      }
      for (const id of NOT_ATTACKS) expect(plain.results[id], id).toMatchObject({ outcome: 'reached' });
      for (const id of Object.keys(DEVIATIONS)) expect(plain.results[id], id).toMatchObject({ outcome: 'reached' });
    });

    for (const [id, why] of Object.entries(DEVIATIONS)) {
      test(`host attack app: ${id} works confined as in the plain build`, async ({ browserPage }) => {
        test.fixme(true, `known deviation: ${why}`);
        const confined = await openAttackApp(browserPage, 'host', build.confined);
        expect(confined.results[id], id).toMatchObject({ outcome: 'reached' });
      });
    }

    test('host attack app: every attack is stopped in the confined build, the app keeps working', async ({ browserPage }) => {
      const confined = await openAttackApp(browserPage, 'host', build.confined);
      for (const [id, error] of Object.entries(CONFINED)) {
        const result = confined.results[id];
        // An engine without CacheStorage, the private file system's createWritable, or streams' async iteration.
        if ((id === 'caches-keys' || id === 'opfs-app-file' || id === 'stream-iterator-prototype') && !result) continue;
        expect(result, id).toBeDefined();
        expect(result!.outcome, `${id}: ${result!.detail}`).toBe('failed');
        if (error) {
          expect(result!.errorName, `${id}: ${result!.detail}`).toBe('PortcullisPolicyError');
          expect(result!.detail, id).toMatch(error);
        }
      }
      // Its own key is heard, without the prefix, and the event's store is its own (no app token there).
      expect(confined.results['storage-event-own-key']!.detail).toBe('theme=null');
      // Its own message to its own window still comes back (setImmediate-style queues keep working).
      for (const id of NOT_ATTACKS) expect(confined.results[id], id).toMatchObject({ outcome: 'reached' });
      const told = confined.violations.filter((v) => v.package === 'page-listener').map((v) => v.api);
      expect(told.some((api) => /^addEventListener\('keydown'\) on the window or document \(page events/.test(api)), told.join('; ')).toBe(true);
      expect(told.some((api) => /^onkeydown\('keydown'\) on the window or document/.test(api)), told.join('; ')).toBe(true);
      expect(told.some((api) => /^addEventListener\('message'\) on the window or document/.test(api)), told.join('; ')).toBe(true);
      const forged = confined.violations.filter((v) => v.package === 'page-forger').map((v) => v.api);
      expect(forged.some((api) => /^dispatchEvent\('keydown'\) on the window or document \(page events: one the package makes reaches its own listeners only/.test(api)), forged.join('; ')).toBe(true);
      expect((await browserPage.consoleErrors()).filter((text) => !EXPECTED_ERRORS.test(text))).toEqual([]);
    });
  });
}
