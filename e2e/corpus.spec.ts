// The corpus in three engines: 68 popular npm packages, each confined by the policy `portcullis policy` generated
// (global setup checked that the committed policy is exactly that, then built the app with it), each doing its real
// job under a strict CSP with zero violations. The run records the figures: packages, grants, violations, and the
// grants the page never exercised (from the runtime's recordGrants mode).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, served, test } from './harness/fixtures.ts';

const POLICY = fileURLToPath(new URL('./corpus/portcullis.policy.json', import.meta.url));

/** The packages the page imports, each with one job in e2e/corpus/src/checks.js. */
const PACKAGES = [
  'lodash-es', 'ramda', 'date-fns', 'dayjs', 'ms', 'nanoid', 'uuid', 'clsx', 'classnames', 'deepmerge', 'fast-deep-equal',
  'eventemitter3', 'mitt', 'immer', 'zod', 'qs', 'query-string', 'papaparse', 'js-yaml', 'marked', 'fflate', 'lz-string',
  'decimal.js', 'fuse.js', 'semver', 'escape-html', 'ky', 'axios', 'idb-keyval', 'js-cookie', 'dompurify', 'nprogress',
  'preact', 'chart.js', 'three', 'mathjs', 'qrcode', 'jspdf', 'focus-trap', 'hotkeys-js',
  'luxon', 'chroma-js', 'crypto-js', 'mustache', 'xstate', 'socket.io-client', 'prismjs', 'katex', 'd3', 'konva', 'sortablejs',
  'tippy.js', 'choices.js', 'canvas-confetti', 'animejs', 'hammerjs', 'mousetrap',
  'localforage', 'immutable', 'pako', 'bignumber.js', 'tinycolor2', 'countup.js', 'prosemirror', 'leaflet', 'medium-zoom', 'jszip', 'clipboard',
];

/**
 * Packages whose job cannot succeed yet, each with its cause and whose work fixes it. The test requires them to fail
 * (and to fail without a violation), so that a fix shows up as a failure here: then delete the entry.
 */
const PENDING: Record<string, string> = {
  // `typeof IDBKeyRange !== 'undefined'` gates its IndexedDB driver: a probe, so no grant, and absent it stores in
  // localStorage instead (works; a reviewer adds `"IDBKeyRange": true` to get IndexedDB).
  localforage: 'the typeof IDBKeyRange probe reads absent: localStorage driver instead of IndexedDB (generator: a probe is no grant)',
  // Its nodes reach the app as the shallow crossing's stand-ins; one handed back inside an array (`[schema.text()]`), or
  // to another package (schema-basic's schema to prosemirror-state), stays a stand-in there, and the model's identity
  // checks (`type == this.type`) fail: "Invalid content for node paragraph". Needs stand-ins unwrapped one level in and
  // shared across the membranes of packages that share classes (src/boundary/app-membrane-shallow.ts).
  prosemirror: 'stand-ins of model nodes are not unwrapped inside arrays or across packages (boundary design: lead)',
  // Full power (its setImmediate polyfill's dead `createElement('script')` path), its setImmediate posts a message
  // and runs the task only if `event.source === global`: the real window is not its compartment global, so nothing
  // runs. A reviewer's `"postMessage": false` makes it use MessageChannel and it works (checked by hand).
  jszip: 'setimmediate: event.source === global never holds (the compartment global is not the window)',
};

interface Policy {
  resources: Record<string, { globals?: Record<string, unknown>; packages?: Record<string, unknown>; dom?: { create?: string[]; events?: string[] } }>;
}

test('every package does its job under its generated policy, with zero violations', async ({ browserPage }, testInfo) => {
  await browserPage.goto(served('corpus', '/'));
  await browserPage.waitFor('body[data-ready="true"]', 30_000);
  const page = await browserPage.evaluate(() => {
    const registry = (globalThis as unknown as {
      __portcullis__?: { violations(): { package: string; api: string; module: string }[]; exercisedGrants(): Record<string, string[]> | null };
    }).__portcullis__;
    return {
      results: Array.from(document.querySelectorAll('[data-pkg]')).map((li) => `${li.getAttribute('data-pkg')}:${li.getAttribute('data-status')}${li.getAttribute('data-status') === 'ok' ? '' : ` ${li.textContent}`}`),
      violations: registry ? registry.violations().map((v) => `${v.package} ${v.api} (${v.module})`) : ['(no runtime)'],
      exercised: registry ? registry.exercisedGrants() : null,
    };
  });
  for (const [name, cause] of Object.entries(PENDING)) {
    testInfo.annotations.push({ type: 'pending', description: `${name}: ${cause}` });
    const result = page.results.find((r) => r.startsWith(`${name}:`));
    expect(result, `${name} now does its job: remove it from PENDING (${cause})`).toMatch(new RegExp(`^${name}:fail `));
  }
  expect(page.results.filter((r) => !PENDING[r.slice(0, r.indexOf(':'))])).toEqual(PACKAGES.filter((name) => !PENDING[name]).map((name) => `${name}:ok`));
  expect(page.violations).toEqual([]);

  const policy = JSON.parse(readFileSync(POLICY, 'utf8')) as Policy;
  const resources = Object.entries(policy.resources);
  const globals = resources.flatMap(([name, r]) => Object.keys(r.globals ?? {}).map((path) => `${name}: ${path}`));
  const unexercised = resources.flatMap(([name, r]) => Object.keys(r.globals ?? {}).filter((path) => !page.exercised?.[name]?.includes(path)).map((path) => `${name}: ${path}`));
  const figures = {
    engine: browserPage.engine,
    packagesImported: PACKAGES.length,
    packagesInPolicy: resources.length,
    globalGrants: globals.length,
    packageGrants: resources.reduce((n, [, r]) => n + Object.keys(r.packages ?? {}).length, 0),
    domGrants: resources.reduce((n, [, r]) => n + (r.dom?.create?.length ?? 0) + (r.dom?.events?.length ?? 0), 0),
    violations: page.violations.length,
    globalGrantsNeverExercised: unexercised.length,
    neverExercised: unexercised,
  };
  expect(page.exercised).not.toBeNull();
  // Every grant the page used is one the policy has (the runtime records granted paths only): a sanity check.
  for (const [name, paths] of Object.entries(page.exercised!)) for (const path of paths) expect(globals).toContain(`${name}: ${path}`);
  await testInfo.attach('corpus-figures.json', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
  console.log(`[corpus ${browserPage.engine}] ${figures.packagesImported} packages imported (${figures.packagesInPolicy} in the policy), ` +
    `${figures.globalGrants} global + ${figures.packageGrants} package + ${figures.domGrants} DOM grants, ${figures.violations} violations, ` +
    `${figures.globalGrantsNeverExercised} global grants never exercised`);
});
