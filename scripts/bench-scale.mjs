// `npm run bench` (after bench.mjs): how Portcullis's costs grow with the number of packages. Apps of 10, 50 and 200
// packages, generated in .bench/scale/ (gitignored): the 10 real packages of issue 13's app (preact, lodash-es,
// date-fns, zod, nanoid, marked, dompurify, immer, clsx, mitt, linked from node_modules), plus generated packages of
// three modules each that use timers and intrinsics and import the previous package. Each app is built with
// and without Portcullis (alternating, warm transform cache after a first cold build that also generates its
// policy), and loaded in headless Chromium (the confined build under a strict CSP). Printed per size: build time,
// JS shipped, runtime script, app ready and heap, each against plain Vite, and the cost per package.
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  root, median, round, figure, KB, machine, alternate, ensureDist, viteBuild, jsSizes, launchChromium, withPage,
  heapAfterGc, cdpSession, cdpEval, cdpWaitFor, startStaticServer, writeResults, printTable,
} from './bench/lib.mjs';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10,50,200').split(',').map(Number);
const BUILDS = 3;
const LOADS = 7;
const CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; style-src 'self' 'unsafe-inline'";

// The real packages and one use of each (what issue 13's app does with them).
const REAL = {
  preact: [`import { h, render } from 'preact';`, `render(h('p', null, 'preact ' + n), out); n += 1;`],
  'lodash-es': [`import { chunk } from 'lodash-es';`, `n += chunk([1, 2, 3], 2).length;`],
  'date-fns': [`import { format } from 'date-fns';`, `n += format(new Date(0), 'yyyy').length;`],
  zod: [`import { z } from 'zod';`, `n += z.object({ a: z.string() }).parse({ a: 'x' }).a.length;`],
  nanoid: [`import { nanoid } from 'nanoid';`, `n += nanoid().length;`],
  marked: [`import { marked } from 'marked';`, `n += marked.parse('# title').length > 0 ? 1 : 0;`],
  dompurify: [`import DOMPurify from 'dompurify';`, `n += DOMPurify.sanitize('<b>x</b>').length;`],
  immer: [`import { produce } from 'immer';`, `n += produce({ a: 1 }, (d) => { d.a = 2; }).a;`],
  clsx: [`import { clsx } from 'clsx';`, `n += clsx('a', { b: true }).length;`],
  mitt: [`import mitt from 'mitt';`, `{ const e = mitt(); e.on('x', () => { n += 1; }); e.emit('x'); }`],
};

/** pkg-i: three modules; imports pkg-(i-1) unless i is a multiple of 5. */
function writeGenerated(nodeModules, i) {
  const dir = path.join(nodeModules, `pkg-${i}`);
  const dependsOnPrevious = i % 5 !== 0;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: `pkg-${i}`, version: '1.0.0', type: 'module', main: 'index.js', sideEffects: false,
    dependencies: dependsOnPrevious ? { [`pkg-${i - 1}`]: '1.0.0' } : {},
  }));
  writeFileSync(path.join(dir, 'index.js'), [
    `import { step } from './step.js';`,
    `import { weight } from './weight.js';`,
    dependsOnPrevious ? `import { run as previous } from 'pkg-${i - 1}';` : `const previous = () => 0;`,
    `export function run(x) {`,
    `  const timer = setTimeout(() => {}, 0);`,
    `  clearTimeout(timer);`,
    `  return step(x) + weight(x) + (x > 0 ? previous(x - 1) % 3 : 0);`,
    `}`,
  ].join('\n'));
  writeFileSync(path.join(dir, 'step.js'), `export const step = (x) => Math.max(x, 1) * 2 + JSON.stringify({ x, id: ${i} }).length;\n`);
  writeFileSync(path.join(dir, 'weight.js'), `export const weight = (x) => (typeof setTimeout === 'function' ? 1 : 0) + (x % 7) + [${i}].map(String).join('').length;\n`);
}

