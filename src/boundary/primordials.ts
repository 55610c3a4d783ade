// Captured before any other code runs (the runtime is the first script of the page), so that code running later
// cannot tamper with what the security layer calls: every call below goes through these, never through a prototype.
export const {
  apply,
  construct,
  defineProperty,
  get: reflectGet,
  getPrototypeOf,
  has: reflectHas,
  ownKeys,
  set: reflectSet,
} = Reflect;
export const {
  create: objectCreate,
  freeze,
  getOwnPropertyDescriptor,
  getOwnPropertyDescriptors,
  defineProperties,
  setPrototypeOf,
} = Object;
export const ObjectPrototype = Object.prototype;
export const FunctionPrototypeBind = Function.prototype.bind;
export const StringPrototypeSplit = String.prototype.split;
export const ArrayPrototypePush = Array.prototype.push;
export const JSONStringify = JSON.stringify;
export const WeakMapCtor = WeakMap;
export const MapCtor = Map;
export const ProxyCtor = Proxy;
export const StringCtor = String;

export function bind<F extends (...args: never[]) => unknown>(fn: F, thisArg: unknown): F {
  return apply(FunctionPrototypeBind, fn, [thisArg]) as F;
}

export function split(text: string, separator: string): string[] {
  return apply(StringPrototypeSplit, text, [separator]) as string[];
}
