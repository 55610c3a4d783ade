// The conversion rules of the deep membrane (dom-mode packages), with stand-in host objects: a real node must reach
// the package only as its wrapper, whatever holds it, and come back as itself. The browser tests
// (e2e/attacks-crossing.spec.ts) run the same classes against real nodes in three engines.
import { describe, expect, it } from 'vitest';
import { createAppMembrane, describeHost } from './app-membrane.js';
import { testIntrinsics } from './test-intrinsics.js';

class FakeNode {
  nodeType = 1;
  ownerDocument = { defaultView: 'the real window' };
}
class FakeEvent {}
const fakeWindow = { window: undefined as unknown };
fakeWindow.window = fakeWindow;


function membrane() {
  const wrappers = new Map<FakeNode, { wrapperOf: FakeNode }>();
  const nodeOf = new Map<object, FakeNode>();
  const m = createAppMembrane({
    intrinsics: testIntrinsics(),
    isHostObject: (v) => v instanceof FakeNode || v instanceof FakeEvent || v === fakeWindow,
    hostToPackage(value, label) {
      if (!(value instanceof FakeNode)) throw new Error(`refused ${describeHost(value)} (${label})`);
      let w = wrappers.get(value);
      if (!w) {
        w = Object.freeze({ wrapperOf: value });
        wrappers.set(value, w);
        nodeOf.set(w, value);
      }
      return w;
    },
    wrapperToApp: (v) => (typeof v === 'object' && v !== null ? nodeOf.get(v) : undefined),
    refuse: (what, label) => {
      throw new Error(`refused ${what} (${label})`);
    },
  });
  const isWrapper = (v: unknown, node: FakeNode) => (v as { wrapperOf?: unknown })?.wrapperOf === node;
  return { ...m, isWrapper };
}

