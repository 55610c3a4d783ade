// Shared helpers of the benchmarks (`npm run bench` runs scripts/bench.mjs, then every scripts/bench-*.mjs).
// Every figure is measured side by side with plain Vite in the same run and printed as a ratio Portcullis / plain:
// absolute timings on a shared machine say little, the ratio of two alternating runs says more. No thresholds.
//
//   import { figure, printTable, viteBuild, launchChromium, withPage, jsSizes, writeResults, alternate } from './bench/lib.mjs';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
export { startStaticServer } from '../serve.mjs';

export const root = path.resolve(import.meta.dirname, '../..');
export const viteBin = path.join(root, 'node_modules/vite/bin/vite.js');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const KB = 1024;

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** One figure: both values, the overhead and the ratio Portcullis / plain. */
export const figure = (plain, portcullis, unit) => ({
  unit,
  plain: round(plain, 2),
  portcullis: round(portcullis, 2),
  diff: round(portcullis - plain, 2),
  ratio: round(portcullis / plain, 2),
});

/** The machine, for the record: figures from a busy 2-CPU machine mean something else than from a quiet one. */
export const machine = (extra = {}) => ({ node: process.version, cpus: os.cpus().length, loadavg: os.loadavg().map((x) => round(x, 2)), ...extra });

/**
 * Runs `fn(mode, i)` `n` times for each mode, alternating the order each round (a, b, b, a, a, b, …), so both see the
 * same machine load. Returns { [mode]: [results…] }.
 */
export async function alternate(n, modes, fn) {
  const out = Object.fromEntries(modes.map((m) => [m, []]));
  for (let i = 0; i < n; i++) {
    for (const mode of i % 2 ? [...modes].reverse() : modes) out[mode].push(await fn(mode, i));
  }
  return out;
}

/** The confined builds need dist/ (the runtime script). Built only when missing: others may be reading it. */
export function ensureDist() {
  if (!existsSync(path.join(root, 'dist/runtime/portcullis-runtime.js'))) {
    console.log('dist/ is missing: npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  }
}

/**
 * A fresh `node vite build` process; resolves to its wall time in ms. `plain` sets PORTCULLIS=off (the configs in
 * this repository build without the plugin then). `args` go to vite (e.g. ['--config', file]). With `cpu: true`,
 * resolves to { wallMs, cpuMs } (the process's CPU time, all threads).
 */
export function viteBuild({ cwd = root, plain = false, args = [], env: extraEnv = {}, cpu = false } = {}) {
  const cpuFile = path.join(os.tmpdir(), `bench-cpu-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const env = { ...process.env, PORTCULLIS: plain ? 'off' : '', ...extraEnv, ...(cpu ? { BENCH_CPU_FILE: cpuFile } : {}) };
  delete env.PORTCULLIS_GENERATE; // never rewrite a reviewed policy from a benchmark
  const preload = cpu ? ['--import', pathToFileURL(path.join(import.meta.dirname, 'cpu-report.mjs')).href] : [];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [...preload, viteBin, 'build', '--logLevel', 'warn', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code === 0 && cpu) {
        const { cpuMs } = JSON.parse(readFileSync(cpuFile, 'utf8'));
        rmSync(cpuFile, { force: true });
        return resolve({ wallMs: ms, cpuMs });
      }
      code === 0 ? resolve(ms) : reject(new Error(`vite build (${plain ? 'plain' : 'confined'}, ${cwd}) exited with ${code}:\n${output}`));
    });
  });
}

/** Every .js the browser may fetch from `dir`, each gzipped on its own as a server would send it; the runtime apart. */
export function jsSizes(dir) {
  const total = { raw: 0, gzip: 0 };
  const runtime = { raw: 0, gzip: 0 };
  for (const f of readdirSync(dir, { recursive: true })) {
    if (!String(f).endsWith('.js')) continue;
    const bytes = readFileSync(path.join(dir, String(f)));
    const gzip = gzipSync(bytes, { level: 9 }).length;
    total.raw += bytes.length;
    total.gzip += gzip;
    if (/portcullis-runtime(-[0-9a-zA-Z_-]+)?\.js$/.test(String(f))) {
      runtime.raw += bytes.length;
      runtime.gzip += gzip;
    }
  }
  return { total, runtime, rest: { raw: total.raw - runtime.raw, gzip: total.gzip - runtime.gzip } };
}

/** Headless Debian Chromium through Playwright. */
export async function launchChromium() {
  const { chromium } = await import('@playwright/test');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh context per load (no cache, no compiled code left from the previous load); `fn(page)` after `goto`. */
export async function withPage(browser, url, fn) {
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

// Reading the page through the DevTools protocol, never Playwright's page.evaluate/waitFor*: those run their code
// through the page's own `globalThis.eval`, which after lockdown() is SES's safe evaluator over the real window; its
// first call reads every property of the window (instantiating every DOM interface: +1.5 MB of heap and tens of ms in
// Chromium), a cost no real page pays. The issue's first heap figure (2.09×) was mostly that.

/** A DevTools session on the page, for cdpEval, cdpWaitFor and heapAfterGc. */
export const cdpSession = (page) => page.context().newCDPSession(page);

/** Evaluates `expression` in the page (V8 directly, not the page's eval) and returns its value (JSON-able). */
export async function cdpEval(cdp, expression) {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true });
  if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}

/** Polls `expression` until it is truthy. */
export async function cdpWaitFor(cdp, expression, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cdpEval(cdp, expression)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** JS heap in use after a full GC (Chromium). */
export async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** The CSP vite.config.ts gives `vite preview` (what the confined build is served with). */
export async function playgroundCsp() {
  const { loadConfigFromFile } = await import('vite');
  const { config } = await loadConfigFromFile({ command: 'serve', mode: 'production', isPreview: true }, path.join(root, 'vite.config.ts'), root, 'silent');
  const csp = config.preview?.headers?.['Content-Security-Policy'];
  if (!csp) throw new Error('vite.config.ts gives the confined build no Content-Security-Policy');
  return csp;
}

/** Writes .bench/<name>.json. */
export function writeResults(name, results) {
  mkdirSync(path.join(root, '.bench'), { recursive: true });
  writeFileSync(path.join(root, '.bench', `${name}.json`), JSON.stringify(results, null, 2) + '\n');
  console.log(`wrote .bench/${name}.json`);
}

/** One decimal for KB and for small values. */
const num = (x, unit) => `${x.toFixed(unit === 'KB' || unit === 'KiB' || Math.abs(x) < 100 ? 1 : 0)} ${unit}`;

/**
 * Prints `rows` ([label, figure][]) as a table: plain Vite, Portcullis, overhead, ratio. A row whose figure has a
 * `target` string prints it in a last column.
 */
export function printTable(title, rows) {
  const hasTarget = rows.some(([, f]) => f.target);
  const head = ['', 'plain Vite', 'Portcullis', 'overhead', 'ratio', ...(hasTarget ? ['target'] : [])];
  const table = [
    head,
    ...rows.map(([label, f]) => [
      label,
      num(f.plain, f.unit),
      num(f.portcullis, f.unit),
      (f.diff >= 0 ? '+' : '') + num(f.diff, f.unit),
      `${f.ratio.toFixed(2)}×`,
      ...(hasTarget ? [f.target ?? ''] : []),
    ]),
  ];
  const widths = head.map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const line = (r) => r.map((cell, c) => (c === 0 || c === 5 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  console.log(`\n${title}`);
  console.log(line(table[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of table.slice(1)) console.log(line(r));
}
