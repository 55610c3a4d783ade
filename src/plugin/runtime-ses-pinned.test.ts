// The runtime script's SES is specialised to the one lockdown the runtime runs (scripts/runtime-bundle.mjs): the
// code only other lockdown options reach is replaced by stubs that throw, and no option comes from `process.env`.
// Proved against the shipped ses.umd.min.js: what the specialisation removes is there, and it does change behaviour.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { packageRoot, runtimeScript } from './runtime-asset.js';
import { windowLikeContext } from './test-realm.js';

const shippedSes = readFileSync(join(dirname(createRequire(import.meta.url).resolve('ses/package.json')), 'dist', 'ses.umd.min.js'), 'utf8');
/** The runtime script's bundle alone: SES's shims loaded, lockdown not yet run. */
const bundledSes = readFileSync(join(packageRoot(), 'dist', 'runtime', 'portcullis-runtime.js'), 'utf8');
/** The runtime's lockdown options (src/runtime/lockdown.ts). */
const RUNTIME_OPTIONS = "overrideTaming: 'severe', consoleTaming: 'unsafe', errorTaming: 'unsafe', stackFiltering: 'verbose', errorTrapping: 'none', unhandledRejectionTrapping: 'none', reporting: 'none'";

/** A realm whose `window` records the listeners added to it. */
function realm(setUp = ''): vm.Context {
  const { context } = windowLikeContext();
  vm.runInContext(
    `globalThis.window = globalThis;
    Object.defineProperty(globalThis, '__listeners', { value: [] });
    globalThis.addEventListener = (type) => { __listeners.push(type); };
    Object.defineProperty(globalThis, '__console', { value: globalThis.console });
    ${setUp}`,
    context,
  );
  return context;
}
const run = (context: vm.Context, code: string): string =>
  vm.runInContext(`(() => { try { return String(${code}); } catch (e) { return e.name + ': ' + e.message; } })()`, context) as string;
const startRuntime = (context: vm.Context) => vm.runInContext(runtimeScript({ mode: 'enforce', overrideFile: 'o.json', resources: {} }), context);

describe("the runtime script's SES, specialised to the runtime's lockdown", () => {
  it('leaves the page its own console, error and rejection events, as the shipped SES does with those options', () => {
    const shipped = realm();
    vm.runInContext(`${shippedSes}\nlockdown({ ${RUNTIME_OPTIONS} });`, shipped);
    const bundled = realm();
    startRuntime(bundled);
    for (const context of [shipped, bundled]) {
      expect(run(context, 'console === __console')).toBe('true');
      expect(run(context, '__listeners.join()')).toBe('');
    }
    // SES's defaults do trap them and wrap the console: what the stubs leave out is code that matters elsewhere.
    const defaults = realm();
    vm.runInContext(`${shippedSes}\nlockdown({ reporting: 'none' });`, defaults);
    expect(run(defaults, 'console === __console')).toBe('false');
    expect(run(defaults, '__listeners.join()')).toBe('error,unhandledrejection,rejectionhandled,beforeunload');
  });

  it("refuses lockdown options that need what it leaves out, instead of running without it", () => {
    const causal = realm();
    vm.runInContext(bundledSes, causal);
    expect(run(causal, `repairIntrinsics({ ${RUNTIME_OPTIONS}, consoleTaming: 'safe' })`)).toMatch(/^TypeError: Portcullis: the causal console .* not part of the runtime's SES/);
    const rejections = realm();
    vm.runInContext(bundledSes, rejections);
    expect(run(rejections, `repairIntrinsics({ ${RUNTIME_OPTIONS}, unhandledRejectionTrapping: 'report' })`)).toMatch(/^TypeError: Portcullis: unhandled rejection tracking .* not part of the runtime's SES/);
  });

  it("takes no lockdown option from a `process.env` in the page (the shipped SES does: a fake harden)", () => {
    const env = `globalThis.process = { env: { LOCKDOWN_HARDEN_TAMING: 'unsafe' } };`;
    const frozenByHarden = 'Reflect.defineProperty(harden({}), "x", { value: 1 }) === false';
    const shipped = realm(env);
    vm.runInContext(`${shippedSes}\nlockdown({ ${RUNTIME_OPTIONS} });`, shipped);
    expect(run(shipped, frozenByHarden)).toBe('false');
    const bundled = realm(env);
    startRuntime(bundled);
    expect(run(bundled, frozenByHarden)).toBe('true');
    expect(run(bundled, 'Object.isFrozen(Object.prototype)')).toBe('true');
  });
});
