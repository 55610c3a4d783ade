// Which values are real host objects (the window, a document, a node, an event, any EventTarget, a host prototype or
// constructor). Every crossing asks this one question, so it is answered in one place.
// Threat: a real host object reaching a package by a path nobody mediated (the app's options, a callback's argument,
// a container's element); whatever holds one can walk to the real window.
// How: the interface prototypes of the page's globals are captured when the runtime starts, after lockdown(), which has
// frozen every ECMAScript intrinsic: a global constructor that is still unfrozen then is the host's. A value is a host
// object when its prototype chain reaches one of them.
import { getOwnPropertyDescriptor, getPrototypeOf, ownKeys } from './primordials.js';

const { isFrozen } = Object;

export interface HostClassifier {
  /** True for a real host object or host prototype (never for ECMAScript values or the app's own objects). */
  isHostObject(value: unknown): boolean;
  /** True for a host interface constructor (`HTMLElement`, `Event`, `EventTarget`, …). */
  isHostConstructor(value: unknown): boolean;
  /** True for a host interface prototype (`EventTarget.prototype`, `Performance.prototype`, …, the window's chain). */
  isHostPrototype(value: unknown): boolean;
}

export function createHostClassifier(realGlobal: object): HostClassifier {
  const prototypes = new WeakSet<object>();
  const constructors = new WeakSet<object>();
  for (let holder: object | null = realGlobal; holder; holder = getPrototypeOf(holder) as object | null) {
    for (const key of ownKeys(holder)) {
      if (typeof key !== 'string') continue;
      const descriptor = getOwnPropertyDescriptor(holder, key);
      const value: unknown = descriptor && 'value' in descriptor ? descriptor.value : undefined;
      if (typeof value !== 'function' || isFrozen(value)) continue;
      const proto = getOwnPropertyDescriptor(value, 'prototype')?.value as unknown;
      if (typeof proto !== 'object' || proto === null || isFrozen(proto)) continue;
      constructors.add(value);
      prototypes.add(proto);
    }
  }
  // The window's own chain (Window.prototype, WindowProperties, EventTarget.prototype) and the document's.
  for (let p: object | null = realGlobal; p; p = getPrototypeOf(p) as object | null) if (!isFrozen(p)) prototypes.add(p);

  return {
    isHostObject(value) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
      if (value === realGlobal || prototypes.has(value) || constructors.has(value)) return true;
      for (let p = getPrototypeOf(value) as object | null; p; p = getPrototypeOf(p) as object | null) {
        if (prototypes.has(p)) return true;
      }
      return false;
    },
    isHostConstructor: (value) => typeof value === 'function' && constructors.has(value),
    isHostPrototype: (value) => typeof value === 'object' && value !== null && prototypes.has(value),
  };
}
