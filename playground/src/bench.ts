// The benchmark page (`npm run bench`). The loops live in the package bench-loop and the DOM work in bench-dom, so
// Portcullis confines them like any dependency; the timing is done here, in the app, so the packages need no grants.
// bench-dom has a `dom` policy section: it gets #dom-work through the membrane, as its wrapper, and works on wrappers.
// Results: #bench data-status="done" (or "error" + data-error), data-direct-ms / data-alias-ms (JSON arrays of ms per
// run), data-iterations, data-check (the loops' sums, which must agree between builds); data-dom-ms,
// data-dom-iterations, data-dom-check (domWork's checksum, likewise).
import { direct, viaGlobalThis } from 'bench-loop';
import { domWork } from 'bench-dom';

const ITERATIONS = 1e8; // ~100 ms a run: long enough that timer resolution and machine noise stay small
const RUNS = 5;
const DOM_ITERATIONS = 2000; // a few ms a run plain
const DOM_RUNS = 21;
const out = document.getElementById('bench')!;
const container = document.getElementById('dom-work')!;

function time(loop: (n: number) => number): { ms: number; sum: number } {
  const start = performance.now();
  const sum = loop(ITERATIONS);
  return { ms: performance.now() - start, sum };
}

function run(): void {
  out.textContent = '';
  // ?dom-only (scripts/bench/dom.mjs): the DOM work alone, in all engines, without the loops' seconds.
  if (!new URLSearchParams(location.search).has('dom-only')) loops();
  dom();
}

function loops(): void {
  // One warm-up run each, so the optimising compiler has seen both loops before they are timed.
  time(direct);
  time(viaGlobalThis);
  const directMs: number[] = [];
  const aliasMs: number[] = [];
  const sums = new Set<number>();
  // Alternate, so a slow moment of the machine falls on both loops alike.
  for (let i = 0; i < RUNS; i++) {
    const a = time(direct);
    const b = time(viaGlobalThis);
    directMs.push(a.ms);
    aliasMs.push(b.ms);
    sums.add(a.sum).add(b.sum);
  }
  out.dataset.iterations = String(ITERATIONS);
  out.dataset.directMs = JSON.stringify(directMs);
  out.dataset.aliasMs = JSON.stringify(aliasMs);
  out.dataset.check = [...sums].join(',');
  out.textContent = `${RUNS} runs of ${ITERATIONS} iterations: Math.max → ${directMs.map((ms) => ms.toFixed(1)).join(', ')} ms; ` +
    `globalThis.Math.max → ${aliasMs.map((ms) => ms.toFixed(1)).join(', ')} ms; `;
}

function dom(): void {
  // DOM work: warm-up runs first, then each run timed on its own; the median is read by bench.mjs.
  for (let i = 0; i < 5; i++) domWork(container, DOM_ITERATIONS);
  const domMs: number[] = [];
  const checks = new Set<number>();
  for (let i = 0; i < DOM_RUNS; i++) {
    const start = performance.now();
    checks.add(domWork(container, DOM_ITERATIONS));
    domMs.push(performance.now() - start);
  }
  out.dataset.domIterations = String(DOM_ITERATIONS);
  out.dataset.domMs = JSON.stringify(domMs);
  out.dataset.domCheck = [...checks].join(',');
  out.dataset.status = 'done';
  out.textContent +=
    `${DOM_RUNS} runs of domWork(${DOM_ITERATIONS}) → ${domMs.map((ms) => ms.toFixed(1)).join(', ')} ms (check ${out.dataset.domCheck})`;
}

// After first paint, so the page shows something while the loops run.
setTimeout(() => {
  try {
    run();
  } catch (error) {
    out.dataset.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    out.dataset.status = 'error';
    out.textContent = out.dataset.error;
  }
}, 0);
