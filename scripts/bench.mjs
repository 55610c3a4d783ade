// `npm run bench`: what Portcullis costs against plain Vite on the playground (DESIGN.md, "Cost"). Each figure is a
// ratio Portcullis / plain: build time, JS shipped, time to first render in Chromium, a global look-up loop, and DOM
// work (create, append, set attributes, listen, dispatch) through the attenuated DOM's wrappers versus real nodes.
// Prints a table and writes .bench/results.json. No pass/fail thresholds: timings depend on the machine and its load.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { loadConfigFromFile } from 'vite';
import { startStaticServer } from './serve.mjs';

const root = path.resolve(import.meta.dirname, '..');
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
const DIST = { confined: path.join(root, 'playground/dist'), plain: path.join(root, 'playground/dist-plain') };
const BUILDS = 3;
const LOADS = 10;
// The bench page runs 5 timed loop runs and 21 DOM runs per load; loaded 3 times per build, alternating, because one
// load alone was swayed by bursts of load on a shared machine (identical code measured 1.4× apart).
const LOOP_LOADS = 3;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
/** One figure: both values, the overhead and the ratio Portcullis / plain. */
const figure = (plain, portcullis, unit) => ({ unit, plain: round(plain, 2), portcullis: round(portcullis, 2), diff: round(portcullis - plain, 2), ratio: round(portcullis / plain, 2) });

// The confined build needs dist/runtime (the runtime script it emits). Build it only when missing: other people work in
// this tree, and `npm run build` empties dist/ first, which would break their runs.
if (!existsSync(path.join(root, 'dist/runtime/portcullis-runtime.js'))) {
  console.log('dist/ is missing: npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

// ---- 1. Build time: a fresh `node vite build` process each time, alternating, so both see the same machine load.
function viteBuild(mode) {
  const env = { ...process.env, PORTCULLIS: mode === 'plain' ? 'off' : '' };
  delete env.PORTCULLIS_GENERATE; // never rewrite the reviewed policy from a benchmark
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      code === 0 ? resolve(ms) : reject(new Error(`vite build (${mode}) exited with ${code}:\n${output}`));
    });
  });
}

// The first confined build starts without Portcullis's transform cache (cold); the others reuse it (warm).
rmSync(path.join(root, 'playground/node_modules/.cache/portcullis'), { recursive: true, force: true });
const buildMs = { plain: [], confined: [] };
for (let i = 0; i < BUILDS; i++) {
  for (const mode of i % 2 ? ['plain', 'confined'] : ['confined', 'plain']) {
    buildMs[mode].push(await viteBuild(mode));
    process.stdout.write(`build ${mode} #${i + 1}: ${Math.round(buildMs[mode].at(-1))} ms\n`);
  }
}

// ---- 2. Bundle size: every .js the browser may fetch (all pages, lazy chunks, the runtime), each gzipped on its own
// as a server would send it.
function jsFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => path.join(dir, f));
}
function sizes(dir) {
  const total = { raw: 0, gzip: 0 };
  const runtime = { raw: 0, gzip: 0 };
  for (const file of jsFiles(dir)) {
    const bytes = readFileSync(file);
    const raw = bytes.length;
    const gzip = gzipSync(bytes, { level: 9 }).length;
    total.raw += raw;
    total.gzip += gzip;
    if (/portcullis-runtime-[0-9a-f]+\.js$/.test(file)) {
      runtime.raw += raw;
      runtime.gzip += gzip;
    }
  }
  return { total, runtime, rest: { raw: total.raw - runtime.raw, gzip: total.gzip - runtime.gzip } };
}
const size = { plain: sizes(DIST.plain), confined: sizes(DIST.confined) };
if (!size.confined.runtime.raw) throw new Error('no portcullis-runtime-*.js in playground/dist: was the confined build made?');

// ---- 3 and 4 run in headless Chromium, against the dist folders served over HTTP.
// The confined build is served with the CSP vite.config.ts gives `vite preview` (loaded by Vite itself, since Node
// 20 cannot import the .ts file); the plain one without, as the e2e suite does.
const { config } = await loadConfigFromFile({ command: 'serve', mode: 'production', isPreview: true }, path.join(root, 'vite.config.ts'), root, 'silent');
const csp = config.preview?.headers?.['Content-Security-Policy'];
if (!csp) throw new Error('vite.config.ts gives the confined build no Content-Security-Policy');
const servers = {
  plain: await startStaticServer({ root: DIST.plain }),
  confined: await startStaticServer({ root: DIST.confined, csp }),
};
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const chromiumVersion = browser.version();

