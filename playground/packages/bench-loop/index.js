// bench-loop: tight loops of global look-ups, for `npm run bench`. LavaMoat's `with` scopes made this 132× slower.
// Each returns a sum so no engine can drop the loop as dead code. It needs no globals (no policy grants).

/** `Math.max` and `Number.isInteger` as free identifiers: shared intrinsics, left as they are by Portcullis. */
export function direct(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.max(i, 1) + (Number.isInteger(i) ? 1 : 0);
  return sum;
}

/** The same through the global alias: Portcullis rewrites `globalThis` to the compartment global. */
export function viaGlobalThis(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += globalThis.Math.max(i, 1) + (globalThis.Number.isInteger(i) ? 1 : 0);
  return sum;
}
