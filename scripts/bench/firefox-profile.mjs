// A Gecko profile of one load of bench.html?dom-only in Firefox, summarised: the share of the DOM work's samples in
// each function (inclusive), for the frames under `--under` (a regular expression; default the facade's `guarded`
// wrappers, i.e. the confined DOM work). Build with PORTCULLIS_KEEP_NAMES=1 (npm run build, then the playground) so
// the runtime's functions keep their names. JIT frames are not symbolicated: self time is not shown.
//
//   xvfb-run -a node scripts/bench/firefox-profile.mjs DIST [--under REGEX] [--no-async-stacks] [--top N]
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { firefox } from '@playwright/test';
import { startStaticServer } from '../serve.mjs';
import { playgroundCsp } from './lib.mjs';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { under: { type: 'string', default: '^guarded ' }, 'no-async-stacks': { type: 'boolean' }, top: { type: 'string', default: '40' } },
});
const dir = path.resolve(positionals[0] ?? 'playground/dist');
const out = path.join(os.tmpdir(), `portcullis-gecko-${process.pid}.json`);
const server = await startStaticServer({ root: dir, csp: await playgroundCsp() });
const browser = await firefox.launch({
  channel: 'moz-firefox',
  executablePath: process.env.PORTCULLIS_FIREFOX || '/usr/bin/firefox-esr',
  env: { ...process.env, MOZ_PROFILER_STARTUP: '1', MOZ_PROFILER_STARTUP_FEATURES: 'js', MOZ_PROFILER_STARTUP_INTERVAL: '0.5', MOZ_PROFILER_STARTUP_ENTRIES: '50000000', MOZ_PROFILER_SHUTDOWN: out },
  firefoxUserPrefs: opts['no-async-stacks'] ? { 'javascript.options.asyncstack': false } : {},
});
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/bench.html?dom-only`);
  await page.locator('#bench[data-status]').waitFor({ timeout: 180_000 });
  console.log(`domWork runs (ms, profiled): ${await page.locator('#bench').getAttribute('data-dom-ms')}`);
} finally {
  await browser.close(); // writes the profile
  await server.close();
}

const profile = JSON.parse(readFileSync(out, 'utf8'));
rmSync(out, { force: true });
const threads = [];
const walk = (p) => {
  threads.push(...(p.threads ?? []));
  for (const child of p.processes ?? []) walk(child);
};
walk(profile);
// The content process that ran the page: the busiest main thread that has the bench chunk in its strings.
const thread = threads
  .filter((t) => t.name === 'GeckoMain' && t.processType === 'tab' && t.stringTable.some((s) => /\/assets\/bench-/.test(s)))
  .sort((a, b) => b.samples.data.length - a.samples.data.length)[0];
const S = thread.samples.schema, ST = thread.stackTable.schema, FT = thread.frameTable.schema;
const nameOf = (frame) => thread.stringTable[thread.frameTable.data[frame][FT.location]];
const under = new RegExp(opts.under);
const inclusive = new Map();
let total = 0;
for (const sample of thread.samples.data) {
  const names = [];
  for (let st = sample[S.stack]; st !== null; st = thread.stackTable.data[st][ST.prefix]) names.push(nameOf(thread.stackTable.data[st][ST.frame]));
  if (!names.some((n) => under.test(n))) continue;
  total++;
  for (const n of new Set(names)) inclusive.set(n, (inclusive.get(n) ?? 0) + 1);
}
console.log(`${total} samples (0.5 ms) with a frame matching ${under}; inclusive share:`);
const short = (n) => n.replace(/\(https?:[^)]*\/([^/)]+)\)/, '($1)').slice(0, 110);
for (const [n, c] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(opts.top))) console.log(`${((100 * c) / total).toFixed(1).padStart(5)}  ${short(n)}`);
