// The DOM work alone, in all three engines: bench-dom's domWork through the attenuated DOM's wrappers (confined build)
// against the same code on real nodes (plain build), timed by playground/bench.html. Prints, per engine, the ratio
// of the medians over every timed run (21 a load) of LOADS alternating loads per build. Issue 11 point 7 wants
// ≤ 1.5× in Chromium and Firefox.
//
//   xvfb-run -a node scripts/bench/dom.mjs [--reuse] [--loads N] [--engines chromium,firefox,webkit] [--dom-only]
//                                          [--also NAME=DIR]... [--no-async-stacks]
//
// Loads bench.html as scripts/bench.mjs does: the loops first (seconds a load), which leaves plain domWork faster in
// Chromium (same overhead in ms, a higher ratio); --dom-only skips them (bench.html?dom-only). --reuse serves the
// playground/dist and playground/dist-plain already built (by scripts/bench.mjs or an earlier run); otherwise both
// are built first. --also serves another confined build (say an earlier commit's playground/dist, copied) in the
// same alternation: before/after on the same machine load. --no-async-stacks: Firefox without
// javascript.options.asyncstack (see below). WebKit is WebKitGTK's MiniBrowser through WebKitWebDriver (needs a
// display), as in the e2e suite. The page is read only through the engines' automation worlds (locators,
// WebDriver's element commands), never the page's own eval (see lib.mjs, cdpEval).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root, median, figure, machine, ensureDist, viteBuild, playgroundCsp, startStaticServer, writeResults, printTable, CHROMIUM, CHROMIUM_ARGS } from './lib.mjs';

const { values: opts } = parseArgs({
  options: { reuse: { type: 'boolean' }, loads: { type: 'string', default: '6' }, 'dom-only': { type: 'boolean' }, engines: { type: 'string', default: 'chromium,firefox,webkit' }, also: { type: 'string', multiple: true, default: [] }, 'no-async-stacks': { type: 'boolean' } },
});
const LOADS = Number(opts.loads);
const ENGINES = opts.engines.split(',');
const DIST = { confined: path.join(root, 'playground/dist'), plain: path.join(root, 'playground/dist-plain') };
// --also NAME=DIR: another confined build (an earlier commit's playground/dist, copied), in the same alternation, so
// a before/after comparison sees the same machine load.
const ALSO = Object.fromEntries(opts.also.map((a) => a.split('=')));
const MODES = ['confined', 'plain', ...Object.keys(ALSO)];

ensureDist();
if (!opts.reuse || !existsSync(DIST.plain) || !existsSync(DIST.confined)) {
  for (const plain of [true, false]) console.log(`built ${plain ? 'plain' : 'confined'} in ${Math.round(await viteBuild({ plain }))} ms`);
}

/** One load of bench.html: resolves to the page's #bench data set once it is done. */
const WAIT_MS = 180_000;

async function playwrightEngine(name) {
  const pw = await import('@playwright/test');
  const browser = name === 'chromium'
    ? await pw.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
    : await pw.firefox.launch({ channel: 'moz-firefox', executablePath: process.env.PORTCULLIS_FIREFOX || '/usr/bin/firefox-esr', headless: true,
      // Under automation Firefox records an async stack for every callback it is handed (each addEventListener): a
      // cost per JS frame on the stack, which a user's Firefox without devtools does not pay.
      ...(opts['no-async-stacks'] ? { firefoxUserPrefs: { 'javascript.options.asyncstack': false } } : {}) });
  return {
    version: browser.version(),
    async load(url) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(url);
        const bench = page.locator('#bench[data-status="done"], #bench[data-status="error"]');
        await bench.waitFor({ timeout: WAIT_MS });
        const names = ['status', 'error', 'dom-ms', 'dom-iterations', 'dom-check'];
        return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await bench.getAttribute(`data-${n}`)])));
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}

// As e2e/harness/engines.ts (a .ts file Node 20 cannot import): MiniBrowser in automation mode, in a multiarch folder.
function miniBrowser() {
  if (process.env.PORTCULLIS_MINIBROWSER) return process.env.PORTCULLIS_MINIBROWSER;
  const lib = readdirSync('/usr/lib').filter((d) => d.endsWith('-linux-gnu')).map((d) => path.join('/usr/lib', d));
  const found = lib.flatMap((d) => ['webkit2gtk-4.1', 'webkitgtk-6.0', 'webkit2gtk-4.0'].map((api) => path.join(d, api, 'MiniBrowser'))).find(existsSync);
  if (!found) throw new Error('no MiniBrowser under /usr/lib/*/webkit*/: apt-get install webkit2gtk-driver');
  return found;
}
const webkitCapabilities = () => ({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] } });

