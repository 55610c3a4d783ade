// Builds dist/: the Node side (plugin, policy, cli) with tsc, and the browser runtime as one classic-script IIFE.
// Everything is built into a fresh folder that replaces dist/ only once complete: a failed build leaves the last
// good dist/ in place, and a build running while tests read dist/ never shows them a half-empty one.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rollup } from 'rollup';
import { bundleRuntime } from './runtime-bundle.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = `dist.building-${process.pid}`;
const tsc = `${root}node_modules/typescript/bin/tsc`;
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', out], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.runtime.json', '--outDir', `${out}/.runtime-esm`], { cwd: root, stdio: 'inherit' });

  // The runtime script: SES from its ES module sources and the runtime in one IIFE, minified once
  // (scripts/runtime-bundle.mjs): 12 KiB + 48 KiB gzip as the shipped ses.umd.min.js plus our bundle, less as one.
  // Two variants: with the DOM layer, and without it for a policy with no `dom` section (src/plugin/runtime-asset.ts).
  mkdirSync(`${root}${out}/runtime`, { recursive: true });
  for (const [file, dom] of [['portcullis-runtime.js', true], ['portcullis-runtime-no-dom.js', false]]) {
    const runtime = await bundleRuntime({ esmDir: `${root}${out}/.runtime-esm`, dom });
    writeFileSync(`${root}${out}/runtime/${file}`, runtime.code);
  }
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
