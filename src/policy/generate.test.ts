// The generator's noise rules, on uses recorded from real source by the transform (no hand-made GlobalUse lists).
import { beforeAll, describe, expect, it } from 'vitest';
import { confineModule, ensureLexer } from '../plugin/transform.js';
import { classifyGlobal } from './browser-globals.js';
import { generateResource, type PackageUsage } from './generate.js';

beforeAll(() => ensureLexer());

function usage(...modules: string[]): PackageUsage {
  const map = new Map(modules.map((code, i) => {
    const { uses } = confineModule({ code, id: `m${i}.js`, packageName: 'p', moduleName: `m${i}.js`, prelude: { kind: 'inline' } });
    return [`m${i}.js`, uses] as const;
  }));
  return { modules: map, imports: new Set() };
}

describe('which names become grants', () => {
  it('knows browser names, other environments\' names and unknown names', () => {
    expect(['fetch', 'Intl', 'HTMLElement', 'process', 'global', 'define', 'module', 'importScripts', 'jQuery'].map(classifyGlobal))
      .toEqual(['browser', 'browser', 'browser', 'other', 'other', 'other', 'other', 'other', 'unknown']);
  });

  it('drops UMD and Node feature tests (lodash, dayjs, object-inspect idioms)', () => {
    const resource = generateResource(usage(`
      var freeGlobal = typeof global == 'object' && global && global.Object === Object && global;
      var freeSelf = typeof self == 'object' && self && self.Object === Object && self;
      var root = freeGlobal || freeSelf || Function('return this')();
      var freeExports = typeof exports == 'object' && exports && !exports.nodeType && exports;
      var freeModule = freeExports && typeof module == 'object' && module && !module.nodeType && module;
      if (typeof define == 'function' && define.amd) define(function () { return root; });
      var isNode = typeof process !== 'undefined' && process.versions && process.versions.node;
      export const t = setTimeout, c = clearTimeout, isEl = (x) => typeof HTMLElement !== 'undefined' && x instanceof HTMLElement;
      export { root, freeModule, isNode };`));
    expect(resource).toEqual({ globals: { HTMLElement: true, clearTimeout: true, setTimeout: true } });
  });

  it('grants no name a page does not have: a package\'s own globals stay its own (UMD exports, zod\'s config)', () => {
    const resource = generateResource(usage(
      `export const $ = jQuery.fn; window.classNames = {}; (_a = globalThis).__cfg ?? (_a.__cfg = {}); export const c = globalThis.__cfg; var _a;`,
    ));
    expect(resource).toEqual({});
  });

  it('keeps a real eval and a browser name read behind a guard (the guard passes in a browser)', () => {
    const resource = generateResource(usage(`export const f = new Function('a', 'return a'); export const s = typeof localStorage !== 'undefined' ? localStorage.getItem('x') : null;`));
    expect(resource).toEqual({ globals: { Function: true, 'localStorage.getItem': true } });
  });
});

describe('the dom section', () => {
  const widget = `
    export function mount(host) {
      const canvas = document.createElement('canvas');
      host.appendChild(canvas);
      canvas.addEventListener('pointermove', () => {});
      window.addEventListener('resize', () => {});
      return canvas instanceof HTMLCanvasElement && requestAnimationFrame;
    }`;

  it('is written when the DOM use fits the attenuated API', () => {
    expect(generateResource(usage(widget), { domFacade: true })).toEqual({
      globals: { requestAnimationFrame: true },
      dom: { create: ['canvas'], events: ['pointermove', 'resize'] },
    });
  });

  it('is not written without the facade: dotted grants as before', () => {
    expect(generateResource(usage(widget))).toEqual({
      globals: { HTMLCanvasElement: true, addEventListener: true, 'document.createElement': true, requestAnimationFrame: true },
    });
  });

  it('writes readPixels and navigate only where the code shows them (grants that say one thing)', () => {
    const reads = `export function f(host) { const c = document.createElement('canvas'); host.appendChild(c); return c.getContext('2d').getImageData(0, 0, 1, 1); }`;
    const links = `export function f(host) { const a = document.createElement('a'); a.setAttribute('href', '/next'); host.appendChild(a); }`;
    const svgHref = `export function f(host) { const u = document.createElementNS('http://www.w3.org/2000/svg', 'use'); u.setAttribute('href', '#i'); host.appendChild(u); }`;
    expect(generateResource(usage(reads), { domFacade: true }).dom).toEqual({ create: ['canvas'], events: [], readPixels: true });
    expect(generateResource(usage(links), { domFacade: true }).dom).toEqual({ create: ['a'], events: [], navigate: true });
    expect(generateResource(usage(widget), { domFacade: true }).dom).toEqual({ create: ['canvas'], events: ['pointermove', 'resize'] });
    expect(generateResource(usage(svgHref), { domFacade: true }).dom).toEqual({ create: ['use'], events: [] });
  });

  it('gives the real document when the use does not fit: a computed tag, an unknown member, a forbidden tag, the page', () => {
    for (const code of [`document.createElement(tag)`, `document.cookie`, `document.createElement('script')`, `document.createElement('b'); x.addEventListener(type, f)`, `document.body.appendChild(document.createElement('div'))`]) {
      expect(generateResource(usage(`let tag, x, type, f; ${code}; export {};`), { domFacade: true }).globals, code).toEqual({ document: true });
    }
  });
});
