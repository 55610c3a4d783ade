// A host-API-heavy package, as a scheduler, an event bus or a metrics library is: timers, microtasks, animation
// frames, listeners on the window and on its own EventTarget, a PerformanceObserver, performance.now(). Each job
// returns a checksum so the plain and confined builds can be compared for doing the same work.
export function timers(n) {
  return new Promise((resolve) => {
    let left = n;
    let sum = 0;
    for (let i = 0; i < n; i++) setTimeout((x) => { sum += x; if (--left === 0) resolve(sum); }, 0, 1);
  });
}
export function microtasks(n) {
  return new Promise((resolve) => {
    let left = n;
    const step = () => (--left === 0 ? resolve(n) : queueMicrotask(step));
    queueMicrotask(step);
  });
}
export function frames(n) {
  return new Promise((resolve) => {
    let count = 0;
    for (let i = 0; i < n; i++) requestAnimationFrame((t) => { if (typeof t === 'number' && ++count === n) resolve(count); });
  });
}
export function windowListeners(n) {
  let heard = 0;
  const listener = (e) => { if (e.type === 'host-heavy') heard++; };
  addEventListener('host-heavy', listener);
  for (let i = 0; i < n; i++) dispatchEvent(new Event('host-heavy'));
  removeEventListener('host-heavy', listener);
  return heard;
}
export function ownEventTarget(n) {
  const bus = new EventTarget();
  let heard = 0;
  bus.addEventListener('tick', function (e) { if (this === bus && e.target === bus) heard++; });
  for (let i = 0; i < n; i++) bus.dispatchEvent(new Event('tick'));
  return heard;
}
export function observer(n) {
  return new Promise((resolve) => {
    let seen = 0;
    const po = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name.startsWith('host-heavy')) seen++;
      if (seen >= n) { po.disconnect(); resolve(seen); }
    });
    po.observe({ entryTypes: ['mark'] });
    for (let i = 0; i < n; i++) performance.mark(`host-heavy-${i}`);
  });
}
export function now(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += performance.now() > 0 ? 1 : 0;
  return sum;
}

// About 250 KB of JSON: 2000 records of a few fields and a small array, as an API's list endpoint returns.
const records = Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 1.5, tags: ['a', 'b', String(i % 7)], owner: { id: i % 13, active: i % 2 === 0 } }));
const jsonText = JSON.stringify(records);
const total = (list) => list.reduce((sum, r) => sum + r.id + r.tags.length + r.owner.id, 0);
export async function jsonResult(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += total(await new Response(jsonText).json());
  return sum;
}
export function cloneData(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += total(structuredClone(records));
  return sum;
}
