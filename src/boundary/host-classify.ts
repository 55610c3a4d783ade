// Which values are real host objects (the window, a document, a node, an event, any EventTarget, a host prototype or
// constructor). Every crossing asks this one question, so it is answered in one place.
// Threat: a real host object reaching a package by a path nobody mediated (the app's options, a callback's argument,
// a container's element); whatever holds one can walk to the real window. And the other way: a package's own object
// taken for a host object, which the membranes pass as it is.
// How: a value is a host object when its prototype chain reaches a host interface prototype: an unfrozen object whose
// own `constructor` is a function that is unfrozen, native and named (`function HTMLElement() { [native code] }`) and
// whose own `prototype` is that object. lockdown() has frozen every ECMAScript intrinsic, so what passes is the
// browser's (this page's or another realm's). Package code cannot forge one: the functions it can make or reach
// print their source, or no name (bound functions, proxies: `function () { [native code] }`), or are frozen.
// Decided per prototype on first sight and remembered, rather than for every global at start: reading the page's
// ~1,000 interface objects up front made the browser create them all (1.8 MiB of heap in Chromium, measured).
import { apply, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, isFrozen, ObjectPrototype, WeakSetCtor } from './primordials.js';

const FunctionPrototypeToString = Function.prototype.toString;
/** V8: `function Node() { [native code] }`; SpiderMonkey and JavaScriptCore put the body on its own line. */
const NAMED_NATIVE = /^function [A-Za-z_$][\w$]*\(\) \{\s*\[native code\]\s*\}$/;

export interface HostClassifier {
  /** True for a real host object or host prototype (never for ECMAScript values or the app's own objects). */
  isHostObject(value: unknown): boolean;
  /** True for a host interface constructor (`HTMLElement`, `Event`, `EventTarget`, …). */
  isHostConstructor(value: unknown): boolean;
  /** True for a host interface prototype (`EventTarget.prototype`, `Performance.prototype`, …, the window's chain). */
  isHostPrototype(value: unknown): boolean;
}

function isNamedNative(fn: unknown): boolean {
  if (typeof fn !== 'function' || isFrozen(fn)) return false;
  try {
    return NAMED_NATIVE.test(apply(FunctionPrototypeToString, fn, []) as string);
  } catch {
    return false;
  }
}

const ownValue = (object: object, key: string): unknown => {
  const descriptor = getOwnPropertyDescriptor(object, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
};

export function createHostClassifier(realGlobal: object): HostClassifier {
  const prototypes = new WeakSetCtor<object>();
  const constructors = new WeakSetCtor<object>();
  const plain = new WeakSetCtor<object>();
  // The window's own chain (Window.prototype, WindowProperties, which has no constructor, EventTarget.prototype).
  for (let p: object | null = realGlobal; p; p = getPrototypeOf(p) as object | null) if (!isFrozen(p)) prototypes.add(p);

  /** `remember`: for objects met as prototypes; a value checked as itself is not kept (most are data, met once). */
  function isInterfacePrototype(p: object, remember = true): boolean {
    if (prototypes.has(p)) return true;
    if (plain.has(p)) return false;
    let host = false;
    try {
      // (hasOwn first: most objects asked about are data, without a `constructor` of their own.)
      const ctor = isFrozen(p) || !hasOwn(p, 'constructor') ? undefined : ownValue(p, 'constructor');
      host = isNamedNative(ctor) && ownValue(ctor as object, 'prototype') === p;
      if (host) constructors.add(ctor as object);
    } catch {
      host = false; // a package's proxy that throws: its own object
    }
    if (host) prototypes.add(p);
    else if (remember) plain.add(p);
    return host;
  }

  return {
    isHostObject(value) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
      if (value === realGlobal || prototypes.has(value) || constructors.has(value)) return true;
      if (typeof value === 'function' && isHostConstructor(value)) return true;
      // (The chain's end, Object.prototype, is frozen by lockdown: no interface's prototype.)
      for (let p = getPrototypeOf(value) as object | null; p && p !== ObjectPrototype; p = getPrototypeOf(p) as object | null) {
        if (isInterfacePrototype(p)) return true;
      }
      return typeof value === 'object' && isInterfacePrototype(value, false);
    },
    isHostConstructor,
    isHostPrototype: (value) => typeof value === 'object' && value !== null && isInterfacePrototype(value, false),
  };

  function isHostConstructor(value: unknown): boolean {
    if (typeof value !== 'function') return false;
    if (constructors.has(value)) return true;
    if (!isNamedNative(value)) return false;
    const proto = ownValue(value, 'prototype');
    return typeof proto === 'object' && proto !== null && isInterfacePrototype(proto) && constructors.has(value);
  }
}
