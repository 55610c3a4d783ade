// Invariant 1 the way back, for what a package's code throws to the host (host-membrane.ts, thrownToHost): a
// callback's error, a handleEvent getter's. The host's error handler must never hold the package's live object: an
// app that annotates the error it caught (error reporters do) would put its real values where the package reads them.
import { describe, expect, it } from 'vitest';
import { realm } from './test-host.js';

/** The host calls back (app code, as the browser's dispatch), and the app's handler annotates what it caught. */
const appCatches = (trigger: string) => `(() => { try { ${trigger}; } catch (e) { e.context = performance; return e; } })()`;

describe('row 49, the way back: what a package throws to the host', () => {
  for (const [kind, schedule, trigger] of [
    ['a setTimeout callback', 'setTimeout(() => { throw kept; })', '__flush()'],
    ['a listener', "addEventListener('message', () => { throw kept; })", "dispatchEvent(new Event('message'))"],
    ['a handleEvent getter', "addEventListener('message', { get handleEvent() { throw kept; } })", "dispatchEvent(new Event('message'))"],
  ] as const) {
    it(`${kind}: the app's annotation reaches the thrower's object in the plain build, not confined`, async () => {
      const r = await realm({ setTimeout: true, addEventListener: 'origin' });
      const body = `const kept = new Error('boom'); ${schedule}; return kept;`;
      const plain = r.run(`(() => { ${body} })()`) as { context?: unknown };
      const plainCaught = r.run(appCatches(trigger));
      expect(plainCaught === plain && plain.context === r.run('performance')).toBe(true);

      const r2 = await realm({ setTimeout: true, addEventListener: 'origin' });
      const { exports } = await r2.load(`export function attack() { ${body} }`);
      const kept = (exports.attack as () => { context?: unknown })();
      const caught = r2.run(appCatches(trigger)) as Error;
      expect(caught.message).toBe('boom');
      expect(caught === kept).toBe(false);
      expect(kept.context).toBeUndefined();
    });
  }

  it('a policy error thrown inside a callback reaches the host with its name and message', async () => {
    const r = await realm({ setTimeout: true });
    const { exports } = await r.load(`export function attack() { setTimeout(() => fetch('/x')); }`);
    (exports.attack as () => void)();
    const caught = r.run(appCatches('__flush()')) as Error;
    expect(caught.name).toBe('PortcullisPolicyError');
    expect(caught.message).toMatch(/package "pkg" may not use fetch/);
  });
});
