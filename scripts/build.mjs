// Builds dist/: the Node side (plugin, policy, cli) with tsc, and the browser runtime as one classic-script IIFE.
import { execFileSync } from 'node:child_process';
import { rmSync, chmodSync, existsSync } from 'node:fs';
import { rollup } from 'rollup';

const root = new URL('..', import.meta.url).pathname;
rmSync(`${root}dist`, { recursive: true, force: true });
const tsc = `${root}node_modules/typescript/bin/tsc`;
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.runtime.json', '--outDir', 'dist/.runtime-esm'], { cwd: root, stdio: 'inherit' });

const bundle = await rollup({ input: `${root}dist/.runtime-esm/runtime/index.js` });
await bundle.write({ file: `${root}dist/runtime/portcullis-runtime.js`, format: 'iife', name: 'PortcullisRuntime', generatedCode: 'es2015' });
await bundle.close();
// The dev server's client (the overlay), an ES module Vite serves to the page in `vite dev`.
const devClient = await rollup({ input: `${root}dist/.runtime-esm/dev/client/index.js` });
await devClient.write({ file: `${root}dist/dev/portcullis-dev-client.js`, format: 'es' });
await devClient.close();
rmSync(`${root}dist/.runtime-esm`, { recursive: true, force: true });
if (existsSync(`${root}dist/cli/index.js`)) chmodSync(`${root}dist/cli/index.js`, 0o755);
console.log('built dist/');