/** A fresh context per load: no cache, no storage, no compiled code left from the previous load. */
async function withPage(url, fn) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    return await fn(page);
  } catch (e) {
    throw new Error(`${url}: ${e.message}${errors.length ? `\npage errors: ${errors.join('; ')}` : ''}`);
  } finally {
    await context.close();
  }
}

// readyAt comes from the app: every package run and every attack tried. The attacks differ by build (they reach the
// network in the plain build, throw at once in the confined one), so FCP is the like-for-like figure.
const render = { plain: { fcp: [], ready: [] }, confined: { fcp: [], ready: [] } };
const summaries = {};
const loop = { plain: { direct: [], alias: [] }, confined: { direct: [], alias: [] } };
const dom = { plain: { ms: [] }, confined: { ms: [] } };
try {
  for (let i = 0; i < LOADS; i++) {
    for (const mode of i % 2 ? ['plain', 'confined'] : ['confined', 'plain']) {
      const r = await withPage(`${servers[mode].url}/`, async (page) => {
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
        await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 10_000 });
        return page.evaluate(() => ({
          fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
          ready: Number(document.body.dataset.readyAt),
          summary: document.getElementById('summary')?.textContent ?? '',
          failed: document.getElementById('summary')?.dataset.error,
        }));
      });
      if (r.failed) throw new Error(`the playground failed in the ${mode} build: ${r.summary}`);
      if (!Number.isFinite(r.ready)) throw new Error('body has no data-ready-at: playground/src/main.ts must set it');
      render[mode].fcp.push(r.fcp);
      render[mode].ready.push(r.ready);
      summaries[mode] = r.summary;
    }
  }
  process.stdout.write(`page loads: ${LOADS} per build\n`);

  // ---- 4. The global look-up loop and the DOM work run in bench.html; the page times them and leaves the runs in
  // data attributes. The DOM work is bench-dom's domWork: in the confined build it gets the app's element through the
  // membrane and works on wrappers (a `dom` policy section), in the plain build on real nodes.
  for (let i = 0; i < LOOP_LOADS; i++) {
    for (const mode of i % 2 ? ['plain', 'confined'] : ['confined', 'plain']) {
      const d = await withPage(`${servers[mode].url}/bench.html`, async (page) => {
        await page.waitForSelector('#bench:is([data-status="done"], [data-status="error"])', { timeout: 180_000 });
        return page.$eval('#bench', (el) => ({ ...el.dataset }));
      });
      if (d.status !== 'done') throw new Error(`bench page failed in the ${mode} build: ${d.error}`);
      loop[mode].direct.push(...JSON.parse(d.directMs));
      loop[mode].alias.push(...JSON.parse(d.aliasMs));
      loop[mode].iterations = Number(d.iterations);
      loop[mode].check = d.check;
      dom[mode].ms.push(...JSON.parse(d.domMs));
      dom[mode].iterations = Number(d.domIterations);
      dom[mode].check = d.domCheck;
    }
  }
  if (loop.plain.check !== loop.confined.check) throw new Error(`the loops computed different sums: plain ${loop.plain.check}, confined ${loop.confined.check}`);
  // domWork returns its listener calls plus the children it counted: 2 × iterations when every step went through.
  if (dom.plain.check !== dom.confined.check || dom.plain.check !== String(2 * dom.plain.iterations)) {
    throw new Error(`domWork checksums differ: plain ${dom.plain.check}, confined ${dom.confined.check}, expected ${2 * dom.plain.iterations}`);
  }
} finally {
  await browser.close();
  await servers.plain.close();
  await servers.confined.close();
}

