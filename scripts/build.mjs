// Builds dist/: the Node side (plugin, policy, cli) with tsc, and the browser runtime as one classic-script IIFE.
// Everything is built into a fresh folder that replaces dist/ only once complete: a failed build leaves the last
// good dist/ in place, and a build running while tests read dist/ never shows them a half-empty one.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { minify } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const out = `dist.building-${process.pid}`;
const tsc = `${root}node_modules/typescript/bin/tsc`;
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', out], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.runtime.json', '--outDir', `${out}/.runtime-esm`], { cwd: root, stdio: 'inherit' });

  // The runtime script is SES and the Portcullis runtime in one IIFE, bundled from SES's ES module sources and
  // minified once: 12 KiB + 48 KiB gzip as the shipped ses.umd.min.js plus our bundle, about 34 KiB as one. Only
  // lockdown-shim: it brings lockdown(), harden() and (through lockdown) the Compartment constructor; compartment-shim
  // (a Compartment made before lockdown, only to be replaced by lockdown's), assert-shim (a global `assert`, which
  // errorTaming 'unsafe' leaves alone) and console-shim (a hook for ses-ava) would add load-time work and nothing
  // the runtime uses. SES's modules come first in the entry, so they run before the runtime captures its primordials.
  //
  // Nor SES's module system (Compartment's import, importNow, load and module: 3 KiB gzip). The runtime only uses
  // compartments' globals and evaluators; a package that reaches `Compartment` and asks it for modules gets a
  // TypeError instead. Everything else in SES is left as it is (src/plugin/runtime-ses.test.ts compares it).
  const ENTRY = '\0portcullis-runtime-entry';
  const NO_MODULES = '\0portcullis-ses-no-modules';
  const refuseModules = [
    `const refuse = () => { throw new TypeError('Portcullis: SES compartment modules are not part of the runtime'); };`,
    `export const load = async () => refuse();`,
    `export const loadNow = refuse;`,
    `export const link = refuse;`,
    `export const getDeferredExports = refuse;`,
  ].join('\n');
  const bundle = await rollup({
    input: ENTRY,
    plugins: [
      {
        name: 'portcullis-runtime-entry',
        resolveId(id, importer) {
          if (id === ENTRY || id === NO_MODULES) return id;
          // compartment.js is the one importer of the module system.
          if (importer?.endsWith('/ses/src/compartment.js') && /^\.\/module-(?:load|link|proxy)\.js$/.test(id)) return NO_MODULES;
          return null;
        },
        load(id) {
          if (id === ENTRY) return `import 'ses/lockdown-shim.js';\nexport * from ${JSON.stringify(`${root}${out}/.runtime-esm/runtime/index.js`)};\n`;
          return id === NO_MODULES ? refuseModules : null;
        },
      },
      // Also the runtime's few browser-side dependencies (css-what, for the DOM's selectors).
      nodeResolve({ browser: true }),
    ],
    // SES's modules are all side effects (shims): keep every one of them.
    treeshake: { moduleSideEffects: (id) => id !== NO_MODULES },
  });
  const { output } = await bundle.generate({ format: 'iife', name: 'PortcullisRuntime', generatedCode: 'es2015' });
  await bundle.close();
  // Minified: it is in every page, before anything else.
  const runtime = await minify('portcullis-runtime.js', output[0].code, { compress: true, mangle: true });
  if (runtime.errors?.length) throw new Error(`minifying the runtime failed: ${runtime.errors.map((e) => e.message).join('; ')}`);
  mkdirSync(`${root}${out}/runtime`, { recursive: true });
  writeFileSync(`${root}${out}/runtime/portcullis-runtime.js`, runtime.code);
  // The dev server's client (the overlay), an ES module Vite serves to the page in `vite dev`.
  const devClient = await rollup({ input: `${root}${out}/.runtime-esm/dev/client/index.js` });
  await devClient.write({ file: `${root}${out}/dev/portcullis-dev-client.js`, format: 'es' });
  await devClient.close();
  rmSync(`${root}${out}/.runtime-esm`, { recursive: true, force: true });
  if (existsSync(`${root}${out}/cli/index.js`)) chmodSync(`${root}${out}/cli/index.js`, 0o755);

  const old = `${root}dist.old-${process.pid}`;
  if (existsSync(`${root}dist`)) renameSync(`${root}dist`, old);
  renameSync(`${root}${out}`, `${root}dist`);
  rmSync(old, { recursive: true, force: true });
  console.log('built dist/');
} finally {
  rmSync(`${root}${out}`, { recursive: true, force: true });
}