describe('deep membrane: a real node reaches a dom-mode package only as its wrapper', () => {
  it('in a Map, a Set, an array, a frozen class instance, an option object', () => {
    const m = membrane();
    const node = new FakeNode();
    class Holder {
      constructor(readonly el: FakeNode) {}
    }
    const frozen = Object.freeze(new Holder(node));
    const value = m.toPackage({ map: new Map([[node, node]]), set: new Set([node]), list: [node, [node]], frozen, el: node }) as Record<string, any>;
    expect(m.isWrapper(value.el, node)).toBe(true);
    expect(value.map).toBeInstanceOf(Map);
    const [[key, entry]] = [...value.map];
    expect(m.isWrapper(key, node) && m.isWrapper(entry, node)).toBe(true);
    expect(m.isWrapper([...value.set][0], node)).toBe(true);
    expect(m.isWrapper(value.list[0], node) && m.isWrapper(value.list[1][0], node)).toBe(true);
    expect(m.isWrapper(value.frozen.el, node)).toBe(true);
    // The frozen instance's stand-in is frozen too, and describes the wrapper (the Proxy invariants hold).
    expect(Object.isFrozen(value.frozen)).toBe(true);
    expect(m.isWrapper(Object.getOwnPropertyDescriptor(value.frozen, 'el')!.value, node)).toBe(true);
    expect(Object.values(value.frozen).every((v) => v !== node)).toBe(true);
  });

  it('through callbacks: their arguments go back real, their results and thrown values come in converted', async () => {
    const m = membrane();
    const node = new FakeNode();
    const seen: unknown[] = [];
    const options = m.toPackage({
      onItem(el: unknown) {
        seen.push(el);
        return { el: node };
      },
      fail() {
        throw { el: node };
      },
      failHost() {
        throw new FakeEvent();
      },
      later: Promise.resolve(node),
      *items() {
        yield node;
      },
    }) as Record<string, any>;
    const wrapper = m.toPackage(node);
    const result = options.onItem(wrapper);
    expect(seen).toEqual([node]);
    expect(m.isWrapper(result.el, node)).toBe(true);
    let caught: any;
    try {
      options.fail();
    } catch (e) {
      caught = e;
    }
    expect(m.isWrapper(caught.el, node)).toBe(true);
    expect(() => options.failHost()).toThrow(TypeError);
    expect(m.isWrapper(await options.later, node)).toBe(true);
    expect([...options.items()].every((v) => m.isWrapper(v, node))).toBe(true);
  });

  it('what the package returns: wrappers become real nodes, functions and objects convert both ways', () => {
    const m = membrane();
    const node = new FakeNode();
    const wrapper = m.toPackage(node);
    const pkg = m.toApp({
      mount(el: unknown) {
        return { got: el, self: wrapper, list: [wrapper] };
      },
    }) as Record<string, any>;
    const out = pkg.mount(node);
    expect(out.got).toBe(node);
    expect(out.self).toBe(node);
    expect(out.list[0]).toBe(node);
  });

  it('refuses other host objects and what cannot be converted, naming the path', () => {
    const m = membrane();
    // Objects cross by reference: the refusal comes when the package reads the property.
    const render = m.toApp(function render(options: { el?: unknown }) {
      return options.el;
    }, 'render') as (o: unknown) => void;
    expect(() => render({ el: fakeWindow })).toThrow('refused the real window (option el of render())');
    expect(() => render(new FakeEvent())).toThrow(/refused a real Object \(argument 1 of render\(\)\)/);
    expect(() => render(new WeakMap())).toThrow(/WeakMap/);
  });

  it('holds identity: one stand-in per value, the original again on the way back, intrinsics as themselves', () => {
    const m = membrane();
    const app = { a: 1 };
    const fn = () => 1;
    expect(m.toPackage(app)).toBe(m.toPackage(app));
    expect(m.toApp(m.toPackage(app))).toBe(app);
    expect(m.toApp(m.toPackage(fn))).toBe(fn);
    expect(Object.getPrototypeOf(m.toPackage(app))).toBe(Object.prototype);
    expect(m.toPackage(Math)).toBe(Math);
    const list = [app];
    expect(m.toApp(m.toPackage(list))).toBe(list);
  });

  it('an app object’s prototype chain shows only intrinsics: no app class to construct or prototype to call', () => {
    const m = membrane();
    class View {
      root = new FakeNode();
      secret() {
        return this.root;
      }
    }
    const view = m.toPackage(new View()) as Record<string, any>;
    expect(Object.getPrototypeOf(view)).toBe(Object.prototype);
    expect(view.constructor).toBe(Object);
    expect(view instanceof Object).toBe(true);
    // Methods still work, through the instance: their results are converted.
    expect((view.secret() as { wrapperOf?: unknown }).wrapperOf).toBeInstanceOf(FakeNode);
    const error = m.toPackage(new RangeError('x')) as Error;
    expect(error instanceof RangeError && error.message === 'x').toBe(true);
  });

  it('typed arrays: a fresh view of the same bytes, without what the app hung on them', () => {
    const m = membrane();
    const bytes = new Uint8Array([1, 2, 3]) as Uint8Array & { el?: unknown };
    bytes.el = new FakeNode();
    const view = m.toPackage(bytes) as Uint8Array & { el?: unknown };
    expect(view).toBeInstanceOf(Uint8Array);
    expect(view.el).toBeUndefined();
    view[0] = 9;
    expect(bytes[0]).toBe(9);
  });

  it('classes: new Widget(el) and class X extends Widget by the app', () => {
    const m = membrane();
    const node = new FakeNode();
    const seen: unknown[] = [];
    class RealWidget {
      el: unknown;
      constructor(el: unknown) {
        seen.push(el);
        this.el = el;
      }
      describe() {
        return (this as unknown as { label(): string }).label?.() ?? 'widget';
      }
    }
    const Widget = m.toApp(RealWidget, 'Widget') as typeof RealWidget;
    const w = new Widget(node);
    expect(w).toBeInstanceOf(Widget);
    expect(w.el).toBe(node);
    class Fancy extends Widget {
      label() {
        return 'fancy';
      }
    }
    const f = new Fancy(node);
    expect(f).toBeInstanceOf(Fancy);
    expect(f).toBeInstanceOf(Widget);
    expect(f.describe()).toBe('fancy');
    expect(seen.every((el) => m.isWrapper(el, node))).toBe(true);
  });
});
