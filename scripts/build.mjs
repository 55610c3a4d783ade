// Builds dist/: the Node side (plugin, policy, cli) with tsc, and the browser runtime as one classic-script IIFE.
// Everything is built into a fresh folder that replaces dist/ only once complete: a failed build leaves the last
// good dist/ in place, and a build running while tests read dist/ never shows them a half-empty one.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { minify } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const out = `dist.building-${process.pid}`;
const tsc = `${root}node_modules/typescript/bin/tsc`;
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', out], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.runtime.json', '--outDir', `${out}/.runtime-esm`], { cwd: root, stdio: 'inherit' });

  // node-resolve: the runtime bundles its few browser-side dependencies (css-what, for the DOM's selectors).
  const bundle = await rollup({ input: `${root}${out}/.runtime-esm/runtime/index.js`, plugins: [nodeResolve({ browser: true })] });
  const { output } = await bundle.generate({ format: 'iife', name: 'PortcullisRuntime', generatedCode: 'es2015' });
  await bundle.close();
  // Minified: it is in every page, before anything else (87 KB → about 35 KB raw).
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
