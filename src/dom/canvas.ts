// The 2D context, closed: a real CanvasRenderingContext2D has `.canvas` (a real element, so `ownerDocument` and
// the real window) and hands out real gradients and patterns whose prototypes are shared with the app.
// Invariant 4, grants that say one thing (row 68): `dom.origins` lets an image load, not be read. A canvas that holds
// what the package did not draw (an image, a canvas of the app's, a canvas holding either) reads back
// (`getImageData`, `toDataURL`) only with `dom.readPixels`. A pattern made of such pixels taints whichever canvas
// of the package's it is painted on (a pattern is not bound to the context that made it).
import { call } from './real.js';
import type { DomContext } from './context.js';
import { defineProperty, freeze, objectCreate } from '../boundary/primordials.js';

const METHODS = [
  'save', 'restore', 'scale', 'rotate', 'translate', 'transform', 'setTransform', 'resetTransform', 'clearRect',
  'fillRect', 'strokeRect', 'beginPath', 'closePath', 'moveTo', 'lineTo', 'bezierCurveTo', 'quadraticCurveTo', 'arc',
  'arcTo', 'ellipse', 'rect', 'roundRect', 'fill', 'stroke', 'clip', 'fillText', 'strokeText', 'setLineDash',
  'isPointInPath',
] as const;
const PROPERTIES = [
  'globalAlpha', 'globalCompositeOperation', 'lineWidth', 'lineCap', 'lineJoin', 'miterLimit', 'lineDashOffset',
  'font', 'textAlign', 'textBaseline', 'direction', 'shadowBlur', 'shadowColor', 'shadowOffsetX', 'shadowOffsetY',
  'imageSmoothingEnabled', 'filter',
] as const;
type Primitive = string | number | boolean | undefined | null;

