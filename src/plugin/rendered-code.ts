// Reads a rendered chunk the way the browser will run it, for the bundle audit (audit.ts, invariant 2): where each
// module's rendered code sits in the chunk, and what in that span could reach the real global without going through
// a compartment: a free identifier, a write to `import.meta`, a computed `import()` that is not Portcullis's own
// checked one, or code that runs in sloppy mode (where `this` in a plain call is the window).
import { Parser, type Node as AcornNode } from 'acorn';
import { analyze, type Reference, type Scope } from 'eslint-scope';
import { RUNTIME_GLOBAL_KEY } from '../shared/runtime-config.js';
import { SHARED_INTRINSICS } from './globals.js';
import { helperBindingEscapes } from './helper-bindings.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
type AnyNode = AcornNode & Record<string, any>;

export interface Span {
  start: number;
  end: number;
}

export interface Escape {
  /** What reaches past the compartment, as the message shows it: `fetch`, `import.meta.env`, `import(x)`, `sloppy mode`. */
  what: string;
  offset: number;
}

export interface ParsedChunk {
  code: string;
  /** Free names of the whole chunk (what it reads from the real global), with their offsets. */
  free: { name: string; offset: number; write: boolean; node: AnyNode }[];
  /**
   * The escapes found inside each span (a package module's rendered code), in the order of `spans`; `packages` names
   * each span's package, whose compartment alone its inline prelude may ask for.
   */
  escapesIn(spans: Span[], packages?: string[]): Escape[][];
}

/**
 * Where `moduleCode` (a module's rendered code, as the bundler reports it) sits in `chunk`, searching from `from`.
 * Line by line with leading whitespace ignored: Rollup indents module code inside an iife/umd wrapper. Undefined
 * when it is not there as rendered: a plugin changed the chunk after the bundler rendered it.
 */
export function locate(chunk: string, lineStarts: number[], moduleCode: string, from: number): Span | undefined {
  const exact = chunk.indexOf(moduleCode, from) === -1 ? chunk.indexOf(moduleCode) : chunk.indexOf(moduleCode, from);
  if (exact !== -1) return { start: exact, end: exact + moduleCode.length };
  const lines = moduleCode.replace(/\n+$/, '').split('\n');
  const first = lines[0]!.trimStart();
  const chunkLine = (i: number) => chunk.slice(lineStarts[i]!, (lineStarts[i + 1] ?? chunk.length + 1) - 1);
  const search = (lo: number): Span | undefined => {
    for (let i = lo; i + lines.length <= lineStarts.length; i++) {
      if (chunkLine(i).trimStart() !== first) continue;
      let ok = true;
      for (let j = 1; j < lines.length && ok; j++) ok = chunkLine(i + j).trimStart() === lines[j]!.trimStart();
      if (ok) return { start: lineStarts[i]!, end: lineStarts[i + lines.length - 1]! + chunkLine(i + lines.length - 1).length };
    }
    return undefined;
  };
  const fromLine = Math.max(0, upperBound(lineStarts, from) - 1);
  return search(fromLine) ?? (fromLine > 0 ? search(0) : undefined);
}

