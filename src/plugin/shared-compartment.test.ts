// Packages without a Function/eval grant share one SES compartment's intrinsics instead of each getting a compartment
// of its own (start-up and heap: src/runtime/registry.ts). Threat: that shared global becoming a channel between
// packages, or a place where one package changes what the next one copies. Run for real in a node:vm realm after
// lockdown() (no CSP there, so the evaluators really run code).
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createRealm, evaluateModule, windowLikeContext } from './test-realm.js';

// What package "a" tries, then "b" reads: through the shared global's own evaluator (reached through the prototype
// of the package global, not the rewritten `Function`), and by writing a global and an intrinsic's slot.
const WRITER = `
  const sharedFunction = Object.getPrototypeOf(globalThis).Function;
  try { sharedFunction('globalThis.leak = "from a"; globalThis.Array = function Evil() {};')(); } catch {}
  globalThis.leak = 'from a';
  try { globalThis.JSON = { parse: () => 'poisoned' }; } catch {}
  export const done = true;`;
const READER = `
  const sharedFunction = Object.getPrototypeOf(globalThis).Function;
  export const viaEvaluator = sharedFunction('return typeof globalThis.leak + ":" + (globalThis.Array === [].constructor)')();
  export const direct = typeof globalThis.leak;
  export const json = JSON.parse('1');`;

describe('the compartment global shared by packages without evaluator grants', () => {
  it('without Portcullis, one module leaves a global for the next', async () => {
    const { context } = windowLikeContext();
    await evaluateModule(WRITER.replace('Object.getPrototypeOf(globalThis).Function', 'Function'), context);
    const b = await evaluateModule(READER.replace('Object.getPrototypeOf(globalThis).Function', 'Function'), context);
    expect(b).toMatchObject({ viaEvaluator: 'string:false', direct: 'string', json: 'poisoned' });
  });

  it('is hardened: nothing one package writes reaches another, through its evaluator or otherwise', async () => {
    const realm = await createRealm({ a: { globals: {} }, b: { globals: {} } });
    await realm.load(WRITER, 'a');
    const { exports: b } = await realm.load(READER, 'b');
    expect({ ...b }).toEqual({ viaEvaluator: 'undefined:true', direct: 'undefined', json: 1 });
  });

  it('leaves a package with a Function grant its own compartment, whose evaluated code sees its grants', async () => {
    const realm = await createRealm({ a: { globals: { Function: true, fetch: true } }, b: { globals: {} } });
    const { exports: a } = await realm.load(`export const seen = Function('return typeof fetch')();`, 'a');
    expect(a.seen).toBe('function');
    // …and that compartment is its own: b's shared one did not get a's grants.
    const { exports: b } = await realm.load(`export const seen = Object.getPrototypeOf(globalThis).Function('return typeof fetch')();`, 'b');
    expect(b.seen).toBe('undefined');
    expect(vm.runInContext('typeof fetch', realm.context)).toBe('function');
  });
});
