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
  isFrozen,
  hasOwn,
  getOwnPropertySymbols,
} = Object;
export const propertyIsEnumerable = Object.prototype.propertyIsEnumerable;
export const { isArray } = Array;
export const ObjectPrototype = Object.prototype;
export const ArrayPrototype = Array.prototype;
export const PromiseCtor = Promise;
export const PromisePrototypeThen = Promise.prototype.then;
export const WeakSetCtor = WeakSet;
export const StringPrototypeStartsWith = String.prototype.startsWith;
export const StringPrototypeSlice = String.prototype.slice;

export function startsWith(text: string, prefix: string): boolean {
  return apply(StringPrototypeStartsWith, text, [prefix]) as boolean;
}

export function slice(text: string, start: number): string {
  return apply(StringPrototypeSlice, text, [start]) as string;
}

export function promiseThen<T, R>(promise: Promise<T>, onFulfilled: (value: T) => R, onRejected?: (reason: unknown) => R): Promise<R> {
  return apply(PromisePrototypeThen, promise, [onFulfilled, onRejected]) as Promise<R>;
}
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
