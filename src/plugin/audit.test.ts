// Invariant 2, rows 57 and 59 of THREATS.md: what runs is what was confined. Each attack first runs in a plain build
// (Vite 8 and Rollup 4, output executed), then is confined or refused with a stable code.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin as RollupPlugin } from 'rollup';
import { minify, type Plugin as VitePlugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { localPackage, makeApp, rollupBuild, run, viteBuild } from './test-builds.js';

const payloadApp = () =>
  makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'main.js': `export * from 'pkg';`,
    'portcullis.policy.json': { resources: { pkg: {} } },
    ...localPackage('pkg', {
      // A file the transform used to skip for its extension, bundled as JavaScript all the same.
      'index.js': `import './payload.data'; export const load = (x) => import(x);`,
      'payload.data': `globalThis.stolen = fetch('/exfil?payload');`,
    }),
  });

/** A plugin that runs after Portcullis and gives a package module a global back. */
const lateTransform = {
  name: 'late-transform',
  enforce: 'post' as const,
  transform(code: string, id: string) {
    return id.endsWith('/node_modules/pkg/index.js') ? `${code}\nexport const late = () => fetch('/late');` : null;
  },
};

/** A renderChunk hook that runs before Portcullis's and undoes the rewrite in the rendered chunk. */
const unconfineChunk = {
  name: 'unconfine-chunk',
  renderChunk: {
    order: 'pre' as const,
    // Both forms of the rewrite: a member of the compartment global, and a bare name read through `names()`.
    handler: (code: string) => code.replace(/\$pc\w*\.fetch|\(\/\* @__PURE__ \*\/ names\([^)]*\)\)\.fetch/g, 'fetch'),
  },
};

/** A renderChunk hook after Portcullis's (minifiers and banners run there too). */
const lateChunk = {
  name: 'late-chunk',
  enforce: 'post' as const,
  renderChunk: (code: string) => `${code}\n;fetch('/after');`,
};

describe.each([
  ['vite build', (app: string, o: { portcullis?: false; before?: unknown[]; after?: unknown[] }) => viteBuild(app, { portcullis: o.portcullis, plugins: o.before as never, after: o.after as never })],
  ['Rollup 4', (app: string, o: { portcullis?: false; before?: unknown[]; after?: unknown[] }) => rollupBuild(app, { portcullis: o.portcullis, before: o.before as RollupPlugin[], after: o.after as RollupPlugin[] })],
] as const)('row 57, %s: a module the bundler ships as code is confined, whatever made it', (_name, bundle) => {
  it('`import "./payload.data"` runs the real fetch in a plain build and is confined by Portcullis', async () => {
    const app = payloadApp();
    const plain = await run(await bundle(app, { portcullis: false }));
    expect(plain.realm.calls).toContain('fetch /exfil?payload');
    const built = await bundle(app, {});
    await expect(run(built)).rejects.toMatchObject({ name: 'PortcullisPolicyError', message: expect.stringMatching(/package "pkg" may not use fetch \(in node_modules\/pkg\/payload\.data\)/) });
  });

  it('a damaged proof in the cache (another process was writing it) is proven again, not trusted or fatal', async () => {
    const app = payloadApp();
    await bundle(app, {});
    const proofs = join(app, 'node_modules/.cache/portcullis/audit');
    const files = readdirSync(proofs, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) writeFileSync(join(f.parentPath, f.name), '');
    await expect(run(await bundle(app, {}))).rejects.toMatchObject({ name: 'PortcullisPolicyError' });
  });

  it('a later plugin that gives a package module a global back fails the build, naming the module', async () => {
    const app = payloadApp();
    const plain = await run(await bundle(app, { portcullis: false, after: [lateTransform as never] }));
    (plain.exports.late as () => void)();
    expect(plain.realm.calls).toContain('fetch /late');
    await expect(bundle(app, { after: [lateTransform as never] })).rejects.toThrow(
      /node_modules\/pkg\/index\.js \(package "pkg"\) reaches the global fetch unconfined in .*PORTCULLIS_UNCONFINED_CODE/s,
    );
  });

  it('a renderChunk hook that rewrites the confined code fails the build', async () => {
    const app = payloadApp();
    await expect(bundle(app, { before: [unconfineChunk as never] })).rejects.toThrow(/node_modules\/pkg\/payload\.data \(package "pkg"\) is not in .* as the bundler rendered it.*PORTCULLIS_UNCONFINED_CODE/s);
  });

  it('a renderChunk hook after Portcullis that reaches a new global fails the build', async () => {
    const app = payloadApp();
    await expect(bundle(app, { after: [lateChunk as never] })).rejects.toThrow(/reaches `fetch` after Portcullis proved it.*PORTCULLIS_UNCONFINED_CODE/s);
  });
});

