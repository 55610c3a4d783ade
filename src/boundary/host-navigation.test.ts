// Invariant 1 with row 53 (an evaluator behind a URL), for navigations (host-guards.ts): a blob: URL of the
// package's own HTML, given to `open` (a share button's or FileSaver's grant) or to `location` (a router's), opens a
// document of the app's origin whose scripts no build confined (in a browser: its cookies, every store, `opener` the
// real window); `document.location`'s setter navigates as `location`'s does. The fake host records what it was asked
// to open: each navigation first happens as the app's own code, then is refused inside the package.
import { describe, expect, it } from 'vitest';
import { asInterfaces, createRealm, type Realm } from '../plugin/test-realm.js';
import { HOST } from './test-host.js';

// As a browser's: Blob holds the package's text, URL.createObjectURL mints a blob: URL of this origin, open and
// location navigate (recorded).
const BROWSER = `
  globalThis.__opened = []; globalThis.__blobs = new Map();
  class Blob { #parts; constructor(parts, init) { this.#parts = parts.join(''); this.type = init ? String(init.type) : ''; } text() { return Promise.resolve(this.#parts); } get size() { return this.#parts.length; } }
  class URL {
    constructor(u, base) { const m = /^\\s*([a-z][a-z0-9+.-]*:)/i.exec(String(u)); if (!m) throw new TypeError('Invalid URL'); this.protocol = m[1].toLowerCase(); this.href = String(u); }
    static createObjectURL(blob) { const u = 'blob:http://localhost/' + (__blobs.size + 1); __blobs.set(u, blob); return u; }
  }
  globalThis.Blob = Blob; globalThis.URL = URL;
  globalThis.open = function open(u) { __opened.push(String(u)); return null; };
  class Location {} globalThis.Location = Location;
  const loc = Object.create(Location.prototype);
  Object.defineProperties(loc, {
    href: { get: () => 'http://localhost/', set: (u) => __opened.push('href ' + String(u)), enumerable: true },
    assign: { value: (u) => __opened.push('assign ' + String(u)) },
  });
  Object.defineProperty(globalThis, 'location', { get: () => loc, configurable: false });
  ${asInterfaces(['Blob', 'URL', 'Location'])}
`;

const HTML = `'<script>opener.__escaped = opener.document.cookie; opener.fetch("/steal")<\\/script>'`;
const MAKE = `URL.createObjectURL(new Blob([${HTML}], { type: 'text/html' }))`;

async function browserRealm(): Promise<Realm> {
  return createRealm({ pkg: { globals: { Blob: true, URL: true, open: true, location: true } } }, 'enforce', {}, HOST + BROWSER);
}

function outcome(f: () => unknown): string {
  try {
    f();
    return 'ran';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('row 53: blob: URLs of the package\'s own HTML, navigated to', () => {
  it('open(\'javascript:…\') is refused', async () => {
    const r = await browserRealm();
    const { exports } = await r.load(`export function attack() { return open('javascript:opener.fetch(1)'); }`);
    expect(outcome(exports.attack as () => unknown)).toMatch(/PortcullisPolicyError: .*javascript:/);
  });

  for (const [kind, nav] of [
    ['open(blobURL) (grants Blob, URL, open)', 'open(u)'],
    ['location.assign(blobURL) (grants Blob, URL, location)', 'location.assign(u)'],
    ['location.href = blobURL (grants Blob, URL, location)', 'location.href = u'],
  ] as const) {
    it(`${kind}: the app opens it in the plain build; confined, the policy error and nothing opened`, async () => {
      const r = await browserRealm();
      const body = `const u = ${MAKE}; ${nav};`;
      r.run(`(() => { ${body} })()`);
      const plain = r.run('__opened.splice(0)') as string[];
      expect(plain.length).toBe(1);
      expect(plain[0]).toMatch(/blob:/);
      const { exports } = await r.load(`export function attack() { ${body} }`);
      const confined = outcome(exports.attack as () => unknown);
      const opened = r.run('__opened.slice()') as string[];
      expect({ confined, opened }).toEqual({ confined: expect.stringMatching(/PortcullisPolicyError: .*package "pkg" may not use .*\('blob:…'\) \(a document from a blob: URL/), opened: [] });
    });
  }
});

describe('row 53: document.location\'s setter (PutForwards=href) is a guarded navigation', () => {
  const DOC = `globalThis.__navigated = [];
    class Document { get location() { return null; } set location(u) { __navigated.push(String(u)); } }
    globalThis.Document = Document; globalThis.document = Object.create(Document.prototype);
    ${asInterfaces(['Document'])}`;
  it('document.location = \'javascript:…\' runs in the plain build and is refused confined', async () => {
    const r = await createRealm({ pkg: { globals: { 'document.location': 'write' } } }, 'enforce', {}, HOST + DOC);
    const body = `document.location = 'javascript:void(window.__stolen = fetch)';`;
    r.run(`(() => { ${body} })()`);
    expect(r.run('__navigated.splice(0)')).toEqual(['javascript:void(window.__stolen = fetch)']);
    const { exports } = await r.load(`export function attack() { ${body} }`);
    const confined = outcome(exports.attack as () => unknown);
    expect({ confined, navigated: r.run('__navigated.slice()') }).toEqual({ confined: expect.stringMatching(/PortcullisPolicyError: .*javascript:/), navigated: [] });
  });
});
