// Invariant 1's per-package names (THREATS.md row 54) for the origin private file system and storage buckets
// (host-names.ts): a package granted `navigator.storage.getDirectory` (what an SQLite-in-the-browser or a file cache
// helper needs) would get the origin's root, with every file the app keeps there; one granted
// `navigator.storageBuckets` would open the app's bucket by its name. Each attack first works as the app's own code,
// then is stopped inside the package.
import { describe, expect, it } from 'vitest';
import { asInterfaces, createRealm, type Realm } from '../plugin/test-realm.js';
import { HOST } from './test-host.js';

// As a browser's: one root per origin; a directory handle reaches its children only.
const FILES = `{
  class FileSystemHandle { #name; constructor(name) { this.#name = name; } get name() { return this.#name; } }
  const entries = new WeakMap();
  class FileSystemDirectoryHandle extends FileSystemHandle {
    constructor(name) { super(name); entries.set(this, new Map()); }
    async getDirectoryHandle(name, options) { return this.#get(name, options, () => new FileSystemDirectoryHandle(name)); }
    async getFileHandle(name, options) { return this.#get(name, options, () => new FileSystemFileHandle(name)); }
    async #get(name, options, make) {
      const map = entries.get(this); name = String(name);
      if (name.includes('/')) throw new TypeError('Name is not allowed.');
      if (!map.has(name)) { if (!options || !options.create) throw new DOMException('not found'); map.set(name, make()); }
      return map.get(name);
    }
    async names() { return [...entries.get(this).keys()]; }
  }
  class FileSystemFileHandle extends FileSystemHandle { text = ''; }
  const root = new FileSystemDirectoryHandle('');
  class StorageManager { getDirectory() { return Promise.resolve(root); } estimate() { return Promise.resolve({ usage: 1 }); } }
  class Navigator { get storage() { return storage; } }
  const storage = new StorageManager();
  globalThis.navigator = new Navigator();
  Object.assign(globalThis, { FileSystemHandle, FileSystemDirectoryHandle, FileSystemFileHandle, StorageManager, Navigator });
  ${asInterfaces(['FileSystemHandle', 'FileSystemDirectoryHandle', 'FileSystemFileHandle', 'StorageManager', 'Navigator'])}
  // The app's own database file.
  globalThis.appFile = root.getFileHandle('app.sqlite3', { create: true }).then((f) => { f.text = 'app secrets'; });
}`;

const READ = `export async function attack() {
  const root = await navigator.storage.getDirectory();
  let text; try { text = (await root.getFileHandle('app.sqlite3')).text; } catch (x) { text = x.message; }
  await root.getFileHandle('mine.db', { create: true });
  return [text, await root.names()];
}`;

async function filesRealm(globals: Record<string, true | 'origin'>): Promise<Realm> {
  const r = await createRealm({ pkg: { globals } }, 'enforce', {}, HOST + FILES);
  await r.run('appFile');
  return r;
}

describe('row 54: the private file system is the package\'s own directory unless granted "origin"', () => {
  for (const grant of ['navigator.storage.getDirectory', 'navigator.storage', 'navigator'] as const) {
    it(`${grant}: the app's own code reads the app's file; the package's root is its own`, async () => {
      const r = await filesRealm({ [grant]: true });
      const plain = (await r.run(`(async () => { ${READ.slice(READ.indexOf('{') + 1, READ.lastIndexOf('}'))} })()`)) as unknown[];
      expect(plain[0]).toBe('app secrets');
      const { exports } = await r.load(READ);
      expect(await (exports.attack as () => Promise<unknown>)()).toEqual(['not found', ['mine.db']]);
      // In the origin's root: the package's directory beside the app's files.
      expect(await r.run('navigator.storage.getDirectory().then((root) => root.names())')).toEqual(['app.sqlite3', 'mine.db', 'portcullis:pkg']);
    });
  }

  it('"origin" is the origin\'s root', async () => {
    const r = await filesRealm({ 'navigator.storage': 'origin' });
    const { exports } = await r.load(READ);
    expect(((await (exports.attack as () => Promise<unknown[]>)()) as unknown[])[0]).toBe('app secrets');
  });
});

describe('row 54: storage buckets are the origin\'s by name, refused unless granted "origin"', () => {
  // As a browser's: a bucket by name holds its own databases, caches and files; the app keeps one.
  const BUCKETS = `{
    const buckets = new Map();
    class StorageBucket { constructor(name) { this.name = name; this.secret = name === 'app-bucket' ? 'app secrets' : ''; } }
    class StorageBucketManager {
      async open(name) { if (!buckets.has(name)) buckets.set(name, new StorageBucket(name)); return buckets.get(name); }
      async keys() { return [...buckets.keys()]; }
      async delete(name) { buckets.delete(name); }
    }
    const manager = new StorageBucketManager();
    class Navigator { get storageBuckets() { return manager; } }
    globalThis.navigator = new Navigator();
    Object.assign(globalThis, { StorageBucket, StorageBucketManager, Navigator });
    ${asInterfaces(['StorageBucket', 'StorageBucketManager', 'Navigator'])}
    manager.open('app-bucket');
  }`;
  const OPEN = `export async function attack() { try { return [(await navigator.storageBuckets.open('app-bucket')).secret, await navigator.storageBuckets.keys()]; } catch (x) { return x.message; } }`;

  for (const grant of ['navigator.storageBuckets', 'navigator.storageBuckets.open', 'navigator'] as const) {
    it(`${grant}: the app's own code opens the app's bucket; the package is refused`, async () => {
      const r = await createRealm({ pkg: { globals: { [grant]: true, 'navigator.storageBuckets.keys': true } } }, 'enforce', {}, HOST + BUCKETS);
      expect(await r.run(`navigator.storageBuckets.open('app-bucket').then((b) => b.secret)`)).toBe('app secrets');
      const { exports } = await r.load(OPEN);
      expect(await (exports.attack as () => Promise<unknown>)()).toMatch(/"pkg" may not use navigator\.storageBuckets\.open.*storage bucket names are the origin's/);
    });
  }

  it('"origin" opens the origin\'s buckets', async () => {
    const r = await createRealm({ pkg: { globals: { 'navigator.storageBuckets': 'origin' } } }, 'enforce', {}, HOST + BUCKETS);
    const { exports } = await r.load(OPEN);
    expect(await (exports.attack as () => Promise<unknown>)()).toEqual(['app secrets', ['app-bucket']]);
  });
});
