// `node scripts/bench-crossing-app.mjs` (run by `npm run bench`): what the app ↔ package crossing costs against plain
// Vite (issue 9 point 9). A small app (scripts/bench-crossing/) hands a data library without a dom section large
// arrays and objects (the shallow crossing: the app's values pass as themselves after a bounded scan), and hands a
// dom-mode widget an element, options and a callback (the deep crossing: converted). Built plain and confined, each
// page loaded LOADS times in Chromium and Firefox, alternating; every figure is the median of the page's own timings.
// Also measured in Node: the deep crossing's two ways to carry an array, a copy (what it does) or a shadow proxy.
// Prints ratios; no thresholds (timings depend on the machine and its load).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, firefox } from '@playwright/test';
import { startStaticServer } from './serve.mjs';

const root = path.resolve(import.meta.dirname, '..');
const app = path.join(root, 'scripts/bench-crossing');
const LOADS = 5;
const CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; style-src 'self' 'unsafe-inline'";
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

if (!existsSync(path.join(root, 'dist/runtime/portcullis-runtime.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
for (const variant of ['plain', 'confined']) {
  execFileSync(process.execPath, [path.join(root, 'e2e/harness/build-attack-app.mjs'), app, variant], { cwd: root, stdio: 'inherit' });
}
const servers = {
  plain: await startStaticServer({ root: path.join(app, 'dist-plain') }),
  confined: await startStaticServer({ root: path.join(app, 'dist'), csp: CSP }),
};

const engines = [
  ['chromium', () => chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], headless: true })],
  ['firefox', () => firefox.launch({ executablePath: '/usr/bin/firefox-esr', channel: 'moz-firefox', headless: true })],
];
const table = {};
for (const [engine, launch] of engines) {
  let browser;
  try {
    browser = await launch();
  } catch (error) {
    console.log(`${engine}: not measured (${String(error.message).split('\n')[0]})`);
    continue;
  }
  const runs = { plain: [], confined: [] };
  for (let i = 0; i < LOADS; i++) {
    for (const variant of ['plain', 'confined']) {
      const page = await browser.newPage();
      await page.goto(servers[variant].url + '/', { waitUntil: 'commit' });
      // SES probes eval once at start: under the CSP, Firefox reports the refusal as a page error.
      page.on('pageerror', (e) => /blocked a JavaScript eval/.test(e.message) || console.log(engine, variant, 'page error:', e.message));
      await page.waitForSelector('body[data-bench-done="true"]', { timeout: 300_000, state: 'attached' });
      runs[variant].push(await page.evaluate(() => globalThis.__bench.results));
      await page.close();
    }
  }
  await browser.close();
  for (const name of Object.keys(runs.plain[0])) {
    const plain = median(runs.plain.map((r) => r[name]));
    const confined = median(runs.confined.map((r) => r[name]));
    table[`${engine}: ${name}`] = { plainMs: round(plain, 3), portcullisMs: round(confined, 3), ratio: round(confined / plain) };
  }
}
for (const server of Object.values(servers)) await server.close?.();

// The deep crossing's array: copied element by element (its choice) or read through a shadow proxy (the other way).
// src/boundary is browser code (built into the runtime only): compiled here on its own.
const compiled = path.join(os.tmpdir(), `portcullis-bench-boundary-${process.pid}`);
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.runtime.json', '--outDir', compiled], { cwd: root, stdio: 'inherit' });
writeFileSync(path.join(compiled, 'package.json'), '{"type":"module"}');
{
  const { createAppMembrane } = await import(path.join(compiled, 'boundary/app-membrane.js'));
  const { collectIntrinsics } = await import(path.join(compiled, 'boundary/intrinsics.js'));
  const { shadowProxy } = await import(path.join(compiled, 'boundary/crossing-proxy.js'));
  const intrinsics = collectIntrinsics([Object, Array, Function, Map, Set, Promise, Error, Symbol]);
  const membrane = createAppMembrane({ intrinsics, isHostObject: () => false, hostToPackage: (v) => v, wrapperToApp: () => undefined, refuse: () => { throw new Error('refused'); } });
  const numbers = Array.from({ length: 1e6 }, (_, i) => i * 0.5);
  const sum = (list) => { let s = 0; for (let i = 0; i < list.length; i++) s += list[i]; return s; };
  const time = (fn) => { fn(); const t = []; for (let r = 0; r < 7; r++) { const s = performance.now(); fn(); t.push(performance.now() - s); } return median(t); };
  const identity = { there: (v) => v, back: (v) => v, thrown: (e) => e };
  const plain = time(() => sum(numbers));
  const copy = time(() => sum(membrane.toPackage(numbers)));
  const proxied = time(() => sum(shadowProxy(numbers, identity, 'list')));
  table['node: deep crossing, sum of 1e6 numbers, array copied'] = { plainMs: round(plain, 3), portcullisMs: round(copy, 3), ratio: round(copy / plain) };
  table['node: deep crossing, sum of 1e6 numbers, array as shadow proxy'] = { plainMs: round(plain, 3), portcullisMs: round(proxied, 3), ratio: round(proxied / plain) };
}

rmSync(compiled, { recursive: true, force: true });
console.log('\nApp ↔ package crossing, Portcullis / plain Vite (median of the page timings)');
console.table(table);
