// Where the runtime script's bytes go: builds it with source maps (scripts/runtime-bundle.mjs) and attributes every
// minified byte to its source file, then to a group (SES's parts, src/boundary, src/dom, src/runtime, …). A group's
// gzip share is its own bytes gzipped alone, scaled so the groups add up to the whole file's gzip (level 9, as
// scripts/bench measures). `node scripts/runtime-size.mjs [--files] [--playground]`: --files lists the 40 largest
// files too; --playground also builds the playground plain and confined (dist/ must be built) and prints the JS shipped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { TraceMap, originalPositionFor, eachMapping } from '@jridgewell/trace-mapping';
import { bundleRuntime } from './runtime-bundle.mjs';
import { jsSizes, viteBuild } from './bench/lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const KB = 1024;

/** SES's source files by what they do; the first matching rule wins. */
const SES_GROUPS = [
  ['ses: module loading', /\/ses\/src\/(module-|tame-module-source)/],
  ['ses: stubs (options the runtime never sets)', /portcullis-ses-/],
  ['ses: error, console, assert', /\/ses\/src\/error\//],
  ['ses: Compartment and evaluators', /\/ses\/src\/(compartment|global-object|make-eval|make-evaluate|make-function-constructor|make-safe-evaluator|scope-constants|strict-scope|sloppy-globals|eval-scope|transforms|get-source-url)/],
  ['ses: permits (intrinsics table)', /\/ses\/src\/permits/],
  ['ses: commons (primordials)', /\/ses\/src\/commons\.js/],
  ['ses: lockdown, repairs, taming, harden', /\/ses\/src\//],
  ['ses: @endo deps', /@endo\//],
];
const OWN_GROUPS = [
  ['src/boundary', /\/boundary\//],
  ['src/dom', /\/dom\//],
  ['src/runtime', /\/runtime\//],
  ['src/shared', /\/shared\//],
  ['css-what', /css-what/],
];

export function groupOf(source) {
  if (source === null) return '(unmapped: IIFE wrapper, minifier glue)';
  for (const [name, re] of [...SES_GROUPS, ...OWN_GROUPS]) if (re.test(source)) return name;
  return `other: ${source}`;
}

/** Per source file, the minified output's characters (in output order) that map to it. */
export function attribute(code, minMap, bundledMap) {
  const min = new TraceMap(minMap);
  const bundled = new TraceMap(bundledMap);
  const lines = code.split('\n');
  const segments = [];
  eachMapping(min, (m) => segments.push(m));
  const chars = new Map();
  const add = (source, text) => chars.set(source, (chars.get(source) ?? '') + text);
  let covered = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const next = segments[i + 1];
    const line = lines[s.generatedLine - 1] ?? '';
    const end = next && next.generatedLine === s.generatedLine ? next.generatedColumn : line.length;
    const text = line.slice(s.generatedColumn, end);
    covered += text.length;
    let source = null;
    if (s.originalLine != null) {
      const o = originalPositionFor(bundled, { line: s.originalLine, column: s.originalColumn });
      source = o.source ?? null;
    }
    add(source, text);
  }
  add(null, ' '.repeat(Math.max(0, code.length - covered)));
  return chars;
}

export async function measure({ dom = true } = {}) {
  // Inside the repo, so that the runtime's dependencies (css-what) resolve from node_modules.
  const dir = mkdtempSync(`${root}.runtime-size-`);
  try {
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.runtime.json', '--outDir', dir], { cwd: root, stdio: 'inherit' });
    const built = await bundleRuntime({ esmDir: dir, sourcemap: true, dom });
    const chars = attribute(built.code, built.map, built.bundled.map);
    const total = { raw: built.code.length, gzip: gzipSync(built.code, { level: 9 }).length };
    const groups = new Map();
    for (const [source, text] of chars) {
      const g = groupOf(source);
      groups.set(g, (groups.get(g) ?? '') + text);
    }
    const alone = [...groups].map(([name, text]) => ({ name, raw: text.length, gzipAlone: gzipSync(text, { level: 9 }).length }));
    const sumAlone = alone.reduce((a, g) => a + g.gzipAlone, 0);
    for (const g of alone) g.gzip = (g.gzipAlone * total.gzip) / sumAlone;
    const files = [...chars].map(([source, text]) => ({ source: String(source).replace(/.*node_modules\//, '').replace(/.*\.runtime-size-[^/]*\//, 'src/'), raw: text.length }));
    return { total, groups: alone.sort((a, b) => b.raw - a.raw), files: files.sort((a, b) => b.raw - a.raw) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measure();
  const f = (n) => (n / KB).toFixed(1).padStart(6);
  const noDom = await measure({ dom: false });
  console.log(`runtime script: ${f(r.total.raw)} KiB raw, ${f(r.total.gzip)} KiB gzip -9; without the DOM layer (a policy with no dom section) ${f(noDom.total.raw).trim()} KiB raw, ${f(noDom.total.gzip).trim()} KiB gzip\n`);
  console.log(`${'group'.padEnd(42)} ${'raw KiB'.padStart(7)} ${'gzip KiB'.padStart(8)}  (gzip alone)`);
  for (const g of r.groups) console.log(`${g.name.padEnd(42)} ${f(g.raw)}  ${f(g.gzip)}    (${f(g.gzipAlone).trim()})`);
  const sum = (re) => r.groups.filter((g) => re.test(g.name)).reduce((a, g) => ({ raw: a.raw + g.raw, gzip: a.gzip + g.gzip }), { raw: 0, gzip: 0 });
  for (const [label, re] of [['all of SES', /^ses/], ['own code (src/*, css-what)', /^(src|css)/]]) {
    const s = sum(re);
    console.log(`${label.padEnd(42)} ${f(s.raw)}  ${f(s.gzip)}`);
  }
  if (process.argv.includes('--files')) {
    console.log('');
    for (const file of r.files.slice(0, 40)) console.log(`${f(file.raw)}  ${file.source}`);
  }
  if (process.argv.includes('--playground')) {
    await viteBuild({ plain: true });
    await viteBuild();
    const plain = jsSizes(`${root}playground/dist-plain`);
    const confined = jsSizes(`${root}playground/dist`);
    console.log(`\nplayground JS, gzip -9 per file: plain ${f(plain.total.gzip)} KiB, confined ${f(confined.total.gzip)} KiB: ` +
      `+${f(confined.total.gzip - plain.total.gzip).trim()} KiB (runtime script ${f(confined.runtime.gzip).trim()}, the rest +${f(confined.rest.gzip - plain.total.gzip).trim()})`);
  }
}
