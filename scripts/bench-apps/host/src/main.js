// Times each job of host-heavy (runs alternate between jobs; the median per job goes to data attributes).
import * as jobs from 'host-heavy';

const SIZES = { timers: 2000, microtasks: 100000, frames: 2000, windowListeners: 20000, ownEventTarget: 20000, observer: 2000, now: 200000, jsonResult: 20, cloneData: 20 };
const RUNS = 7;
const bench = document.getElementById('bench');
const times = {};
const checks = {};
try {
  for (let run = 0; run < RUNS; run++) {
    for (const [name, n] of Object.entries(SIZES)) {
      const start = performance.now();
      const check = await jobs[name](n);
      (times[name] ??= []).push(performance.now() - start);
      checks[name] = check;
    }
  }
  bench.dataset.times = JSON.stringify(times);
  bench.dataset.checks = JSON.stringify(checks);
  bench.dataset.status = 'done';
} catch (error) {
  bench.dataset.error = String(error?.stack ?? error);
  bench.dataset.status = 'error';
}
