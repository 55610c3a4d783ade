// A V8 CPU profile of one load of bench.html?dom-only in Chromium (the DevTools protocol's Profiler), summarised:
// self and inclusive time per function for the samples under `--under` (a regular expression on function names;
// default domWork, i.e. the DOM work being timed). Build with PORTCULLIS_KEEP_NAMES=1 (npm run build, then the
// playground) so the runtime's functions keep their names. Self time of a DOM method shows as that method's name
// (appendChild, setAttribute, ...), "(garbage collector)" as such.
//
//   xvfb-run -a node scripts/bench/chromium-profile.mjs DIST [--under REGEX] [--top N] [--interval US]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startStaticServer } from '../serve.mjs';
import { cdpSession, launchChromium, playgroundCsp } from './lib.mjs';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { under: { type: 'string', default: '^domWork$' }, top: { type: 'string', default: '40' }, interval: { type: 'string', default: '100' } },
});
const dir = path.resolve(positionals[0] ?? 'playground/dist');
const server = await startStaticServer({ root: dir, csp: await playgroundCsp() });
const browser = await launchChromium();
let profile;
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await cdpSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: Number(opts.interval) });
  await cdp.send('Profiler.start');
  await page.goto(`${server.url}/bench.html?dom-only`);
  await page.locator('#bench[data-status]').waitFor({ timeout: 180_000 });
  ({ profile } = await cdp.send('Profiler.stop'));
  console.log(`domWork runs (ms, profiled): ${await page.locator('#bench').getAttribute('data-dom-ms')}`);
} finally {
  await browser.close();
  await server.close();
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => {
  const f = n.callFrame;
  const file = f.url ? f.url.replace(/^.*\//, '') : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
};
const under = new RegExp(opts.under);
const self = new Map();
const inclusive = new Map();
let total = 0;
// GC samples have no JS parent: counted apart, as a share of all samples taken while the bench ran.
let gc = 0;
for (const id of profile.samples) {
  const node = byId.get(id);
  if (node.callFrame.functionName === '(garbage collector)') {
    gc++;
    continue;
  }
  const stack = [];
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur));
  if (!stack.some((n) => under.test(n.callFrame.functionName))) continue;
  total++;
  const top = label(stack[0]);
  self.set(top, (self.get(top) ?? 0) + 1);
  for (const l of new Set(stack.map(label))) inclusive.set(l, (inclusive.get(l) ?? 0) + 1);
}
const pct = (c) => ((100 * c) / total).toFixed(1).padStart(5);
console.log(`${total} samples under ${under} (plus ${gc} garbage-collector samples in the whole load)`);
console.log('self:');
for (const [n, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(opts.top))) console.log(`${pct(c)}  ${n}`);
console.log('inclusive:');
for (const [n, c] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(opts.top))) console.log(`${pct(c)}  ${n}`);
if (total === 0) {
  const names = new Map();
  for (const id of profile.samples) {
    const l = label(byId.get(id));
    names.set(l, (names.get(l) ?? 0) + 1);
  }
  console.log('nothing matched; the busiest functions of the load:');
  for (const [n, c] of [...names].sort((a, b) => b[1] - a[1]).slice(0, Number(opts.top))) console.log(`${String(c).padStart(6)}  ${n}`);
}
