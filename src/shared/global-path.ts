// One normalisation of global paths, shared by the policy generator (src/plugin/uses.ts), the runtime's grants
// (src/runtime/endowments.ts) and `portcullis explain`/`--check` (src/cli).
// Threat it answers: a reviewed grant that does nothing, or a check that tests another name than the one granted.
// Inside a package `globalThis`, `self` and `window` are all its compartment global, so `globalThis.window.self.x`
// and `window.trustedTypes` reach exactly what `x` and `trustedTypes` reach; a grant written either way means the
// same thing everywhere, and the generator writes only the short form.
// Runs in the page too (the runtime): only captured primordials and plain loops, no prototype method of the page.
import { split } from '../boundary/primordials.js';

/** Does this name denote the global object itself (inside a package: its compartment global)? */
export function isGlobalObjectName(name: string): boolean {
  return name === 'globalThis' || name === 'self' || name === 'window';
}

/**
 * The path with its leading global-object names removed: `['globalThis', 'window', 'trustedTypes']` →
 * `['trustedTypes']`. A path of global-object names only is the global object itself: `[]`.
 */
export function stripGlobalObject(segments: readonly string[]): string[] {
  let i = 0;
  while (i < segments.length && isGlobalObjectName(segments[i]!)) i++;
  const rest: string[] = [];
  for (; i < segments.length; i++) rest[rest.length] = segments[i]!;
  return rest;
}

/**
 * A grant's key in its one meaning: `window.trustedTypes` → `trustedTypes`, `self.window` → `window`. A key made of
 * global-object names only keeps its last one (`window`, `self`: the whole global, a full-power grant).
 */
export function normalizeGrantKey(key: string): string {
  const segments = split(key, '.');
  const rest = stripGlobalObject(segments);
  if (rest.length === 0) return segments[segments.length - 1]!;
  let path = rest[0]!;
  for (let i = 1; i < rest.length; i++) path = `${path}.${rest[i]!}`;
  return path;
}

type GrantValue = true | false | string;

/** When two keys name one path: `false` (a reviewed quiet denial) beats `"write"` beats `true`. */
function stronger(a: GrantValue, b: GrantValue): GrantValue {
  if (a === false || b === false) return false;
  if (a === 'write' || b === 'write') return 'write';
  return a === true ? b : a;
}

/** The grants with every key normalised; two keys meaning one path merge (see `stronger`). Keys stay in order. */
export function normalizeGrants<V extends GrantValue>(grants: Readonly<Record<string, V>>): Record<string, V> {
  const result: Record<string, V> = { __proto__: null } as unknown as Record<string, V>;
  const seen: Record<string, true> = { __proto__: null } as unknown as Record<string, true>;
  for (const key in grants) {
    const path = normalizeGrantKey(key);
    const value = grants[key]!;
    result[path] = (seen[path] ? stronger(result[path]!, value) : value) as V;
    seen[path] = true;
  }
  return result;
}
