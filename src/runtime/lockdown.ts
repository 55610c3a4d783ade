// lockdown() as real apps survive it. SES's `lockdown()` is `repairIntrinsics()` then `hardenIntrinsics()`; between
// the two, the intrinsics are repaired (unpermitted properties removed) but not yet frozen, which is where SES lets
// vetted shims run. Three repairs happen there, each for code that broke in real packages:
// - well-known symbols that libraries polyfill (Lit's `Symbol.metadata ??= Symbol('metadata')`, TypeScript's
//   `Symbol.dispose ?? Symbol.for('Symbol.dispose')`) exist before `Symbol` is frozen, the same value everywhere;
// - `X.prototype = new RangeError(); X.prototype.constructor = X` and a hand-made Promise subclass's `then` assign an
//   own property, as without lockdown (the override mistake, which SES's 'severe' taming repairs elsewhere);
// - dev server only: Svelte's development build assigns `Array.prototype.indexOf`, `lastIndexOf` and `includes` (its
//   `$state` proxy warnings) and `Array.__svelte_cleanup`. There the assignments are accepted and ignored, so nothing replaces an intrinsic that every
//   package shares; a build for production never has this (the assignment throws, as lockdown makes it).
// Uncaught errors and rejections are left to the browser (`errorTrapping`/`unhandledRejectionTrapping: 'none'`), so the
// page's `error` and `unhandledrejection` events and monitoring see them; SES's reports (the "Removing unpermitted
// intrinsics" group for methods newer than SES) are not printed.
import { defineProperty, getOwnPropertyDescriptor } from '../boundary/primordials.js';

export interface SesLockdownGlobals {
  repairIntrinsics: (options?: Record<string, unknown>) => void;
  hardenIntrinsics: () => void;
}

/** Polyfilled by libraries (decorator metadata, explicit resource management): SES permits only those it knows. */
const WELL_KNOWN_SYMBOLS = ['metadata', 'dispose', 'asyncDispose'] as const;

/**
 * Prototype properties SES's 'severe' taming leaves read-only that real code assigns on an heir: the native errors'
 * `constructor` (Error's and TypeError's SES repairs itself), and a Promise subclass made by hand (jspdf's
 * `Worker.prototype = Object.create(Promise.prototype); Worker.prototype.then = …`).
 */
const OVERRIDABLE: readonly (readonly [string, readonly string[]])[] = [
  ...['EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'URIError', 'AggregateError'].map((name) => [name, ['constructor']] as const),
  ['Promise', ['then', 'catch', 'finally']],
];

/** Assigned by Svelte's development build (svelte/src/internal/client/dev/equality.js). */
const SVELTE_DEV_ARRAY_PATCHES = ['indexOf', 'lastIndexOf', 'includes'] as const;
const SVELTE_DEV_CLEANUP = '__svelte_cleanup';

const hasOwn = (object: object, key: PropertyKey) => getOwnPropertyDescriptor(object, key) !== undefined;

export function lockdownForApps(ses: SesLockdownGlobals, realGlobal: typeof globalThis, options: { dev: boolean }): void {
  ses.repairIntrinsics({
    // Assigning over an inherited property (`obj.hasOwnProperty = ...`, `out[k] = v`) keeps working in packages.
    overrideTaming: 'severe',
    // Keep the browser's own console and real stack traces: both only help people debug.
    consoleTaming: 'unsafe',
    errorTaming: 'unsafe',
    stackFiltering: 'verbose',
    errorTrapping: 'none',
    unhandledRejectionTrapping: 'none',
    reporting: 'none',
  });
  addWellKnownSymbols(realGlobal);
  for (const [name, props] of OVERRIDABLE) {
    const ctor = (realGlobal as unknown as Record<string, { prototype?: object } | undefined>)[name];
    if (ctor?.prototype) for (const prop of props) enableOverride(ctor.prototype, prop, `${name}.prototype`);
  }
  if (options.dev) {
    for (const name of SVELTE_DEV_ARRAY_PATCHES) ignoreAssignment(realGlobal.Array.prototype, name);
    // …and keeps its undo function on `Array` itself, which lockdown makes non-extensible: nothing to undo here.
    defineProperty(realGlobal.Array, SVELTE_DEV_CLEANUP, { get: () => undefined, set: () => {}, enumerable: false, configurable: false });
  }
  ses.hardenIntrinsics();
}

/** On the start compartment's `Symbol` and on SES's shared one (the compartments'; repair made it `Symbol.prototype.constructor`). */
function addWellKnownSymbols(realGlobal: typeof globalThis): void {
  const start = realGlobal.Symbol as unknown as Record<string, unknown>;
  const shared = realGlobal.Symbol.prototype.constructor as unknown as Record<string, unknown>;
  for (const name of WELL_KNOWN_SYMBOLS) {
    const native = [start[name], shared[name]].find((value) => typeof value === 'symbol');
    // Symbol.for('Symbol.x'): the value TypeScript's and Babel's helpers fall back to, so their code and Lit's agree.
    const value = native ?? realGlobal.Symbol.for(`Symbol.${name}`);
    for (const target of [start, shared]) {
      if (!hasOwn(target, name)) defineProperty(target, name, { value, writable: false, enumerable: false, configurable: false });
    }
  }
}

/** SES's own repair of the override mistake (enable-property-overrides.js): assigning on an heir defines an own property. */
function enableOverride(object: object, prop: string, path: string): void {
  const desc = getOwnPropertyDescriptor(object, prop);
  if (!desc || !('value' in desc) || !desc.configurable) return;
  const { value } = desc;
  defineProperty(object, prop, {
    get: () => value,
    set(this: object, next: unknown) {
      if (this === object) throw new TypeError(`Cannot assign to read only property '${prop}' of '${path}'`);
      if (hasOwn(this, prop)) (this as Record<string, unknown>)[prop] = next;
      else defineProperty(this, prop, { value: next, writable: true, enumerable: true, configurable: true });
    },
    enumerable: desc.enumerable,
    configurable: desc.configurable,
  });
}

/** Dev only: an assignment to the shared prototype itself changes nothing; an heir still gets its own property. */
function ignoreAssignment(object: object, prop: string): void {
  const desc = getOwnPropertyDescriptor(object, prop);
  if (!desc || !('value' in desc) || !desc.configurable) return;
  const { value } = desc;
  defineProperty(object, prop, {
    get: () => value,
    set(this: object, next: unknown) {
      if (this === object) return;
      if (hasOwn(this, prop)) (this as Record<string, unknown>)[prop] = next;
      else defineProperty(this, prop, { value: next, writable: true, enumerable: true, configurable: true });
    },
    enumerable: desc.enumerable,
    configurable: desc.configurable,
  });
}
