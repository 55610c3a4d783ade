// The crossing between the app and one confined package. Threat (PITFALLS.md): wrapping at the package's entry
// is unsound, because the entry knows who is called, not who calls; so the build routes each of the app's imports
// of a dom-mode package through this membrane, and a real node the app passes arrives as the package's wrapper.
// Going in: elements become wrappers (and granted roots), functions are wrapped, arrays and plain objects are
// copied, promises are mapped, and anything else is refused rather than passed through. Coming out: wrappers
// become real nodes again, and the package's functions and objects reach the app through proxies that convert
// every argument going back in.
import { apply, construct, getPrototypeOf, ProxyCtor, WeakMapCtor, freeze } from './primordials.js';

export function createMembrane(options: {
  toPackageNode(node: Node): object;
  toAppNode(value: unknown): Node | undefined;
  isRealNode(value: unknown): value is Node;
}) {
  const { toPackageNode, toAppNode, isRealNode } = options;
  /** Stand-in → the value it stands for, in both directions, so a value that comes back is the original again. */
  const original = new WeakMapCtor<object, unknown>();
  const forApp = new WeakMapCtor<object, object>();
  const forPackage = new WeakMapCtor<object, object>();

  function toPackage(value: unknown, depth = 0): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    if (original.has(value)) return original.get(value); // a package value the app got through the membrane
    if (isRealNode(value)) return toPackageNode(value);
    if (depth > 8) throw new TypeError('Portcullis: a value handed to a confined package is nested too deeply');
    const cached = forPackage.get(value);
    if (cached) return cached;
    if (typeof value === 'function') {
      const fn = value as (...args: unknown[]) => unknown;
      const wrapped = function (this: unknown, ...args: unknown[]) {
        const appArgs = args.map((a) => toApp(a));
        return toPackage(new.target ? construct(fn, appArgs) : apply(fn, toApp(this), appArgs));
      };
      forPackage.set(value, wrapped);
      original.set(wrapped, value);
      return wrapped;
    }
    if (value instanceof Promise) return (value as Promise<unknown>).then((v) => toPackage(v));
    if (Array.isArray(value)) return freeze(value.map((v) => toPackage(v, depth + 1)));
    const proto = getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) copy[key] = toPackage((value as Record<string, unknown>)[key], depth + 1);
      return copy;
    }
    // Hardened intrinsic values (a Date, a Map, a RegExp) hold no element; an app class instance might.
    if (Object.isFrozen(proto) && Object.isFrozen(proto.constructor)) return value;
    throw new TypeError('Portcullis: only plain data, functions, promises and elements can be handed to a confined package');
  }

  function toApp(value: unknown): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    if (original.has(value)) return original.get(value); // an app value the package got through the membrane
    const node = toAppNode(value);
    if (node) return node;
    const cached = forApp.get(value);
    if (cached) return cached;
    const proxy = new ProxyCtor(value as object, {
      get: (target, key) => toApp(Reflect.get(target, key, target)),
      set: (target, key, v) => Reflect.set(target, key, toPackage(v), target),
      apply: (target, thisArg, args) => toApp(apply(target as (...a: unknown[]) => unknown, toPackage(thisArg), args.map((a) => toPackage(a)))),
      construct: (target, args) => toApp(construct(target as new (...a: unknown[]) => object, args.map((a) => toPackage(a)))) as object,
    });
    forApp.set(value, proxy);
    original.set(proxy, value);
    return proxy;
  }

  return { toPackage: (value: unknown) => toPackage(value), toApp };
}
