// `node scripts/bench-crossing-host.mjs`: what the host membrane costs a host-API-heavy package (issue 9, point 9).
// scripts/bench-apps/host is built twice (plain Vite, and Vite with Portcullis from dist/ and the app's policy) and
// loaded in headless Chromium; its package host-heavy runs timers, microtasks, animation frames, window listeners, its
// own EventTarget, a PerformanceObserver and performance.now(), each timed in the page (median of 7 runs per load,
// median over loads). Prints each job as plain ms, Portcullis ms and the ratio; writes .bench/crossing-host.json.
// No thresholds: timings depend on the machine. PORTCULLIS_DIST=<dir> measures another build of the plugin (the
// figures "before" a change: a checkout's dist/).
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { startStaticServer } from './serve.mjs';

const root = path.resolve(import.meta.dirname, '..');
const app = path.join(root, 'scripts/bench-apps/host');
const dist = path.resolve(process.env.PORTCULLIS_DIST ?? path.join(root, 'dist'));
const LOADS = 5;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Math.round(x * 100) / 100;

if (!existsSync(path.join(dist, 'plugin/index.js'))) throw new Error(`${dist}/plugin/index.js is missing: npm run build`);
// The local package, linked into the app's node_modules as an install would.
const link = path.join(app, 'node_modules/host-heavy');
const target = path.relative(path.dirname(link), path.join(app, 'packages/host-heavy'));
if (!(existsSync(link) && lstatSync(link).isSymbolicLink() && readlinkSync(link) === target)) {
  rmSync(link, { recursive: true, force: true });
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
}
const { default: portcullis } = await import(pathToFileURL(path.join(dist, 'plugin/index.js')).href);
for (const variant of ['plain', 'confined']) {
  await build({
    root: app,
    configFile: false,
    logLevel: 'warn',
    plugins: variant === 'confined' ? [portcullis({ cache: false })] : [],
    build: { outDir: `dist-${variant}`, emptyOutDir: true },
  });
}

const servers = {
  plain: await startStaticServer({ root: path.join(app, 'dist-plain') }),
  confined: await startStaticServer({ root: path.join(app, 'dist-confined') }),
};
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const times = { plain: {}, confined: {} };
const checks = {};
try {
  for (let i = 0; i < LOADS; i++) {
    for (const variant of i % 2 ? ['plain', 'confined'] : ['confined', 'plain']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${servers[variant].url}/`);
      await page.waitForSelector('#bench:is([data-status="done"], [data-status="error"])', { timeout: 120_000 });
      const data = await page.$eval('#bench', (el) => ({ ...el.dataset }));
      await context.close();
      if (data.status !== 'done') throw new Error(`the ${variant} build failed: ${data.error}`);
      for (const [job, runs] of Object.entries(JSON.parse(data.times))) (times[variant][job] ??= []).push(median(runs));
      checks[variant] = data.checks;
    }
  }
} finally {
  await browser.close();
  await servers.plain.close();
  await servers.confined.close();
}
if (checks.plain !== checks.confined) throw new Error(`the builds did different work: plain ${checks.plain}, confined ${checks.confined}`);

const results = { date: new Date().toISOString(), dist: path.relative(root, dist) || dist, loads: LOADS, loadavg: os.loadavg().map(round), jobs: {} };
console.log(`host-API-heavy package (${LOADS} loads, Chromium, plugin from ${results.dist}):`);
console.log(`${'job'.padEnd(16)} ${'plain ms'.padStart(9)} ${'portcullis'.padStart(11)} ${'ratio'.padStart(6)}`);
for (const job of Object.keys(times.plain)) {
  const plain = median(times.plain[job]);
  const confined = median(times.confined[job]);
  results.jobs[job] = { plain: round(plain), portcullis: round(confined), ratio: round(confined / plain) };
  console.log(`${job.padEnd(16)} ${plain.toFixed(2).padStart(9)} ${confined.toFixed(2).padStart(11)} ${(confined / plain).toFixed(2).padStart(6)}×`);
}
mkdirSync(path.join(root, '.bench'), { recursive: true });
writeFileSync(path.join(root, '.bench/crossing-host.json'), `${JSON.stringify(results, null, 2)}\n`);