describe('row 58: a bundler helper that holds a real global, in a package module as it ships', () => {
  // What a package would get if the transform missed a way to reach the helper: a plugin after Portcullis brings the
  // binding in. Rollup's commonjs helpers hold `commonjsGlobal`; Rolldown's runtime, `__toBinaryNode` (Buffer).
  const helperApp = () =>
    makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export { late } from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `export const own = 1;` }),
    });
  const late = (line: string) => ({
    name: 'late-helper',
    enforce: 'post' as const,
    transform: (code: string, id: string) => (id.endsWith('/node_modules/pkg/index.js') ? `${line}\n${code}\nexport const late = () => helper;` : null),
  });

  it('Rollup 4: commonjsGlobal handed to package code reaches the real global plainly; the audit refuses it', async () => {
    const plugin = late(`import { commonjsGlobal as helper } from '\\0commonjsHelpers.js';`);
    const plain = await run(await rollupBuild(helperApp(), { portcullis: false, after: [plugin as never] }));
    expect((plain.exports.late as () => unknown)()).toBe(plain.global);
    await expect(rollupBuild(helperApp(), { after: [plugin as never] })).rejects.toThrow(
      /node_modules\/pkg\/index\.js \(package "pkg"\) reaches the bundler helper `commonjsGlobal`, whose code reads the real `global`, `globalThis`, `self`.*PORTCULLIS_UNCONFINED_CODE/s,
    );
  });

  it('Rollup 4: commonjsGlobal from a shared helpers chunk, handed to package code in a lazy chunk, is refused by name', async () => {
    const app = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export const one = () => import('pkg'); export const two = () => import('pkg/two.js');`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `export const own = 1;`, 'two.js': `export const own = 2;` }),
    });
    const both = {
      name: 'late-helper',
      enforce: 'post' as const,
      transform: (code: string, id: string) =>
        /\/node_modules\/pkg\/(index|two)\.js$/.test(id) ? `import { commonjsGlobal as helper } from '\0commonjsHelpers.js';\n${code}\nexport const late = () => helper;` : null,
    };
    const plain = await rollupBuild(app, { portcullis: false, after: [both as never] });
    expect(Object.values(plain.files).some((code) => /import \{ \w+ as commonjsGlobal \} from '\.\/_commonjsHelpers/.test(code))).toBe(true);
    await expect(rollupBuild(app, { after: [both as never] })).rejects.toThrow(
      /node_modules\/pkg\/(index|two)\.js \(package "pkg"\) reaches the bundler helper `commonjsGlobal` \(from another chunk\), which holds a real global.*PORTCULLIS_UNCONFINED_CODE/s,
    );
  });

  it("vite build: Rolldown's __toBinaryNode handed to package code reads the page's Buffer plainly; the audit refuses it", async () => {
    const plugin = late(`import { __toBinaryNode as helper } from '\\0rolldown/runtime.js';`);
    const plain = await viteBuild(helperApp(), { portcullis: false, after: [plugin as never] });
    expect(plain.code).toMatch(/Buffer\.from/);
    await expect(viteBuild(helperApp(), { after: [plugin as never] })).rejects.toThrow(
      /node_modules\/pkg\/index\.js \(package "pkg"\) reaches the bundler helper `__toBinaryNode`, whose code reads the real `Buffer`.*PORTCULLIS_UNCONFINED_CODE/s,
    );
  });
});

describe('row 57: modules a package pulls in by pattern', () => {
  it('vite build: import.meta.glob of .data files runs the real fetch in a plain build, and is confined', async () => {
    const app = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export * from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', {
        'index.js': `const found = import.meta.glob('./payloads/*.data', { eager: true }); export const grab = () => Object.values(found)[0].grab();`,
        'payloads/a.data': `export const grab = () => fetch;`,
      }),
    });
    const plain = await run(await viteBuild(app, { portcullis: false }));
    expect((plain.exports.grab as () => unknown)()).toBe(plain.global.fetch);
    const confined = await run(await viteBuild(app));
    expect(() => (confined.exports.grab as () => unknown)()).toThrow(/package "pkg" may not use fetch \(in node_modules\/pkg\/payloads\/a\.data\)/);
  });
});

describe('row 57: a module no file holds', () => {
  it('vite build: `export { grab } from "data:text/javascript,…"` reaches the real fetch in a plain build, and is refused', async () => {
    const app = makeApp({
      'package.json': { name: 'app', dependencies: { pkg: '*' } },
      'main.js': `export * from 'pkg';`,
      'portcullis.policy.json': { resources: { pkg: {} } },
      ...localPackage('pkg', { 'index.js': `export { grab } from 'data:text/javascript,export const grab = () => fetch;';` }),
    });
    const plain = await run(await viteBuild(app, { portcullis: false }));
    expect((plain.exports.grab as () => unknown)()).toBe(plain.global.fetch);
    await expect(viteBuild(app)).rejects.toThrow(/node_modules\/pkg\/index\.js \(package "pkg"\) imports the virtual module "\\0rolldown\/data-url:.*PORTCULLIS_IMPORT_DENIED/s);
  });
});

describe('row 57: what Portcullis itself adds passes the audit', () => {
  it.each([
    ['vite build', viteBuild, 'data.json'],
    ['Rollup 4', rollupBuild, 'data.js'], // Rollup reads JSON only with a plugin
  ] as const)('%s: computed import(), a lazy chunk (Vite\'s injected preload helper), CommonJS, JSON', async (_name, bundle, data) => {
    const app = makeApp(
      {
        'package.json': { name: 'app', dependencies: { pkg: '*', dayjs: '*' } },
        'main.js': `import dayjs from 'dayjs'; export * from 'pkg'; export const year = dayjs(0).year();`,
        'portcullis.policy.json': { resources: { pkg: {}, dayjs: {} } },
        ...localPackage('pkg', {
          'index.js': `import data from './${data}'; export const load = (x) => import(x); export const lazy = () => import('./lazy.js'); export const size = data.size;`,
          // A lazy chunk's own import(): Vite's preload helper, imported from the entry chunk.
          'lazy.js': `export const z = typeof window; export const deeper = () => import('./deeper.js');`,
          'deeper.js': `export const d = 1;`,
          [data]: data.endsWith('.json') ? `{ "size": 3 }` : `export default { size: 3 };`,
        }),
      },
      ['dayjs'],
    );
    const built = await bundle(app, {});
    expect(Object.keys(built.files).some((f) => /lazy/.test(f))).toBe(true);
    if (data.endsWith('.json')) expect(Object.entries(built.files).some(([f, code]) => /lazy/.test(f) && /\w+ as __vitePreload\b/.test(code))).toBe(true);
  });

  it('Rollup 4 with a minifier plugin (terser runs in renderChunk): the audit reads the chunk before it', async () => {
    const app = makeApp(
      { 'package.json': { name: 'app', dependencies: { dayjs: '*' } }, 'main.js': `import dayjs from 'dayjs'; export const year = () => dayjs(0).year();`, 'portcullis.policy.json': { resources: { dayjs: {} } } },
      ['dayjs'],
    );
    const minifier = { name: 'minifier', renderChunk: async (code: string) => (await minify('chunk.js', code)).code };
    const built = await rollupBuild(app, { after: [minifier] });
    expect(built.code.split('\n').length).toBeLessThan(5);
    expect(((await run(built)).exports.year as () => number)()).toBe(1970);
  });
});

const sloppyApp = () =>
  makeApp({
    'package.json': { name: 'app', dependencies: { pkg: '*' } },
    'main.js': `import { sloppyThis } from 'pkg'; export const leaked = sloppyThis();`,
    'portcullis.policy.json': { resources: { pkg: {} } },
    ...localPackage('pkg', { 'index.js': `export const sloppyThis = () => (function () { return this; })();` }),
  });

describe('row 59: package code never runs sloppy', () => {
  const realGlobal = (r: Awaited<ReturnType<typeof run>>) => (r.global.App as { leaked: unknown }).leaked === r.global;

  it.each(['iife', 'umd'] as const)('Rollup 4: %s with strict: false hands out the real global in a plain build, and is refused', async (format) => {
    const app = sloppyApp();
    const output = { format, name: 'App', strict: false };
    expect(realGlobal(await run(await rollupBuild(app, { portcullis: false, output }), 'script'))).toBe(true);
    await expect(rollupBuild(app, { output })).rejects.toThrow(new RegExp(`output\\.strict: false with format "${format}".*PORTCULLIS_SLOPPY_OUTPUT`, 's'));
    const strict = await run(await rollupBuild(app, { output: { format, name: 'App' } }), 'script');
    expect((strict.global.App as { leaked: unknown }).leaked).toBeUndefined();
  });

  it('vite build (library, iife): sloppy by default in a plain build; Portcullis makes it strict, and refuses strict: false', async () => {
    const app = sloppyApp();
    const lib = (strict?: false) => ({
      build: { lib: { entry: `${app}/main.js`, formats: ['iife' as const], name: 'App' }, rollupOptions: { output: strict === false ? { strict } : {} } },
    });
    expect(realGlobal(await run(await viteBuild(app, { portcullis: false, config: lib() }), 'script'))).toBe(true);
    const strict = await run(await viteBuild(app, { config: lib() }), 'script');
    expect((strict.global.App as { leaked: unknown }).leaked).toBeUndefined();
    await expect(viteBuild(app, { config: lib(false) })).rejects.toThrow(/PORTCULLIS_SLOPPY_OUTPUT/);
  });
});

export type { VitePlugin };