export function lineStartsOf(code: string): number[] {
  const starts = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function upperBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Parses a chunk in its output format's goal (ES module, or script for cjs/iife/umd/amd/system). */
export function parseChunk(code: string, format: 'module' | 'script'): ParsedChunk {
  const ast = Parser.parse(code, {
    ecmaVersion: 'latest',
    sourceType: format,
    ranges: true,
    allowHashBang: true,
    allowReturnOutsideFunction: format === 'script',
  }) as AnyNode;
  const scopes = analyze(ast as never, { ecmaVersion: 2022, sourceType: format, optimistic: true });
  const through = scopes.globalScope!.through as Reference[];
  const free = through.map((ref) => {
    const ident = ref.identifier as unknown as AnyNode;
    return { name: ident.name as string, offset: ident.start, write: ref.isWrite(), node: ident };
  });
  const allScopes = scopes.scopes as Scope[];

  function escapesIn(spans: Span[], packages?: string[]): Escape[][] {
    const sorted = spans.map((span, index) => ({ span, index })).sort((x, y) => x.span.start - y.span.start);
    const starts = sorted.map((x) => x.span.start);
    const result: Escape[][] = spans.map(() => []);
    /** The index (in `spans`) of the span holding an offset, or -1. */
    const spanAt = (offset: number): number => {
      const i = upperBound(starts, offset) - 1;
      return i >= 0 && offset < sorted[i]!.span.end ? sorted[i]!.index : -1;
    };
    if (format === 'script') {
      // ES modules are strict by definition; a script's code is strict only under a "use strict" that covers it.
      spans.forEach((span, index) => {
        const around = innermost(span);
        const sloppy = around && !around.isStrict ? around : allScopes.find((x) => !x.isStrict && spanAt((x.block as AnyNode).start) === index);
        if (sloppy) result[index]!.push({ what: 'sloppy mode (`this` in a plain function call is the real window)', offset: Math.max(span.start, (sloppy.block as AnyNode).start) });
      });
    }
    const parentOf = walk(ast, (node) => spanAt(node.start) !== -1 || spanAt(node.end - 1) !== -1 || contains(node), (node, parentOf) => {
      const at = spanAt(node.start);
      if (at === -1) return;
      if (node.type === 'MetaProperty' && node.meta.name === 'import') {
        // Reads are the policy's (import-meta.ts, on the source): in the browser they are the chunk's own, native
        // import.meta. A write would change it for every module of the chunk, the app's too.
        const member = parentOf(node);
        const use = member?.type === 'MemberExpression' && member.object === node ? parentOf(member) : undefined;
        const written =
          (use?.type === 'AssignmentExpression' && use.left === member) ||
          use?.type === 'UpdateExpression' ||
          (use?.type === 'UnaryExpression' && use.operator === 'delete');
        if (written && member) result[at]!.push({ what: `a write to import.meta.${member.computed ? '[…]' : member.property.name}`, offset: node.start });
      } else if (node.type === 'ImportExpression' && !isLiteral(node.source) && !isCheckedImport(node, parentOf)) {
        result[at]!.push({ what: 'a computed import() that Portcullis did not check', offset: node.start });
      }
    });
    for (const ref of free) {
      const at = spanAt(ref.offset);
      if (at === -1 || (SHARED_INTRINSICS.has(ref.name) && !ref.write)) continue;
      if (ref.name === 'globalThis' && !ref.write && isRegistryCall(ref.node, parentOf, packages?.[at])) continue;
      if (ref.name === VITE_PRELOAD_MARKER && isPreloadMarker(ref.node, parentOf)) continue;
      if (ref.name === 'URL' && !ref.write && isFileUrl(ref.node, parentOf)) continue;
      result[at]!.push({ what: ref.write ? `assignment to the global ${ref.name}` : `the global ${ref.name}`, offset: ref.offset });
    }
    // Bindings from outside every package module (bundler helpers, the chunk's glue) that reach a real global:
    // Rolldown's `__require` (what a computed `require(x)` becomes, falling back to the page's global `require`),
    // Rollup's `commonjsGlobal`, … (helper-bindings.ts).
    for (const { what, offset, span } of helperBindingEscapes(code, allScopes, spanAt, parentOf)) result[span]!.push({ what, offset });
    /** A node that wraps a whole span (an iife around modules): its children must be visited. */
    function contains(node: AnyNode): boolean {
      const i = upperBound(starts, node.end) - 1;
      return i >= 0 && sorted[i]!.span.start >= node.start;
    }
    return result;
  }

  /** The innermost scope whose block contains the whole span. */
  function innermost(span: Span): Scope | undefined {
    let best: Scope | undefined;
    for (const s of allScopes) {
      const b = s.block as AnyNode;
      if (b.start <= span.start && b.end >= span.end && (!best || b.end - b.start < (best.block as AnyNode).end - (best.block as AnyNode).start)) best = s;
    }
    return best;
  }

  return { code, free, escapesIn };
}

/**
 * Rollup's rendering of `import.meta.ROLLUP_FILE_URL_<ref>` (a file it emits, whose kind import-meta.ts checks):
 * `new URL('assets/x.png', import.meta.url).href`. The package's own `URL` was rewritten by the transform, so a free
 * one here is the bundler's; of this exact shape it makes a string and hands out nothing.
 */
function isFileUrl(ident: AnyNode, parentOf: (node: AnyNode) => AnyNode | undefined): boolean {
  const made = parentOf(ident);
  if (made?.type !== 'NewExpression' || made.callee !== ident || made.arguments.length !== 2 || !isLiteral(made.arguments[0])) return false;
  const base = made.arguments[1];
  if (base.type !== 'MemberExpression' || base.computed || base.property.name !== 'url' || base.object.type !== 'MetaProperty' || base.object.meta.name !== 'import') return false;
  const href = parentOf(made);
  return href?.type === 'MemberExpression' && href.object === made && !href.computed && href.property.name === 'href';
}

function isLiteral(node: AnyNode): boolean {
  return (node.type === 'Literal' && typeof node.value === 'string') || (node.type === 'TemplateLiteral' && node.expressions.length === 0);
}

/**
 * Portcullis's own `$pc_import` (transform.ts): `(s, o) => { try { s = check(module, s); } catch (e) { return
 * Promise.reject(e); } return import(s, o); }`. The specifier is the arrow's first parameter, checked in the try
 * block before the import runs.
 */
function isCheckedImport(node: AnyNode, parentOf: (node: AnyNode) => AnyNode | undefined): boolean {
  const ret = parentOf(node);
  const body = ret && parentOf(ret);
  const arrow = body && parentOf(body);
  if (arrow?.type !== 'ArrowFunctionExpression' || body?.type !== 'BlockStatement' || ret?.type !== 'ReturnStatement') return false;
  const param = arrow.params[0];
  if (param?.type !== 'Identifier' || node.source.type !== 'Identifier' || node.source.name !== param.name) return false;
  const [guard, last] = [body.body[0], body.body[body.body.length - 1]];
  if (guard?.type !== 'TryStatement' || last !== ret || body.body.length !== 2) return false;
  const check = guard.block.body[0];
  return (
    guard.block.body.length === 1 &&
    check?.type === 'ExpressionStatement' &&
    check.expression.type === 'AssignmentExpression' &&
    check.expression.left.type === 'Identifier' &&
    check.expression.left.name === param.name &&
    check.expression.right.type === 'CallExpression' &&
    guard.handler?.body.body[0]?.type === 'ReturnStatement'
  );
}

/**
 * Vite wraps each dynamic import as `__vitePreload(() => import(…), __VITE_PRELOAD__)` and replaces the marker with
 * the chunk's dependency list in generateBundle (the final check there sees what it became).
 */
const VITE_PRELOAD_MARKER = '__VITE_PRELOAD__';
function isPreloadMarker(ident: AnyNode, parentOf: (node: AnyNode) => AnyNode | undefined): boolean {
  const call = parentOf(ident);
  return call?.type === 'CallExpression' && call.arguments.length === 2 && call.arguments[1] === ident && call.arguments[0].type === 'ArrowFunctionExpression';
}

/** What an inline prelude asks the registry for (transform.ts): each is scoped to the package it names. */
const REGISTRY_METHODS: ReadonlySet<string> = new Set(['compartment', 'names', 'assignments', 'checkImport']);

/**
 * The inline prelude of a CommonJS module (transform.ts): `globalThis["__portcullis__"].compartment("<its package>",
 * <module>)`, `.names(…)`, `.assignments(…)` or `.checkImport("<its package>", …)`. The package's own `globalThis` was rewritten, so this one is
 * Portcullis's; asking for another package's compartment is not.
 */
function isRegistryCall(ident: AnyNode, parentOf: (node: AnyNode) => AnyNode | undefined, pkg: string | undefined): boolean {
  const registry = parentOf(ident);
  if (registry?.type !== 'MemberExpression' || registry.object !== ident || memberName(registry) !== RUNTIME_GLOBAL_KEY) return false;
  const method = parentOf(registry);
  if (method?.type !== 'MemberExpression' || method.object !== registry) return false;
  const name = memberName(method);
  const call = parentOf(method);
  if (!name || !REGISTRY_METHODS.has(name) || call?.type !== 'CallExpression' || call.callee !== method) return false;
  const first = call.arguments[0];
  return first?.type === 'Literal' && first.value === pkg;
}

function memberName(member: AnyNode): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.computed && member.property.type === 'Literal' && typeof member.property.value === 'string') return member.property.value;
  return undefined;
}

/** Visits every node `enter` accepts, and its children; returns each visited node's parent. */
function walk(root: AnyNode, enter: (node: AnyNode) => boolean, visit: (node: AnyNode, parentOf: (node: AnyNode) => AnyNode | undefined) => void): (node: AnyNode) => AnyNode | undefined {
  const parents = new Map<AnyNode, AnyNode>();
  const parentOf = (node: AnyNode) => parents.get(node);
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (!enter(node)) continue;
    visit(node, parentOf);
    for (const key in node) {
      if (key === 'range' || key === 'loc') continue;
      const value = node[key];
      if (value === null || typeof value !== 'object') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child.type === 'string') {
          parents.set(child, node);
          stack.push(child);
        }
      }
    }
  }
  return parentOf;
}
