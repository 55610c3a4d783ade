// The ecosystem matrix's apps (e2e/apps/<name>) built with and without Portcullis: build time and gzip size of what
// the page loads (JS, CSS, HTML; the confined build's runtime script included), each as a ratio Portcullis / plain.
// Each build is a fresh `node` process running Vite's `build()` on the app's own vite.config, the plain one with the
// portcullis plugins removed, into a temporary folder (the apps' dist/ stay as the e2e run left them). Alternating,
// BUILDS times each, median; the first confined build warms Portcullis's transform cache, as a developer's would be.
// Prints a table and writes .bench/apps.json. No thresholds: timings depend on the machine and its load.
// Run: `node scripts/bench-apps.mjs [app …]` after `npm run build`. The apps import node_modules/portcullis, the packed
// tarball the e2e run installs (scripts/install-packed.mjs); this script installs it the same way when it is missing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { INSTALLED, installPackedPortcullis } from './install-packed.mjs';

const root = path.resolve(import.meta.dirname, '..');
const appsDir = path.join(root, 'e2e/apps');
const BUILDS = 3;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Vite's build() on the app's config, in a child process; `plain` drops every plugin whose name starts with portcullis. */
const BUILD_SCRIPT = `
import { build, loadConfigFromFile } from 'vite';
const [appDir, outDir, mode] = process.argv.slice(1);
const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, undefined, appDir);
const flat = (plugins) => (plugins ?? []).flat(Infinity).filter(Boolean);
const plugins = flat(loaded.config.plugins).filter((p) => mode !== 'plain' || !String(p.name).startsWith('portcullis'));
await build({ ...loaded.config, configFile: false, root: appDir, plugins, logLevel: 'error', build: { ...loaded.config.build, outDir, emptyOutDir: true } });
`;

function buildOnce(app, mode, outDir) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', BUILD_SCRIPT, path.join(appsDir, app), outDir, mode], {
      cwd: path.join(appsDir, app),
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${app} (${mode}): ${output.slice(-2000)}`))));
  });
}

/** Gzip bytes (level 9, each file alone) of what the page loads: .js, .css, .html; `except` leaves files out. */
function gzipTotal(dir, except = /^$/) {
  let total = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d)) {
      const file = path.join(d, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(js|css|html)$/.test(entry) && !except.test(entry)) total += gzipSync(readFileSync(file), { level: 9 }).length;
    }
  };
  walk(dir);
  return total;
}

if (!existsSync(path.join(INSTALLED, 'dist/plugin/index.js'))) installPackedPortcullis();
const apps = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(appsDir).filter((n) => existsSync(path.join(appsDir, n, 'package.json'))).sort();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'portcullis-bench-apps-'));
const results = {};
try {
  for (const app of apps) {
    const out = { plain: path.join(scratch, `${app}-plain`), portcullis: path.join(scratch, `${app}-portcullis`) };
    const times = { plain: [], portcullis: [] };
    try {
      for (let i = 0; i < BUILDS; i++) {
        for (const mode of i % 2 ? ['portcullis', 'plain'] : ['plain', 'portcullis']) times[mode].push(await buildOnce(app, mode, out[mode]));
      }
      const gzip = { plain: gzipTotal(out.plain), portcullis: gzipTotal(out.portcullis) };
      // The runtime script (SES, the runtime, the policy) is the same ~61 KB in every app: the app's own code apart.
      const code = gzipTotal(out.portcullis, /^portcullis-runtime/);
      const build = { plain: median(times.plain), portcullis: median(times.portcullis) };
      results[app] = {
        buildMs: { plain: Math.round(build.plain), portcullis: Math.round(build.portcullis), ratio: round(build.portcullis / build.plain) },
        gzipBytes: { plain: gzip.plain, portcullis: gzip.portcullis, ratio: round(gzip.portcullis / gzip.plain) },
        gzipBytesWithoutRuntime: { portcullis: code, ratio: round(code / gzip.plain) },
      };
    } catch (error) {
      results[app] = { error: String(error.message).split('\n').slice(0, 6).join('\n') };
    }
    const r = results[app];
    console.log(
      r.error
        ? `${app.padEnd(11)} failed: ${r.error}`
        : `${app.padEnd(11)} build ${String(r.buildMs.plain).padStart(5)} → ${String(r.buildMs.portcullis).padStart(5)} ms (${r.buildMs.ratio}×)   ` +
            `gzip ${String(r.gzipBytes.plain).padStart(7)} → ${String(r.gzipBytes.portcullis).padStart(7)} B (${r.gzipBytes.ratio}×; ` +
            `without the runtime script ${r.gzipBytesWithoutRuntime.ratio}×)`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
mkdirSync(path.join(root, '.bench'), { recursive: true });
writeFileSync(path.join(root, '.bench/apps.json'), `${JSON.stringify({ machine: `${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`, builds: BUILDS, results }, null, 2)}\n`);
console.log('wrote .bench/apps.json');
