// The runtime entry: a classic script, first in <head>, after SES's UMD build in the same file. It runs lockdown()
// before any app or dependency code can, then installs the hardened registry that the rewritten modules call.
import type { RuntimeConfig } from '../shared/runtime-config.js';
import { RUNTIME_GLOBAL_KEY } from '../shared/runtime-config.js';
import { defineProperty, reflectHas } from '../boundary/primordials.js';
import { createRegistry, type SesGlobals } from './registry.js';
import { createViolationLog } from './violations.js';
import { lockdownForApps, type SesLockdownGlobals } from './lockdown.js';
import { captureRealDom } from '../dom/real.js';

type SesStartGlobals = SesGlobals & SesLockdownGlobals;

export function start(config: RuntimeConfig): void {
  const realGlobal = globalThis;
  if (reflectHas(realGlobal, RUNTIME_GLOBAL_KEY)) {
    throw new Error('Portcullis: the runtime script ran twice; include it once, first in <head>. (PORTCULLIS_RUNTIME_TWICE)');
  }
  const ses = realGlobal as unknown as SesStartGlobals;
  lockdownForApps(ses, realGlobal, { dev: config.dev === true });
  // The compartments' shared Error: a caught policy error leads nowhere near the start compartment's Error.
  const SharedError = new ses.Compartment({ __options__: true }).globalThis.Error as ErrorConstructor;
  const { log, PortcullisPolicyError } = createViolationLog(SharedError, config.overrideFile);
  ses.harden(PortcullisPolicyError);
  // The real DOM's methods, captured now: nothing has run yet that could have replaced them.
  const realDom = typeof realGlobal.Node === 'function' && typeof realGlobal.document === 'object' ? captureRealDom(realGlobal as Window & typeof globalThis) : undefined;
  const registry = createRegistry({ config, realGlobal, ses, log, realDom });
  defineProperty(realGlobal, RUNTIME_GLOBAL_KEY, {
    value: ses.harden({ ...registry, PortcullisPolicyError, mode: config.mode }),
    writable: false,
    enumerable: false,
    configurable: false,
  });
}
