// Which free identifiers a dependency module may keep as they are, and which are aliases of the global object.
// Threat: any free identifier left un-rewritten reaches the real window. Only ECMAScript intrinsics that are the
// very same hardened object in every compartment after lockdown() may stay (a measured list, see PITFALLS.md).
import { ENGINE_DEPENDENT_INTRINSICS } from '../shared/engine-intrinsics.js';
import type { AnyNode } from './parse-goal.js';

/** Same object in every compartment after lockdown(): safe to leave un-rewritten (and fast: no global look-up cost). */
export const SHARED_INTRINSICS: ReadonlySet<string> = new Set([
  'undefined', 'NaN', 'Infinity',
  'Object', 'Array', 'JSON', 'Promise', 'Reflect', 'Proxy', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef',
  'FinalizationRegistry', 'Number', 'String', 'Boolean', 'BigInt', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Atomics',
  'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError', 'Iterator',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURI', 'encodeURIComponent', 'decodeURI',
  'decodeURIComponent', 'escape', 'unescape', 'harden',
  // SES tames these two in child compartments (Date.now() and Math.random() throw there); the runtime gives every
  // compartment the start compartment's hardened ones, so the identifiers can stay as they are.
  'Math', 'Date',
]);

/**
 * ECMAScript globals that every compartment has without a grant, rewritten because each compartment has its own:
 * `Function`/`eval` evaluate in the compartment (and throw a policy error unless granted), `Symbol`/`Error`/`RegExp`
 * are SES's shared, powerless variants (no `Error.prepareStackTrace`, no RegExp statics).
 */
export const COMPARTMENT_INTRINSICS: ReadonlySet<string> = new Set([
  'Function', 'eval', 'Symbol', 'Error', 'RegExp', 'Compartment', 'globalThis',
]);

/** Names that denote the global object itself: inside a package they are its compartment global. */
export const GLOBAL_ALIASES: ReadonlySet<string> = new Set(['globalThis', 'self', 'window']);

/**
 * Free in raw CommonJS, which the bundler's wrapper provides; rewriting them would break the module. Not
 * `__filename`/`__dirname`: no browser bundler provides them, so they are global look-ups and get rewritten.
 */
export const KEPT_IN_COMMONJS: ReadonlySet<string> = new Set(['require', 'module', 'exports']);

/**
 * Is this free `require` of a CommonJS module one the bundler resolves (`require('x')`)? Any other (`typeof require`,
 * `var r = typeof require == 'function' && require` in a browserify prelude, `require(name)`) is left by the bundler
 * to its runtime helper, which falls back to the page's global `require`: rewritten like any other global, it reads
 * the compartment's (absent in a browser, so the package takes its browser path, as it does unbundled).
 */
export function isResolvedRequire(ident: AnyNode, parent: AnyNode | undefined): boolean {
  if (parent?.type !== 'CallExpression' || parent.callee !== ident) return false;
  const arg = parent.arguments[0] as AnyNode | undefined;
  return (arg?.type === 'Literal' && typeof arg.value === 'string') || (arg?.type === 'TemplateLiteral' && arg.expressions.length === 0);
}

/** Shared intrinsics an engine may lack: rewritten, so never read from the real global (see the shared list). */
export const ENGINE_DEPENDENT: ReadonlySet<string> = new Set(ENGINE_DEPENDENT_INTRINSICS);

/** Calling these evaluates code: they need an explicit grant even though every compartment has them. */
export const EVALUATORS: ReadonlySet<string> = new Set(['Function', 'eval']);

/**
 * What a free `toString` or `hasOwnProperty` finds on a page: Object.prototype's own methods, which the window only
 * inherits. They are the same hardened intrinsics in every compartment: no grant (the runtime serves them as they are).
 */
export const OBJECT_PROTOTYPE_NAMES: ReadonlySet<string> = new Set([
  'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'constructor',
  '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
]);
