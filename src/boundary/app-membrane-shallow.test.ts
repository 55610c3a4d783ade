// The shallow membrane's line (packages without a `dom` section): the app's data passes as itself, and a real host
// object is refused where the scan looks (the value, one level into it), with the package's path in the error.
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createShallowMembrane, SCAN_LIMIT } from './app-membrane-shallow.js';
import { describeHost } from './app-membrane.js';
import { testIntrinsics } from './test-intrinsics.js';

class FakeNode {
  nodeType = 1;
}

function membrane() {
  return createShallowMembrane({
    intrinsics: testIntrinsics(),
    isHostObject: (v) => v instanceof FakeNode,
    refuseHost(value, label) {
      throw new Error(`"chart-lib" received ${describeHost(value)} from the app (${label})`);
    },
  });
}

/** A package function as the app sees it through the membrane. */
const exported = <F>(m: ReturnType<typeof membrane>, fn: F, name: string) => m.toApp(fn, name) as F;

describe('shallow membrane: packages without a dom section', () => {
  it('refuses a real node as an argument, an option, in a Map, a Set, an array, a frozen class instance', () => {
    const m = membrane();
    const render = exported(m, (..._args: unknown[]) => 'drawn', 'render');
    const el = new FakeNode();
    class View {
      constructor(readonly root: FakeNode) {}
    }
    expect(() => render(el)).toThrow('"chart-lib" received a real element from the app (argument 1 of render())');
    expect(() => render(1, { el })).toThrow('(option el of render())');
    expect(() => render(new Map([['k', el]]))).toThrow('(a value of argument 1 of render())');
    expect(() => render(new Set([el]))).toThrow('(an entry of argument 1 of render())');
    expect(() => render([1, el])).toThrow('(element 1 of argument 1 of render())');
    expect(() => render(Object.freeze(new View(el)))).toThrow('(option root of render())');
    expect(render({ data: [1, 2, 3] })).toBe('drawn');
  });

  it('refuses what the app’s callbacks return, and nodes the app passes to a function the package handed it', () => {
    const m = membrane();
    const el = new FakeNode();
    const subscribe = exported(m, (cb: (listener: (v: unknown) => void) => unknown) => cb((v) => v), 'subscribe');
    expect(() => subscribe(() => el)).toThrow('(result of argument 1 of subscribe()())');
    expect(() => subscribe((listener) => listener(el))).toThrow(/received a real element/);
    const load = exported(m, (get: () => Promise<unknown>) => get().then((v) => typeof v), 'load');
    return expect(load(() => Promise.resolve(el))).rejects.toThrow(/received a real element/);
  });

  it('refuses another window’s array in an option (its constructor is that window’s Array, its Function evaluates there)', () => {
    // In the browser the classifier calls a frame's Array.prototype a host prototype: unfrozen, a native named constructor.
    const frame = createContext({});
    const frameArrayPrototype = runInContext('Array.prototype', frame) as object;
    const m = createShallowMembrane({
      intrinsics: testIntrinsics(),
      isHostObject: (v) => v instanceof FakeNode || Object.getPrototypeOf(v) === frameArrayPrototype,
      refuseHost(_value, label) {
        throw new Error(`refused (${label})`);
      },
    });
    const render = exported(m, (..._args: unknown[]) => 'drawn', 'render');
    const items = runInContext('[1, 2]', frame) as number[];
    expect(() => render({ items })).toThrow('refused (option items of render())');
    expect(() => render(items)).toThrow('refused (argument 1 of render())');
    expect(render({ items: [1, 2] })).toBe('drawn');
  });

  it('passes the app’s data as itself: the same array, no copy', () => {
    const m = membrane();
    const data = Array.from({ length: 10 }, (_, i) => i);
    const identity = exported(m, (d: number[]) => d, 'identity');
    expect(identity(data)).toBe(data);
  });

  it('checks the methods of objects the package returns, its classes’ statics, and subclasses by the app', () => {
    const m = membrane();
    const el = new FakeNode();
    class Chart {
      static create() {
        return new Chart();
      }
      attach(_el: unknown) {
        return this;
      }
    }
    const C = exported(m, Chart, 'Chart');
    expect(() => new C().attach(el)).toThrow('(argument 1 of attach())');
    expect(() => C.create().attach(el)).toThrow(/received a real element/);
    expect(new C()).toBeInstanceOf(C);
    class Mine extends C {
      root: unknown;
      constructor() {
        super();
        this.root = el; // stored on the package's object: refused
      }
    }
    expect(() => new Mine()).toThrow('(root of new Chart())');
    const factory = exported(m, () => ({ render: (_el: unknown) => 1 }), 'make');
    expect(() => factory().render(el)).toThrow('(argument 1 of render())');
  });

  it('an app class extending a package class (Lit): new.target, statics through the subclass, registration', () => {
    const m = membrane();
    const registry = new Map<string, unknown>();
    const targets: unknown[] = [];
    // Lit's ReactiveElement in small: statics read and written through `this`, a static getter, a constructor
    // that needs new.target to be the class that was registered (HTMLElement's rule).
    class Base extends FakeNode {
      static finalized?: boolean;
      static props: string[] = [];
      static finalize(this: typeof Base) {
        if (Object.hasOwn(this, 'finalized')) return false;
        this.finalized = true;
        this.props = [...this.props, this.name];
        return true;
      }
      static get observed(): string[] {
        this.finalize();
        return this.props;
      }
      constructor() {
        super();
        targets.push(new.target);
        if (![...registry.values()].includes(new.target)) throw new TypeError('Illegal constructor');
      }
    }
    const define = exported(m, (name: string, ctor: unknown) => void registry.set(name, ctor), 'define');
    const B = exported(m, Base, 'Base');
    class MyElement extends B {
      count = 0;
    }
    // A decorator gets the subclass's prototype (its chain reaches the host's, as HTMLElement.prototype does).
    const decorate = exported(m, (proto: { constructor: unknown }) => proto.constructor, 'property');
    expect(decorate(MyElement.prototype)).toBe(MyElement);
    define('my-element', MyElement);
    expect(registry.get('my-element')).toBe(MyElement);
    expect(MyElement.observed).toEqual(['MyElement']);
    expect(Object.hasOwn(MyElement, 'finalized')).toBe(true);
    expect(Base.finalized).toBeUndefined();
    const made = new MyElement();
    expect(targets).toEqual([MyElement]);
    expect(made).toBeInstanceOf(MyElement);
    expect(made).toBeInstanceOf(B);
    expect(made.count).toBe(0);
  });

  it('looks one level deep and at most SCAN_LIMIT entries: the stated line', () => {
    const m = membrane();
    const render = exported(m, (..._args: unknown[]) => 'drawn', 'render');
    const el = new FakeNode();
    expect(render({ deeper: { el } })).toBe('drawn');
    const long: unknown[] = Array.from({ length: SCAN_LIMIT + 1 }, () => 0);
    long[SCAN_LIMIT] = el;
    expect(render(long)).toBe('drawn');
    long[SCAN_LIMIT - 1] = el;
    expect(() => render(long)).toThrow(`(element ${SCAN_LIMIT - 1} of argument 1 of render())`);
    // A table (more than SCAN_LIMIT properties) is listed the first time only; an option bag every time.
    const table: Record<string, unknown> = Object.fromEntries(Array.from({ length: SCAN_LIMIT + 1 }, (_, i) => [`k${i}`, i]));
    expect(render(table)).toBe('drawn');
    table.k0 = el;
    expect(render(table)).toBe('drawn');
    const options: Record<string, unknown> = { a: 1 };
    expect(render(options)).toBe('drawn');
    options.el = el;
    expect(() => render(options)).toThrow('(option el of render())');
  });
});
