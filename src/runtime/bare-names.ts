// Invariant 5, "Semantics are kept" (DESIGN.md, "The boundary"): a bare identifier of a confined module behaves as it
// does unconfined. The build rewrites a bare read `x` to `names.x` and a bare assignment `x = v` to `assignments.x = v`
// (transform.ts); a member read of the global (`globalThis.x`) stays on the module global itself. So:
// - a bare read of a name nothing declares throws ReferenceError ("x is not defined"), where `globalThis.x` is undefined;
// - assigning a name nothing declares throws ReferenceError, as in strict code (every bundle is strict);
// - a denied name still throws the policy error, and a name a package wrote (`globalThis.x = 1`) reads back.
// Threat: none of its own (both objects only forward to the module global, which is where every grant is decided);
// what it keeps is the programs' meaning (the differential test262 run, transform.test.ts, measures it).
import { getOwnPropertyDescriptor, objectCreate, ProxyCtor, reflectGet, reflectHas, reflectSet, WeakMapCtor } from '../boundary/primordials.js';
import { ENGINE_DEPENDENT_INTRINSICS } from '../shared/engine-intrinsics.js';

const ReferenceErrorCtor = ReferenceError;
const StringOf = String;

export interface BareNames {
  /** The object a module's bare reads go through: inherits from its module global. */
  names(moduleGlobal: object): object;
  /** The object a module's bare assignments go through. */
  assignments(moduleGlobal: object): object;
  /** Is this the receiver of a bare read (so a name that is absent everywhere must throw)? */
  isBareRead(receiver: unknown): boolean;
  notDefined(key: PropertyKey): never;
}

export function createBareNames(options: {
  realGlobal: object;
  /** Called once per new object, so policy errors can name the module. */
  register: (object: object, moduleGlobal: object) => void;
}): BareNames {
  const { realGlobal } = options;
  const readScopes = new WeakMapCtor<object, object>();
  const writeScopes = new WeakMapCtor<object, object>();
  const bareReads = new WeakMapCtor<object, true>();

  const notDefined = (key: PropertyKey): never => {
    throw new ReferenceErrorCtor(`${typeof key === 'string' ? key : StringOf(key)} is not defined`);
  };

  function names(moduleGlobal: object): object {
    let scope = readScopes.get(moduleGlobal);
    if (!scope) {
      scope = objectCreate(moduleGlobal) as object;
      readScopes.set(moduleGlobal, scope);
      bareReads.set(scope, true);
      options.register(scope, moduleGlobal);
    }
    return scope;
  }

  function assignments(moduleGlobal: object): object {
    let scope = writeScopes.get(moduleGlobal);
    if (scope) return scope;
    const reads = names(moduleGlobal);
    scope = new ProxyCtor(objectCreate(null) as object, {
      // `x += 1`, `x++`: the read half is a bare read.
      get: (_target, key) => reflectGet(reads, key, reads),
      set(_target, key, value) {
        // Declared (by a grant, the compartment or an earlier `globalThis.x = ...`), or denied: the module global
        // decides, as for any write. Declared nowhere: strict code throws.
        if (!reflectHas(moduleGlobal, key) && !(typeof key === 'string' && reflectHas(realGlobal, key))) notDefined(key);
        return reflectSet(moduleGlobal, key, value, moduleGlobal);
      },
      has: (_target, key) => reflectHas(moduleGlobal, key),
    });
    writeScopes.set(moduleGlobal, scope);
    options.register(scope, moduleGlobal);
    return scope;
  }

  return { names, assignments, isBareRead: (receiver) => typeof receiver === 'object' && receiver !== null && bareReads.has(receiver), notDefined };
}

/**
 * The engine's own intrinsics of ENGINE_DEPENDENT_INTRINSICS, as the real global has them when the runtime starts
 * (before any app code: an app's later polyfill is not among them). For every package global.
 */
export function engineIntrinsics(realGlobal: object): PropertyDescriptorMap {
  const found: PropertyDescriptorMap = {};
  for (const name of ENGINE_DEPENDENT_INTRINSICS) {
    const descriptor = getOwnPropertyDescriptor(realGlobal, name);
    if (descriptor && 'value' in descriptor) found[name] = { value: descriptor.value, writable: true, enumerable: false, configurable: true };
  }
  return found;
}
