// Row 53's policy side: a package without a Function/eval grant may not evaluate strings. Its `eval` and `Function`
// are per-module deny stand-ins (registry.ts), and SES's `Compartment`, on every compartment global, whose
// `evaluate(text)` runs code the build never parsed, rewrote or showed the policy generator, is not on its global.
import { describe, expect, it } from 'vitest';
import { realm } from './test-host.js';

describe('row 53: string evaluation without a Function/eval grant', () => {
  it('eval and Function are refused', async () => {
    const r = await realm({ performance: true });
    const { exports } = await r.load(`export const tries = [() => eval('1 + 1'), () => Function('return 1')()];`);
    for (const f of exports.tries as (() => unknown)[]) expect(f).toThrow(/may not use (eval|Function)/);
  });

  it('new Compartment().evaluate(text) runs the text as the app\'s own code; confined, Compartment is refused', async () => {
    const r = await realm({ performance: true });
    const body = `const code = ['performance', 'now()'].join('.'); return new Compartment({ performance }).evaluate(code);`;
    expect(r.run(`(() => { ${body} })()`)).toBe(42); // the fake host's performance.now()
    const { exports } = await r.load(`export function attack() { ${body} }`);
    expect(exports.attack as () => unknown).toThrow(/package "pkg" may not use Compartment/);
  });

  it('with a Function grant, Compartment is there (the package evaluates code already)', async () => {
    const r = await realm({ Function: true });
    const { exports } = await r.load(`export const kind = typeof Compartment;`);
    expect(exports.kind).toBe('function');
  });
});
