// Timed in the page, as app code: each workload calls a package through whatever the build put between them.
import { sum, sumPoints, stats, lookup } from 'datalib';
import { render, sum as widgetSum } from 'widget';

const numbers = Array.from({ length: 1e6 }, (_, i) => (i % 1000) * 0.5);
const points = Array.from({ length: 2e5 }, (_, i) => ({ x: i % 100, y: (i * 7) % 100 }));
const table = {};
for (let i = 0; i < 1000; i++) table[`k${i}`] = i;
const keys = Object.keys(table);
const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, label: `row ${i}`, value: i }));
const colors = ['red', 'green', 'blue'];
const mount = document.getElementById('mount');
const widgetNumbers = numbers.slice(0, 1e5);

const time = (fn, reps) => {
  fn();
  const runs = [];
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    fn();
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  return runs[runs.length >> 1];
};
let sink = 0;
/** Each timed run repeats a call `n` times, so it lasts milliseconds (browsers round performance.now()). */
const times = (n, fn) => () => {
  for (let i = 0; i < n; i++) fn();
};
const results = {
  'data: sum of 1e6 numbers (no dom)': time(times(20, () => (sink += sum(numbers))), 9) / 20,
  'data: sum over 2e5 objects (no dom)': time(times(50, () => (sink += sumPoints(points))), 9) / 50,
  'data: min/max/mean of 1e6 numbers (no dom)': time(() => (sink += stats(numbers).mean), 9),
  'data: 1e5 lookup calls (no dom)': time(times(4, () => {
    for (let r = 0; r < 100; r++) for (let i = 0; i < keys.length; i++) sink += lookup(table, keys[i]);
  }), 9) / 4,
  'widget: render 200 rows with options and a callback (dom)': time(times(20, () => (sink += render(mount, { rows, colors, onRendered: (t) => (sink += t) }))), 9) / 20,
  'widget: sum of 1e5 numbers (dom, array copied in)': time(times(50, () => (sink += widgetSum(widgetNumbers))), 9) / 50,
};
globalThis.__bench = { results, sink };
document.body.dataset.benchDone = 'true';
