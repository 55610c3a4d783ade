// The host classifier's rule (host-classify.ts), in this process, where nothing is locked down: a native, named,
// unfrozen constructor's prototype stands for a browser interface (Map here plays that part), and nothing a package
// can make passes for one. (Unlocked, Object.prototype itself would pass: the forgeries below have null-prototype
// chains, as under lockdown, where every intrinsic on them is frozen.)
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createHostClassifier } from './host-classify.js';

describe('host classifier', () => {
  const realGlobal = {};
  const c = createHostClassifier(realGlobal);

  it('takes an object whose chain reaches a native, named, unfrozen interface prototype for a host object', () => {
    class Sub extends Map {}
    expect([c.isHostObject(new Map()), c.isHostObject(new Sub()), c.isHostPrototype(Map.prototype), c.isHostConstructor(Map), c.isHostObject(realGlobal)])
      .toEqual([true, true, true, true, true]);
  });

  it('refuses every forgery a package could make: a class, a bound or proxied native, a frozen native', () => {
    const forged = (ctor: (...args: never[]) => unknown) => {
      const proto = Object.create(null, { constructor: { value: ctor } });
      Object.defineProperty(ctor, 'prototype', { value: proto });
      return Object.create(proto) as object;
    };
    class HTMLElement {}
    Object.setPrototypeOf(HTMLElement.prototype, null);
    const bound = Object.defineProperty(function HTMLElement() {}.bind(null), 'name', { value: 'HTMLElement' });
    const proxied = new Proxy(function HTMLElement() {}, {});
    // Another realm's Set, frozen there as lockdown freezes the intrinsics.
    const frozenNative = runInNewContext('Object.freeze(Set.prototype); Object.freeze(Set)') as SetConstructor;
    expect([
      c.isHostObject(new HTMLElement()),
      c.isHostObject(forged(bound)),
      c.isHostObject(forged(proxied as never)),
      c.isHostPrototype(frozenNative.prototype),
      c.isHostConstructor(frozenNative),
      c.isHostConstructor(bound),
      c.isHostConstructor(proxied),
      c.isHostObject(Object.create(null, { constructor: { value: Map } })),
    ]).toEqual([false, false, false, false, false, false, false, false]);
  });

  it('does not run into a throwing proxy', () => {
    const trap = () => {
      throw new Error('trap');
    };
    const hostile = new Proxy(Object.create(null), { getOwnPropertyDescriptor: trap });
    expect(c.isHostObject(Object.create(hostile))).toBe(false);
  });
});