// ---- Report
const KB = 1024;
const results = {
  date: new Date().toISOString(),
  machine: { node: process.version, chromium: chromiumVersion, cpus: os.cpus().length, loadavg: os.loadavg().map((x) => round(x, 2)) },
  runs: {
    builds: BUILDS, pageLoads: LOADS, loopLoads: LOOP_LOADS, loopRuns: loop.plain.direct.length, loopIterations: loop.plain.iterations,
    domRuns: dom.plain.ms.length, domIterations: dom.plain.iterations,
  },
  buildTimeCold: figure(median(buildMs.plain), buildMs.confined[0], 'ms'),
  buildTime: figure(median(buildMs.plain), median(buildMs.confined.slice(1)), 'ms'),
  jsRaw: figure(size.plain.total.raw / KB, size.confined.total.raw / KB, 'KB'),
  jsGzip: figure(size.plain.total.gzip / KB, size.confined.total.gzip / KB, 'KB'),
  // Without the runtime script: what the rewrite of the dependencies alone adds.
  jsRawWithoutRuntime: figure(size.plain.total.raw / KB, size.confined.rest.raw / KB, 'KB'),
  jsGzipWithoutRuntime: figure(size.plain.total.gzip / KB, size.confined.rest.gzip / KB, 'KB'),
  runtimeScript: { raw: round(size.confined.runtime.raw / KB, 2), gzip: round(size.confined.runtime.gzip / KB, 2), unit: 'KB' },
  firstContentfulPaint: figure(median(render.plain.fcp), median(render.confined.fcp), 'ms'),
  timeToReady: figure(median(render.plain.ready), median(render.confined.ready), 'ms'),
  loopDirect: figure(median(loop.plain.direct), median(loop.confined.direct), 'ms'),
  loopGlobalThis: figure(median(loop.plain.alias), median(loop.confined.alias), 'ms'),
  domWork: { ...figure(median(dom.plain.ms), median(dom.confined.ms), 'ms'), check: Number(dom.plain.check) },
  raw: { buildMs, render, loop, dom, summaries },
};
mkdirSync(path.join(root, '.bench'), { recursive: true });
writeFileSync(path.join(root, '.bench/results.json'), JSON.stringify(results, null, 2) + '\n');

const rows = [
  ['build time, cold cache', results.buildTimeCold],
  [`build time, warm (median of ${BUILDS - 1})`, results.buildTime],
  ['JS shipped, raw', results.jsRaw],
  ['JS shipped, gzip -9', results.jsGzip],
  ['  without runtime, raw', results.jsRawWithoutRuntime],
  ['  without runtime, gzip -9', results.jsGzipWithoutRuntime],
  ['first contentful paint', results.firstContentfulPaint],
  ['time to data-ready', results.timeToReady],
  ['loop Math.max', results.loopDirect],
  ['loop globalThis.Math.max', results.loopGlobalThis],
  ['DOM work (wrappers vs direct)', results.domWork],
];
// One decimal for KB and for small times (the DOM work takes a few ms a run).
const num = (x, unit) => `${x.toFixed(unit === 'KB' || Math.abs(x) < 100 ? 1 : 0)} ${unit}`;
const table = [['', 'plain Vite', 'Portcullis', 'overhead', 'ratio'], ...rows.map(([label, f]) => [label, num(f.plain, f.unit), num(f.portcullis, f.unit), (f.diff >= 0 ? '+' : '') + num(f.diff, f.unit), `${f.ratio.toFixed(2)}×`])];
const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
const line = (r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
console.log(`\nPortcullis / plain Vite — Chromium ${chromiumVersion}, Node ${process.version}, ${results.machine.cpus} CPUs, load ${results.machine.loadavg.join(' ')}`);
console.log(line(table[0]));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of table.slice(1)) console.log(line(r));
console.log(`runtime script (SES + Portcullis runtime): ${num(results.runtimeScript.raw, 'KB')} raw, ${num(results.runtimeScript.gzip, 'KB')} gzip -9`);
console.log(`page loads: median of ${LOADS} per build; loops: median of ${results.runs.loopRuns} runs (${LOOP_LOADS} loads × 5) of ${loop.plain.iterations} iterations`);
console.log(`DOM work: median of ${results.runs.domRuns} runs (${LOOP_LOADS} loads × ${results.runs.domRuns / LOOP_LOADS}) of domWork(${dom.plain.iterations}), checksum ${dom.plain.check} in both builds`);
console.log(`playground, plain:      ${summaries.plain}\nplayground, Portcullis: ${summaries.confined}`);
console.log('wrote .bench/results.json');
