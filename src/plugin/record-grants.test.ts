// Recording mode (`recordGrants`): the runtime says which granted paths each package really used, so a test can
// count grants that nothing exercised. Run for real under SES in a separate realm.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runtimeScript } from './runtime-asset.js';
import { evaluateModule, windowLikeContext } from './test-realm.js';
import { confineModule, ensureLexer } from './transform.js';

async function realm(recordGrants: boolean) {
  await ensureLexer();
  const { context } = windowLikeContext();
  const resources = { pkg: { globals: { fetch: true as const, 'localStorage.getItem': true as const, setTimeout: true as const, appState: 'write' as const } } };
  vm.runInContext(runtimeScript({ mode: 'enforce', overrideFile: 'o.json', resources, ...(recordGrants ? { recordGrants } : {}) }), context);
  const load = (code: string) => {
    const { code: out } = confineModule({ code, id: '/app/node_modules/pkg/m.js', packageName: 'pkg', moduleName: 'node_modules/pkg/m.js', prelude: { kind: 'inline' } });
    return evaluateModule(out!, context);
  };
  const exercised = () => vm.runInContext('__portcullis__.exercisedGrants()', context) as Record<string, string[]> | null;
  return { load, exercised };
}

describe('recordGrants', () => {
  it('records the granted paths a package read or wrote, and nothing it only holds', async () => {
    const { load, exercised } = await realm(true);
    const exports = await load(`export const go = () => [fetch('/x'), localStorage.getItem('k')]; export const w = () => { appState = 1; };`);
    expect(exercised()).toEqual({ pkg: [] });
    (exports.go as () => unknown)();
    (exports.w as () => unknown)();
    expect(JSON.parse(JSON.stringify(exercised()))).toEqual({ pkg: ['appState', 'fetch', 'localStorage.getItem'] });
  });

  it('is off by default', async () => {
    const { load, exercised } = await realm(false);
    await load(`export const r = fetch('/x');`);
    expect(exercised()).toBeNull();
  });
});
