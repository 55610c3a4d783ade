// The membrane module in real Rollup 4 and Vite 8 builds: the app's imports of a package keep the module's shape
// (default export, CommonJS `module.exports` as default and named imports, also re-exported ones, `export *`, a live `let` binding, classes)
// and what the app hands the package crosses in src/boundary (a host object is refused, naming package and path).
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { rollup, type OutputAsset, type OutputChunk, type Plugin as RollupPlugin } from 'rollup';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import portcullis from './index.js';
import { asInterfaces, evaluateModule, windowLikeContext } from './test-realm.js';

function makeApp(): string {
  const app = mkdtempSync(join(tmpdir(), 'portcullis-membrane-'));
  const files: Record<string, string | object> = {
    'package.json': { name: 'membrane-app', dependencies: { shapes: '*', legacy: '*', reexported: '*', spaced: '*' } },
    'portcullis.policy.json': { resources: { shapes: {}, legacy: {}, reexported: {}, spaced: {} } },
    'main.js': `
      import area, { count, increment, PI, Circle } from 'shapes';
      import * as ns from 'shapes';
      import legacy, { toCanvas } from 'legacy';
      import reexported, { useThing, 'odd-name' as odd } from 'reexported';
      import spacedDefault, { z } from 'spaced';
      export const checks = () => ({
        area: area(2, 3), pi: PI, circle: new Circle(1).area(), isCircle: new Circle(2) instanceof Circle,
        live: [count, increment(), count], keys: Object.keys(ns).sort().join(),
        legacy: [typeof legacy.toCanvas, typeof toCanvas, legacy.version],
        reexported: [useThing(), odd, reexported.useThing === useThing],
        spaced: [z.used({ width: 2 }), z.used === spacedDefault.used],
      });
      export const handElementToNamespace = () => z.used({ el: globalThis.fakeElement });
      export const handElement = () => legacy.toCanvas({ el: globalThis.fakeElement });
      export const handData = () => toCanvas({ width: 3 });
    `,
    'node_modules/shapes/package.json': { name: 'shapes', version: '1.0.0', type: 'module', main: 'index.js' },
    'node_modules/shapes/index.js': `export * from './more.js';\nexport let count = 0;\nexport function increment() { count++; return count; }\nexport default function area(w, h) { return w * h; }\n`,
    'node_modules/shapes/more.js': `export const PI = 3.14;\nexport class Circle { constructor(r) { this.r = r; } area() { return PI * this.r * this.r; } }\n`,
    'node_modules/legacy/package.json': { name: 'legacy', version: '1.0.0', main: 'index.js' },
    // React's shape: the entry re-exports another file's module.exports (Rolldown lists no names for it).
    'node_modules/reexported/package.json': { name: 'reexported', version: '1.0.0', main: 'index.js' },
    'node_modules/reexported/index.js': `module.exports = require('./cjs/thing.js');\n`,
    'node_modules/reexported/cjs/thing.js': `exports.useThing = function () { return 'thing'; };\nexports['odd-name'] = 7;\n`,
    // zod's shape: a namespace re-exported by name; what the app does not read of it is shaken out.
    'node_modules/spaced/package.json': { name: 'spaced', version: '1.0.0', type: 'module', main: 'index.js', sideEffects: false },
    'node_modules/spaced/index.js': `import * as z from './parts.js';\nexport * from './parts.js';\nexport { z, z as default };\n`,
    'node_modules/spaced/parts.js': `export function used(options) { return options.width; }\nexport function unusedPart() { return 'UNUSED_PART_MARKER'; }\n`,
    'node_modules/legacy/index.js': `exports.toCanvas = function (options) { return options.width; };\nexports.version = '1.0';\n`,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return app;
}

/** Runs the output after the runtime, in a realm with one host-like object (a native-looking global constructor lockdown leaves unfrozen). */
async function run(code: string, runtime: string) {
  const realm = windowLikeContext();
  vm.runInContext('globalThis.HTMLCanvasElement = class HTMLCanvasElement { get nodeType() { return 1; } }; globalThis.fakeElement = new HTMLCanvasElement();', realm.context);
  vm.runInContext(asInterfaces(['HTMLCanvasElement']), realm.context);
  vm.runInContext(runtime, realm.context);
  return evaluateModule(code, realm.context);
}

const EXPECTED = { area: 6, pi: 3.14, circle: 3.14, isCircle: true, live: [0, 1, 1], keys: 'Circle,PI,count,default,increment', legacy: ['function', 'function', '1.0'], reexported: ['thing', 7, true], spaced: [2, true] };

async function check(code: string, runtime: string) {
  const out = await run(code, runtime);
  expect((out.checks as () => unknown)()).toEqual(EXPECTED);
  expect((out.handData as () => unknown)()).toBe(3);
  expect(() => (out.handElement as () => unknown)()).toThrow(
    'Portcullis: package "legacy" received a real element from the app (option el of toCanvas()); give it a dom section or grant document',
  );
  expect(() => (out.handElementToNamespace as () => unknown)()).toThrow('package "spaced" received a real element from the app (option el of used())');
  // Fails before the namespace got a membrane module of its own: `toApp(real.z)` kept every export of parts.js.
  expect(code).not.toContain('UNUSED_PART_MARKER');
}

describe('membrane module', () => {
  it('Rollup 4: keeps the module shape, and refuses a host object handed to a package without dom', async () => {
    const app = makeApp();
    const bundle = await rollup({
      input: join(app, 'main.js'),
      plugins: [nodeResolve({ browser: true }), commonjs(), portcullis({ appDir: app, policy: join(app, 'portcullis.policy.json') }) as RollupPlugin],
      onwarn: () => {},
    });
    const { output } = await bundle.generate({ format: 'es' });
    await bundle.close();
    const chunk = output.find((o): o is OutputChunk => o.type === 'chunk')!;
    expect(chunk.code).toContain('portcullis__.membrane("legacy")');
    const runtime = output.find((o): o is OutputAsset => o.type === 'asset' && o.fileName === 'portcullis-runtime.js')!;
    await check(chunk.code, String(runtime.source));
    // A Rollup user adds the runtime's <script> by hand: left out, the app's first import says so, not a TypeError.
    await expect(evaluateModule(chunk.code, windowLikeContext().context)).rejects.toThrow(/the runtime script did not run before the app.*PORTCULLIS_RUNTIME_MISSING/);
  });

  it('Vite 8: the same', async () => {
    const app = makeApp();
    const result = (await build({
      root: app,
      configFile: false,
      logLevel: 'silent',
      plugins: [portcullis()],
      build: { write: false, minify: false, rollupOptions: { input: join(app, 'main.js'), preserveEntrySignatures: 'strict' } },
    })) as Rollup.RollupOutput;
    const chunk = result.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk' && o.isEntry)!;
    const runtime = result.output.find((o): o is Rollup.OutputAsset => o.type === 'asset' && o.fileName.includes('portcullis-runtime'))!;
    await check(chunk.code, String(runtime.source));
  });
});