/** Writes .bench/scale/app-<size>: package.json, node_modules (links and generated packages), page, config. */
function writeApp(size) {
  const dir = path.join(root, '.bench/scale', `app-${size}`);
  rmSync(dir, { recursive: true, force: true });
  const nodeModules = path.join(dir, 'node_modules');
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  mkdirSync(nodeModules, { recursive: true });
  const real = Object.keys(REAL).slice(0, Math.min(size, 10));
  const generated = Array.from({ length: Math.max(0, size - real.length) }, (_, i) => i);
  const dependencies = {};
  for (const name of real) {
    symlinkSync(path.join(root, 'node_modules', name), path.join(nodeModules, name), 'dir');
    dependencies[name] = '*';
  }
  for (const i of generated) {
    writeGenerated(nodeModules, i);
    dependencies[`pkg-${i}`] = '1.0.0';
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `scale-${size}`, private: true, type: 'module', dependencies }, null, 2));
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><title>scale ${size}</title><script type="module" src="/src/main.js"></script></head><body><div id="out"></div></body></html>\n`);
  writeFileSync(path.join(dir, 'src/main.js'), [
    ...real.map((name) => REAL[name][0]),
    ...generated.map((i) => `import { run as run${i} } from 'pkg-${i}';`),
    `const out = document.getElementById('out');`,
    `let n = 0;`,
    ...real.map((name) => REAL[name][1]),
    ...generated.map((i) => `n += run${i}(3);`),
    `document.body.dataset.check = String(n);`,
    `document.body.dataset.readyAt = String(performance.now());`,
    `document.body.dataset.ready = 'true';`,
  ].join('\n'));
  writeFileSync(path.join(dir, 'vite.config.mjs'), [
    `import { defineConfig } from 'vite';`,
    `import portcullis from ${JSON.stringify(path.join(root, 'dist/plugin/index.js'))};`,
    `const plain = process.env.PORTCULLIS === 'off';`,
    `export default defineConfig({`,
    `  root: import.meta.dirname,`,
    `  logLevel: 'warn',`,
    `  build: { outDir: plain ? 'dist-plain' : 'dist', emptyOutDir: true },`,
    `  plugins: plain ? [] : [portcullis({ generatePolicy: process.env.BENCH_GENERATE === '1' })],`,
    `});`,
  ].join('\n'));
  return dir;
}

ensureDist();
if (!existsSync(path.join(root, 'node_modules/preact'))) throw new Error('the corpus packages are missing: npm ci');
const browser = await launchChromium();
const results = { date: new Date().toISOString(), machine: machine({ chromium: browser.version() }), runs: { builds: BUILDS, loads: LOADS }, sizes: {} };
try {
  for (const size of SIZES) {
    const dir = writeApp(size);
    const args = ['--config', path.join(dir, 'vite.config.mjs')];
    // Cold: no transform cache yet; it also writes the app's policy from the build's analysis.
    const cold = await viteBuild({ cwd: dir, args, env: { BENCH_GENERATE: '1' }, cpu: true });
    const builds = await alternate(BUILDS, ['confined', 'plain'], (mode) => viteBuild({ cwd: dir, args, plain: mode === 'plain', cpu: true }));
    const size_ = { plain: jsSizes(path.join(dir, 'dist-plain')), confined: jsSizes(path.join(dir, 'dist')) };
    const servers = {
      plain: await startStaticServer({ root: path.join(dir, 'dist-plain') }),
      confined: await startStaticServer({ root: path.join(dir, 'dist'), csp: CSP }),
    };
    try {
      const loads = await alternate(LOADS, ['confined', 'plain'], (mode) => withPage(browser, `${servers[mode].url}/`, async (page) => {
        const cdp = await cdpSession(page);
        await cdpWaitFor(cdp, `document.body?.dataset.ready === 'true'`);
        const heap = await heapAfterGc(cdp);
        return { heap, ...(await cdpEval(cdp, `({ ready: Number(document.body.dataset.readyAt), check: document.body.dataset.check })`)) };
      }));
      const checks = new Set([...loads.plain, ...loads.confined].map((l) => l.check));
      if (checks.size !== 1) throw new Error(`app-${size}: the builds computed different results: ${[...checks].join(', ')}`);
      const wall = (mode) => median(builds[mode].map((b) => b.wallMs));
      const cpu = (mode) => median(builds[mode].map((b) => b.cpuMs));
      results.sizes[size] = {
        buildWall: figure(wall('plain'), wall('confined'), 'ms'),
        buildCpu: figure(cpu('plain'), cpu('confined'), 'ms'),
        buildCpuCold: figure(cpu('plain'), cold.cpuMs, 'ms'),
        jsGzip: figure(size_.plain.total.gzip / KB, size_.confined.total.gzip / KB, 'KiB'),
        runtimeGzip: round(size_.confined.runtime.gzip / KB, 2),
        ready: figure(median(loads.plain.map((l) => l.ready)), median(loads.confined.map((l) => l.ready)), 'ms'),
        heap: figure(median(loads.plain.map((l) => l.heap)) / KB, median(loads.confined.map((l) => l.heap)) / KB, 'KiB'),
      };
      process.stdout.write(`app-${size}: built and loaded\n`);
    } finally {
      await servers.plain.close();
      await servers.confined.close();
    }
  }
} finally {
  await browser.close();
}
writeResults('scale', results);

for (const size of SIZES) {
  const r = results.sizes[size];
  // Issue 13's targets are for its 10-package app.
  const t = (f, text) => (size === 10 ? { ...f, target: text } : f);
  printTable(`${size} packages (10 real + ${Math.max(0, size - 10)} generated); runtime script ${r.runtimeGzip} KiB gzip`, [
    ['build time, warm (wall)', t(r.buildWall, '≤ 1.3×')],
    ['build CPU time, warm', t(r.buildCpu, '≤ 1.3×')],
    ['build CPU time, cold', t(r.buildCpuCold, '≤ 2×')],
    ['JS shipped, gzip -9', t(r.jsGzip, '≤ +40 KiB')],
    ['app ready', t(r.ready, '≤ +40 ms')],
    ['JS heap after GC', t(r.heap, '≤ 1.5×')],
  ]);
}
// The cost of one more package: the overhead's growth between the smallest and the largest app, per package.
if (SIZES.length > 1) {
  const [a, b] = [SIZES[0], SIZES.at(-1)];
  const per = (key) => round((results.sizes[b][key].diff - results.sizes[a][key].diff) / (b - a), 3);
  const perRuntime = round((results.sizes[b].runtimeGzip - results.sizes[a].runtimeGzip) / (b - a), 3);
  console.log(`\nper extra package (${a} → ${b}): build CPU +${per('buildCpu')} ms, app ready +${per('ready')} ms, heap +${per('heap')} KiB, runtime script +${perRuntime} KiB gzip, JS +${per('jsGzip')} KiB gzip`);
  console.log(`overhead by size: ready ${SIZES.map((s) => `${s}: +${results.sizes[s].ready.diff} ms`).join(', ')}; heap ${SIZES.map((s) => `${s}: +${results.sizes[s].heap.diff} KiB`).join(', ')}`);
}
