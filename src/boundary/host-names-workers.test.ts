// Invariant 1's per-package names (THREATS.md row 54, host-names.ts) for shared workers: a running SharedWorker is
// found by its URL and name, origin-wide, so a package granted `SharedWorker` (a tab-sync helper's grant) that
// constructs the app's worker URL with the app's name joins the app's running worker: it talks to the app's state
// and hears what the worker broadcasts to its clients. Its names get its prefix unless SharedWorker is "origin".
import { describe, expect, it } from 'vitest';
import { asInterfaces, createRealm } from '../plugin/test-realm.js';
import { HOST } from './test-host.js';

// As a browser's: one running worker per (url, name); a second construction with both joins it.
const SHARED = `{
  const running = new Map();
  class SharedWorker { constructor(url, options) {
    const name = typeof options === 'object' && options !== null ? String(options.name ?? '') : String(options ?? '');
    const key = String(url) + '#' + name;
    __calls.push('SharedWorker ' + key + (running.has(key) ? ' (joined)' : ' (started)'));
    running.set(key, true);
  } }
  Object.assign(globalThis, { SharedWorker });
  ${asInterfaces(['SharedWorker'])}
  new SharedWorker('/app-sync.js', 'app-sync'); // the app's own
}`;

describe("row 54: a SharedWorker's name is the package's own unless granted \"origin\"", () => {
  for (const [how, call] of [
    ['a name', "new SharedWorker('/app-sync.js', 'app-sync')"],
    ['options with a name', "new SharedWorker('/app-sync.js', { name: 'app-sync', type: 'classic' })"],
  ] as const) {
    it(`${how}: the app's own code joins its running worker; the package starts one of its own`, async () => {
      const r = await createRealm({ pkg: { globals: { SharedWorker: true } } }, 'enforce', {}, HOST + SHARED);
      r.run(call);
      expect(r.calls.at(-1)).toBe('SharedWorker /app-sync.js#app-sync (joined)');
      const { exports } = await r.load(`export function attack() { ${call}; }`);
      (exports.attack as () => void)();
      expect(r.calls.at(-1)).toBe('SharedWorker /app-sync.js#portcullis:pkg:app-sync (started)');
      const origin = await createRealm({ pkg: { globals: { SharedWorker: 'origin' } } }, 'enforce', {}, HOST + SHARED);
      const loaded = await origin.load(`export function attack() { ${call}; }`);
      (loaded.exports.attack as () => void)();
      expect(origin.calls.at(-1)).toBe('SharedWorker /app-sync.js#app-sync (joined)');
    });
  }
  it('a name whose getter answers twice is read once', async () => {
    const r = await createRealm({ pkg: { globals: { SharedWorker: true } } }, 'enforce', {}, HOST + SHARED);
    const { exports } = await r.load(`export function attack() { let n = 0;
      new SharedWorker('/app-sync.js', { get name() { return n++ === 0 ? 'mine' : 'app-sync'; } }); }`);
    (exports.attack as () => void)();
    expect(r.calls.at(-1)).toBe('SharedWorker /app-sync.js#portcullis:pkg:mine (started)');
  });
});
