// Invariant 1 ("Nothing real crosses", ../shared/DESIGN.md), the app's side, for packages that handle the page
// (a `dom` section): every value the app hands such a package, and every value it gets back, crosses here, both
// ways and at any depth. The build routes each of the app's imports of the package through a membrane module that
// calls this (entry-point wrapping is unsound: the entry knows who is called, not who calls; PITFALLS.md).
// Threat: a real node, event, document or window reaching the package inside anything the app passes (a Map, a
// Set, an array, a frozen class instance, an option object, a callback's argument or result, a thrown error, a
// promise, an iterator) leads it to the real window.
// How: each value is converted by kind. Real nodes become the package's wrappers (granted roots) and wrappers
// become real nodes again; other host objects are refused with a PortcullisPolicyError naming the package and the
// path. Functions, plain objects, class instances and frozen objects cross as shadow-target proxies (identity: one
// stand-in per real object, live, converted on every access); arrays going in are copied with each element
// converted (a package's loop runs at full speed: measured in scripts/bench-crossing-app.mjs); values with internal
// slots (Map, Set, typed arrays, Date, RegExp, promises, iterators) become new values of the same kind
// (crossing-values.ts). Only the shared, hardened intrinsics cross as themselves.
import { apply, getPrototypeOf, reflectGet, WeakMapCtor } from './primordials.js';
import { shadowProxy, type Crossing } from './crossing-proxy.js';
import { crossIterator, crossPromise, crossSlotted, isIteratorObject } from './crossing-values.js';
import { isPromise, slotKind, type Intrinsics } from './intrinsics.js';

export interface AppMembrane {
  /** A value the app hands the package (argument, option, result of an app callback), converted. */
  toPackage(value: unknown, label?: string): unknown;
  /** A value of the package's reaching the app (an export, a result, a callback's argument), converted. */
  toApp(value: unknown, label?: string): unknown;
  /** The package's own value behind one of its stand-ins on the app's side, else undefined. */
  packageValueOf(standIn: object): unknown;
  /** The app's stand-in for a value of the package's that has crossed to the app, else undefined. */
  appStandInOf(value: object): object | undefined;
}

export interface AppMembraneOptions {
  intrinsics: Intrinsics;
  isHostObject(value: unknown): boolean;
  /** A real host object handed to the package: its wrapper (a node), or throws the refusal. */
  hostToPackage(value: object, label: string): unknown;
  /** The real node behind one of the package's wrappers; undefined for anything else. */
  wrapperToApp(value: unknown): unknown;
  /** Refuses a value that cannot cross (a WeakMap, a WeakRef): throws. */
  refuse(what: string, label: string): never;
  /** Called after each call the app makes into the package returns. */
  settled?(): void;
}

const isObject = (v: unknown): v is object => v !== null && (typeof v === 'object' || typeof v === 'function');
const ErrorCtor = TypeError;
const ArrayPrototype = Array.prototype;
const ArraySlice = Array.prototype.slice;

/** What a real host object is, for an error message ("a real element", "a real KeyboardEvent"). */
export function describeHost(value: object): string {
  let nodeType: unknown;
  try {
    nodeType = reflectGet(value, 'nodeType');
  } catch {
    return 'a real host prototype'; // a native getter's brand check: an object that only inherits from Node.prototype
  }
  if (nodeType === 1) return 'a real element';
  if (nodeType === 9) return 'the real document';
  if (typeof nodeType === 'number') return 'a real node';
  if (reflectGet(value, 'window') === value) return 'the real window';
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return `a real ${tag || 'host object'}`;
}