export function createCanvasContextClass(ctx: DomContext) {
  const contexts = new WeakMap<object, { real: CanvasRenderingContext2D; canvas: object; node: Node }>();
  /** Canvases of the package's that something it did not draw was drawn on. */
  const tainted = new WeakSet<Node>();
  const readable = (n: Node) => ctx.grant.readPixels || (ctx.owned.has(n) && !tainted.has(n) && (ctx.real.node.nodeName(n) as string).toLowerCase() === 'canvas');
  const checkRead = (n: Node, what: string) => {
    if (!readable(n)) ctx.deny(`${what} of pixels it did not draw (dom.readPixels)`);
  };
  /** Drawing `source` on this context's canvas: its pixels are no longer all the package's own. */
  const drawn = (w: object, source: Node) => {
    if (!readable(source)) tainted.add(contexts.get(w)!.node);
  };
  const paints = new WeakMap<object, CanvasGradient | CanvasPattern>(); // wrapper → real
  const paintWrappers = new WeakMap<CanvasGradient | CanvasPattern, object>();
  /** Patterns of what the package did not draw: painted with, on any of its canvases, they taint it (row 68). */
  const taintedPatterns = new WeakSet<CanvasGradient | CanvasPattern>();
  /** A fill or stroke style: the real paint of one of its wrappers, else the value as text. */
  const paintStyle = (w: object, v: unknown): string | CanvasGradient | CanvasPattern => {
    const p = typeof v === 'object' && v !== null ? paints.get(v) : undefined;
    if (!p) return String(v);
    if (taintedPatterns.has(p)) tainted.add(contexts.get(w)!.node);
    return p;
  };
  const of = (w: object) => {
    const c = contexts.get(w);
    if (!c) throw new TypeError('Illegal invocation');
    ctx.live(c.node); // a context kept from before: its canvas must still be the package's (or its own)
    // Drawing changes the canvas: not the app's canvas it took and holds detached (scope.writable).
    if (!ctx.owned.has(c.node) && !ctx.scope.writable(c.node)) ctx.deny('a 2D context of a canvas it took from the app');
    return c.real;
  };
  const primitive = (v: unknown): Primitive => (typeof v === 'object' || typeof v === 'function' ? String(v) : (v as Primitive));

  class CanvasGradientWrapper {
    addColorStop(offset: unknown, color: unknown) {
      (paints.get(this) as CanvasGradient).addColorStop(Number(offset), String(color));
    }
  }
  class CanvasPatternWrapper {}
  const wrapPaint = (real: CanvasGradient | CanvasPattern, proto: object) => {
    let w = paintWrappers.get(real);
    if (!w) {
      w = objectCreate(proto) as object;
      paints.set(w, real);
      paintWrappers.set(real, w);
    }
    return w;
  };
  const image = (value: unknown) => {
    const n = ctx.unwrap(value);
    if (!n) throw new TypeError('drawImage: expected an image or canvas element of this package');
    return n as CanvasImageSource;
  };

  class CanvasRenderingContext2DWrapper {
    get canvas() { return contexts.get(this)!.canvas; }
    get fillStyle() { const v = of(this).fillStyle; return typeof v === 'string' ? v : paintWrappers.get(v) ?? null; }
    set fillStyle(v: unknown) { of(this).fillStyle = paintStyle(this, v); }
    get strokeStyle() { const v = of(this).strokeStyle; return typeof v === 'string' ? v : paintWrappers.get(v) ?? null; }
    set strokeStyle(v: unknown) { of(this).strokeStyle = paintStyle(this, v); }
    createLinearGradient(...a: unknown[]) { return wrapPaint(of(this).createLinearGradient(...(a.map(Number) as [number, number, number, number])), CanvasGradientWrapper.prototype); }
    createRadialGradient(...a: unknown[]) { return wrapPaint(of(this).createRadialGradient(...(a.map(Number) as [number, number, number, number, number, number])), CanvasGradientWrapper.prototype); }
    createPattern(img: unknown, repetition: unknown) {
      const source = image(img);
      const real = of(this);
      // The pattern holds the source's pixels as they are now, for whichever canvas it is painted on.
      const unreadable = !readable(source as unknown as Node);
      const p = real.createPattern(source, repetition === null ? null : String(repetition));
      if (p && unreadable) taintedPatterns.add(p);
      return p ? wrapPaint(p, CanvasPatternWrapper.prototype) : null;
    }
    drawImage(img: unknown, ...rest: unknown[]) {
      const source = image(img);
      drawn(this, source as unknown as Node);
      call(of(this).drawImage, of(this), source, ...rest.map(Number));
    }
    measureText(text: unknown) {
      const m = of(this).measureText(String(text));
      return freeze({ width: m.width, actualBoundingBoxAscent: m.actualBoundingBoxAscent, actualBoundingBoxDescent: m.actualBoundingBoxDescent, actualBoundingBoxLeft: m.actualBoundingBoxLeft, actualBoundingBoxRight: m.actualBoundingBoxRight });
    }
    getImageData(...a: unknown[]) {
      checkRead(contexts.get(this)!.node, 'getImageData');
      const d = of(this).getImageData(...(a.slice(0, 4).map(Number) as [number, number, number, number]));
      return freeze({ width: d.width, height: d.height, data: new Uint8ClampedArray(d.data) });
    }
    putImageData(data: unknown, dx: unknown, dy: unknown) {
      const d = data as { width: number; height: number; data: Uint8ClampedArray };
      const real = new ImageData(new Uint8ClampedArray(d.data), Number(d.width), Number(d.height));
      of(this).putImageData(real, Number(dx), Number(dy));
    }
  }
  const proto = CanvasRenderingContext2DWrapper.prototype as unknown as Record<string, unknown>;
  for (const name of METHODS) {
    proto[name] = function (this: object, ...args: unknown[]) {
      const real = of(this) as unknown as Record<string, (...a: unknown[]) => unknown>;
      return primitive(call(real[name]!, real, ...args.map((a) => (Array.isArray(a) ? a.map(Number) : primitive(a)))));
    };
  }
  for (const name of PROPERTIES) {
    defineProperty(proto, name, {
      get(this: object) {
        const value = primitive((of(this) as unknown as Record<string, unknown>)[name]);
        return name === 'filter' && typeof value === 'string' ? ctx.rules.ids.plainCss(value) : value;
      },
      set(this: object, v: unknown) {
        let value = primitive(v);
        // `filter: url(…)` loads, or names an element (the URL rule): its own, `url(#x)` being in its id namespace
        // (ids.ts); `font` cannot.
        if (name === 'filter') {
          ctx.rules.urls.checkCss('canvas filter', String(value), ctx.rules.references.checkId);
          value = ctx.rules.ids.ownCss(String(value));
        }
        (of(this) as unknown as Record<string, unknown>)[name] = value;
      },
      configurable: false,
    });
  }
  for (const C of [CanvasRenderingContext2DWrapper, CanvasGradientWrapper, CanvasPatternWrapper]) {
    freeze(ctx.guard(C.prototype));
    freeze(C);
  }
  const wrappers = new WeakMap<CanvasRenderingContext2D, object>();
  return {
    checkRead,
    wrap(real: CanvasRenderingContext2D, canvas: object): object {
      let w = wrappers.get(real);
      if (!w) {
        w = objectCreate(CanvasRenderingContext2DWrapper.prototype) as object;
        contexts.set(w, { real, canvas, node: ctx.unwrap(canvas)! });
        wrappers.set(real, w);
      }
      return w;
    },
  };
}
