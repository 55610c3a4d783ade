// The shape of a module through the membrane: a default export, `export *`, a live `let` binding, a class.
export * from './more.js';
export let count = 0;
export function increment() { count++; return count; }
export default function area(w, h) { return w * h; }