export function createAppMembrane(options: AppMembraneOptions): AppMembrane {
  const { intrinsics, isHostObject, hostToPackage, wrapperToApp, refuse } = options;
  /** Package-side stand-in → the app value it stands for; app-side stand-in → the package value. */
  const appOf = new WeakMapCtor<object, unknown>();
  const packageOf = new WeakMapCtor<object, unknown>();
  /** app value → its package-side stand-in; package value → its app-side stand-in. */
  const inward = new WeakMapCtor<object, object>();
  const outward = new WeakMapCtor<object, object>();
  /** The copies made by the crossing under way (cycles, shared entries); copies are fresh at each crossing. */
  let memo: Map<object, unknown> | undefined;

  function toPackage(value: unknown, label = 'a value'): unknown {
    if (!isObject(value)) return value;
    if (packageOf.has(value)) return packageOf.get(value);
    const cached = inward.get(value);
    if (cached) return cached;
    if (isHostObject(value)) return hostToPackage(value, label);
    if (intrinsics.has(value)) return value;
    return cross(value, label, true);
  }

  function toApp(value: unknown, label = 'a value'): unknown {
    if (!isObject(value)) return value;
    if (appOf.has(value)) return appOf.get(value);
    const cached = outward.get(value);
    if (cached) return cached;
    const node = wrapperToApp(value);
    if (node) return node;
    // A host object the package holds by grant is the app's own world: it needs no stand-in there.
    if (intrinsics.has(value) || isHostObject(value)) return value;
    return cross(value, label, false);
  }

  /** A thrown real host error (a DOMException) becomes a plain error: its message, not the object. */
  const thrownToPackage = (error: unknown): unknown => {
    if (isObject(error) && isHostObject(error)) {
      return new ErrorCtor(`${String(reflectGet(error, 'name'))}: ${String(reflectGet(error, 'message'))}`);
    }
    return toPackage(error, 'a thrown error');
  };
  const thrownToApp = (error: unknown): unknown => toApp(error, 'a thrown error');
  /** The nearest intrinsic on an app object's chain: Object.prototype for a class instance, Function.prototype for a class. */
  const intrinsicPrototypeOf = (real: object): object | null => {
    let p = getPrototypeOf(real) as object | null;
    while (p !== null && !intrinsics.has(p)) p = getPrototypeOf(p) as object | null;
    return p;
  };
  const intoPackage: Crossing = { there: toPackage, back: toApp, thrown: thrownToPackage, prototypeOf: intrinsicPrototypeOf };
  const intoApp: Crossing = { there: toApp, back: toPackage, thrown: thrownToApp, settled: options.settled };

  function remember(value: object, standIn: object, toPkg: boolean): object {
    (toPkg ? inward : outward).set(value, standIn);
    (toPkg ? appOf : packageOf).set(standIn, value);
    return standIn;
  }

  function cross(value: object, label: string, toPkg: boolean): unknown {
    const convert = toPkg ? toPackage : toApp;
    const outer = memo === undefined;
    if (outer) memo = new Map();
    try {
      if (memo!.has(value)) return memo!.get(value);
      if (typeof value === 'function') return remember(value, shadowProxy(value, toPkg ? intoPackage : intoApp, label), toPkg);
      if (Array.isArray(value)) {
        if (!toPkg) return remember(value, shadowProxy(value, intoApp, label), false);
        // A plain array is sliced (a memory copy), then its objects converted in place; a subclass instance is
        // copied element by element (slice would construct the app's subclass).
        const plain = getPrototypeOf(value) === ArrayPrototype;
        const copy: unknown[] = plain ? (apply(ArraySlice, value, []) as unknown[]) : [];
        memo!.set(value, copy);
        appOf.set(copy, value);
        const length = plain ? copy.length : value.length;
        for (let i = 0; i < length; i++) {
          const v: unknown = plain ? copy[i] : value[i];
          if (isObject(v)) copy[i] = toPackage(v, `element ${i} of ${label}`);
          else if (!plain) copy[i] = v;
        }
        return copy;
      }
      const kind = slotKind(value);
      if (kind === 'Weak') refuse('a WeakMap, WeakSet or WeakRef (its entries cannot be converted)', label);
      if (kind) {
        const copy = crossSlotted(kind, value, convert, label, intrinsics, memo!);
        if (kind === 'TypedArray' || kind === 'DataView') remember(value, copy as object, toPkg);
        return copy;
      }
      if (isPromise(value)) return remember(value, crossPromise(value, convert, toPkg ? thrownToPackage : thrownToApp, label), toPkg);
      if (isIteratorObject(value, intrinsics)) {
        const back = toPkg ? toApp : toPackage;
        return remember(value, crossIterator(value, convert, back, toPkg ? thrownToPackage : thrownToApp, label, intrinsics), toPkg);
      }
      // A plain object, a class instance, an error, a frozen object, a module namespace: by reference, converted.
      return remember(value, shadowProxy(value, toPkg ? intoPackage : intoApp, label), toPkg);
    } finally {
      if (outer) memo = undefined;
    }
  }

  return { toPackage, toApp, packageValueOf: (standIn) => packageOf.get(standIn), appStandInOf: (value) => outward.get(value) };
}