async function webkitEngine() {
  const { Builder, By } = await import('selenium-webdriver');
  const port = 4600 + (process.pid % 300);
  const driverProcess = spawn(process.env.PORTCULLIS_WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await (await fetch(`${url}/status`)).json()).value?.ready) break;
    } catch {}
    if (i > 150) throw new Error('WebKitWebDriver did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  let version = '?';
  // WebKitWebDriver now and then never answers a new session (e2e/harness/webkit-page.ts): given up after 40 s.
  const openSession = async () => {
    for (let attempt = 1; ; attempt++) {
      const opening = new Builder().usingServer(url).withCapabilities(webkitCapabilities()).build();
      let timer;
      const stalled = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no WebKit session within 40 s')), 40_000)));
      try {
        return await Promise.race([opening, stalled]);
      } catch (error) {
        opening.then((late) => late.quit(), () => {});
        if (attempt >= 3) throw error;
      } finally {
        clearTimeout(timer);
      }
    }
  };
  return {
    get version() {
      return version;
    },
    async load(pageUrl) {
      // A fresh MiniBrowser per load, as a fresh context in the other engines.
      const driver = await openSession();
      try {
        version = (await driver.getCapabilities()).get('browserVersion') ?? version;
        await driver.manage().setTimeouts({ pageLoad: 30_000, script: 30_000 });
        await driver.get(pageUrl);
        const el = await driver.findElement(By.id('bench'));
        await driver.wait(async () => ['done', 'error'].includes(await el.getAttribute('data-status')), WAIT_MS);
        const names = ['status', 'error', 'dom-ms', 'dom-iterations', 'dom-check'];
        return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await el.getAttribute(`data-${n}`)])));
      } finally {
        await driver.quit();
      }
    },
    async close() {
      driverProcess.kill('SIGTERM');
    },
  };
}

const csp = await playgroundCsp();
const servers = { plain: await startStaticServer({ root: DIST.plain }), confined: await startStaticServer({ root: DIST.confined, csp }) };
for (const [name, dir] of Object.entries(ALSO)) servers[name] = await startStaticServer({ root: path.resolve(dir), csp });
const results = { date: new Date().toISOString(), machine: machine(), loads: LOADS, engines: {} };
const rows = [];
try {
  for (const name of ENGINES) {
    const engine = name === 'webkit' ? await webkitEngine() : await playwrightEngine(name);
    const dom = Object.fromEntries(MODES.map((m) => [m, []]));
    let iterations;
    try {
      for (let i = 0; i < LOADS; i++) {
        for (const mode of i % 2 ? [...MODES].reverse() : MODES) {
          const d = await engine.load(`${servers[mode].url}/bench.html${opts['dom-only'] ? '?dom-only' : ''}`);
          if (d.status !== 'done') throw new Error(`${name}: bench page failed in the ${mode} build: ${d.error}`);
          if (d['dom-check'] !== String(2 * Number(d['dom-iterations']))) throw new Error(`${name} ${mode}: domWork checksum ${d['dom-check']}`);
          iterations = Number(d['dom-iterations']);
          dom[mode].push(...JSON.parse(d['dom-ms']));
        }
        const so = MODES.filter((m) => m !== 'plain').map((m) => `${m} ${(median(dom[m]) / median(dom.plain)).toFixed(2)}`);
        process.stdout.write(`${name}: load ${i + 1}/${LOADS}, ratio so far ${so.join(', ')}\n`);
      }
    } finally {
      await engine.close();
    }
    results.engines[name] = { version: engine.version, iterations, runs: dom.plain.length, raw: dom };
    for (const mode of MODES.filter((m) => m !== 'plain')) {
      const f = figure(median(dom.plain), median(dom[mode]), 'ms');
      results.engines[name][mode] = f;
      rows.push([`${name} ${engine.version}${mode === 'confined' ? '' : ` ${mode}`} (${dom.plain.length} runs)`, f]);
    }
  }
} finally {
  for (const server of Object.values(servers)) await server.close();
}
writeResults('dom', results);
printTable(`domWork, wrappers vs real nodes — median of all runs of ${LOADS} alternating loads per build; load ${results.machine.loadavg.join(' ')}`, rows);
