// Local variables, parameters and function results that hold the global object or a global's value, for the policy
// generator (src/plugin/uses.ts).
// Threat this answers: a generated policy that misses a grant because the package reaches the global through a
// variable (`_global.postMessage`), a function (`getGlobalThis().requestIdleCallback`) or an IIFE parameter, which
// would be a violation in production for a package doing nothing wrong; and a whole-object grant (`navigator`) where
// the code used one member through a variable (`const nav = navigator; nav.userAgent`).
import type { Node as AcornNode } from 'acorn';
import { isGlobalObjectName } from '../shared/global-path.js';
import { heldPaths, OWN_FALLBACKS } from './use-context.js';
import { GLOBAL_OBJECT_IDIOM, stringLiteral } from './uses.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
type AnyNode = AcornNode & Record<string, any>;

/* The slice of eslint-scope's ScopeManager that alias detection reads. */
interface ScopeReference {
  identifier: unknown;
  isRead(): boolean;
  isWrite(): boolean;
  writeExpr?: AnyNode | null;
  resolved: ScopeVariable | null;
}
interface ScopeVariable {
  name: string;
  defs: { type: string; node: AnyNode; name: AnyNode }[];
  references: ScopeReference[];
}
interface ScopeLike {
  variables: ScopeVariable[];
  references: { identifier: unknown; resolved: ScopeVariable | null }[];
}

/** A global path an expression may evaluate to (`[]`: the global object), and the free identifiers it came from. */
interface Held {
  path: string[];
  roots: AnyNode[];
  /** Or the package's own fallback: `g.requestIdleCallback || ((cb) => setTimeout(cb, 1))`. */
  optional?: boolean;
  /** Another package's global object (its getter imported from this specifier): its grants, not this package's. */
  via?: string;
  /** A binding imported from a module of the package (`specifier#name`): the global object if that module says so. */
  through?: string;
  /**
   * Another way to the value that is neither this global nor the package's own (leaflet's `window.cancelAnimationFrame
   * || getPrefixed('CancelAnimationFrame') || function (id) {…}`, whose getPrefixed reads `window['webkit' + name]`):
   * the final fallback is then no reason to read the global as absent, as the way before it reaches other globals.
   */
  detour?: true;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);
const isFunction = (n: AnyNode | undefined): boolean =>
  n?.type === 'FunctionExpression' || n?.type === 'ArrowFunctionExpression' || n?.type === 'FunctionDeclaration';
const isEmpty = (n: AnyNode | null | undefined) =>
  !n || (n.type === 'Literal' && n.value === null) || (n.type === 'Identifier' && n.name === 'undefined') || (n.type === 'UnaryExpression' && n.operator === 'void');

/**
 * What the recorder needs to see through variables and functions, so that `_global.postMessage(...)` is recorded as
 * `postMessage` and `nav.userAgent` as `navigator.userAgent`: lodash's `var root = freeGlobal || freeSelf ||
 * Function('return this')()`, axios's `const _global = (() => { ... return globalThis; })()`, Vue's lazily cached
 * `getGlobalThis()` (its result used directly), an IIFE's or a local function's parameter that a call passes the global
 * object to (`(function (root) { … })(this || self)`, hotkeys-js's `addEvent(window, 'focus', f)`, `setContext(self)`
 * stored into a module variable), and variables that hold one global (`const nav = typeof navigator === 'object' &&
 * navigator || undefined`). The rewrite needs nothing (the variable holds the compartment global or the granted value).
 * Returns the nodes to record as reads, each tagged with the path it holds (`heldPaths`); a variable's initial read of
 * the global it holds is tagged as absorbed, since its reads through the variable say what it uses.
 */
export function globalObjectAliasReads(scopes: readonly ScopeLike[], nodes: Iterable<AnyNode>, globalExports?: { name: string; node: AnyNode }[]): AnyNode[] {
  const resolvedOf = new Map<unknown, ScopeVariable | null>();
  for (const scope of scopes) for (const ref of scope.references) resolvedOf.set(ref.identifier, ref.resolved);
  const holders = new Map<ScopeVariable, string[]>();
  const optional = new Set<ScopeVariable>();
  const viaOf = new Map<ScopeVariable, string>();
  const throughOf = new Map<ScopeVariable, string>();
  const all = [...nodes];

  const held = (node: AnyNode | null | undefined, depth = 0): Held | undefined => {
    if (!node || depth > 12) return undefined;
    switch (node.type) {
      case 'Identifier': {
        const variable = resolvedOf.get(node);
        if (variable === undefined) return undefined;
        if (variable === null && (node.name === 'undefined' || node.name === 'NaN' || node.name === 'Infinity')) return undefined;
        if (variable === null) return { path: isGlobalObjectName(node.name) || node.name === 'global' ? [] : [node.name], roots: [node] };
        const path = holders.get(variable);
        return path && { path, roots: [], optional: optional.has(variable), via: viaOf.get(variable), through: throughOf.get(variable) };
      }
      case 'ChainExpression':
        return held(node.expression, depth + 1);
      case 'MemberExpression': {
        const base = held(node.object, depth + 1);
        const prop = !node.computed && node.property.type === 'Identifier' ? node.property.name : stringLiteral(node.property);
        if (!base || prop === undefined) return undefined;
        return { path: base.path.length === 0 && isGlobalObjectName(prop) ? [] : [...base.path, prop], roots: base.roots, via: base.via, through: base.through };
      }
      case 'ConditionalExpression':
        return either(held(node.consequent, depth + 1), held(node.alternate, depth + 1), node.consequent, node.alternate);
      case 'LogicalExpression':
        return node.operator === '&&' ? held(node.right, depth + 1) : either(held(node.left, depth + 1), held(node.right, depth + 1), node.left, node.right);
      case 'SequenceExpression':
        return held(node.expressions[node.expressions.length - 1], depth + 1);
      case 'AssignmentExpression':
        return node.operator === '=' || node.operator === '||=' || node.operator === '??=' ? held(node.right, depth + 1) : undefined;
      case 'CallExpression':
        return isGlobalObjectIdiom(node) ? { path: [], roots: [] } : functionResult(node, depth);
      default:
        return undefined;
    }
  };
  /** Both branches may be the value: one path if they agree (or one of them is no global at all). */
  const either = (a: Held | undefined, b: Held | undefined, left: AnyNode, right: AnyNode): Held | undefined => {
    // An imported binding that may not be the global object (axios's `utils.global ?? globalThis`) yields to one that is.
    if (a && b && !same(a.path, b.path) && !a.through !== !b.through) [a, b] = a.through ? [undefined, b] : [a, undefined];
    if (!a || !b) {
      const one = a ?? b;
      const other = a ? right : left;
      if (!one) return undefined;
      if (OWN_FALLBACKS.has(other.type)) return one.detour ? one : { ...one, optional: true };
      return isEmpty(other) ? one : { ...one, optional: false, detour: true };
    }
    return same(a.path, b.path) ? { path: a.path, roots: [...a.roots, ...b.roots], optional: a.optional || b.optional, via: a.via ?? b.via, through: bothThrough(a, b) } : undefined;
  };
  /** Reached through an imported binding only if every way is (one real global way makes it the global). */
  const bothThrough = (a: Held, b: Held) => (a.through !== undefined && a.through === b.through ? a.through : undefined);
  /** A call of a function defined here, an IIFE included: what its `return`s hold (only the global object). */
  const returnsMemo = new Map<AnyNode, AnyNode[]>();
  let resultMemo = new Map<AnyNode, Held | undefined>(); // per pass of the fixpoint below
  const functionResult = (call: AnyNode, depth: number): Held | undefined => {
    const callee = call.callee as AnyNode;
    const via = importedGlobalGetter(callee, resolvedOf);
    if (via !== undefined) return { path: [], roots: [], via };
    const fn = callee.type === 'Identifier' ? functionOf(resolvedOf.get(callee)) : callee;
    if (!fn || !isFunction(fn)) return undefined;
    if (resultMemo.has(fn)) return resultMemo.get(fn);
    resultMemo.set(fn, undefined); // a recursive function: not global while it is being looked at
    let returns = returnsMemo.get(fn);
    if (!returns) returnsMemo.set(fn, (returns = fn.body.type !== 'BlockStatement' ? [fn.body] : returnsOf(fn.body)));
    const result = returns.some((r) => { const h = held(r, depth + 1); return h?.path.length === 0 && !h.through; }) ? { path: [], roots: [] } : undefined;
    resultMemo.set(fn, result);
    return result;
  };

  // Which identifiers are written directly (`x = v`, `var x = v`), not through a pattern, `for (x of …)` or `x++`.
  const directWrites = new Set<unknown>();
  /** `export const x = …`: read from outside with no reference here, so its initial read must stay a use. */
  const exported = new Set<AnyNode>();
  const calls: { fn: AnyNode; args: AnyNode[] }[] = [];
  /** `CacheStorage.setContext = function (window) {…}` (html2canvas): methods assigned by name, for their calls. */
  const methods = new Map<string, AnyNode>();
  const methodKey = (member: AnyNode) =>
    member.type === 'MemberExpression' && !member.computed && member.object.type === 'Identifier' ? `${member.object.name}.${member.property.name}` : undefined;
  for (const node of all) {
    if (node.type === 'AssignmentExpression' && isFunction(node.right)) {
      const key = methodKey(node.left);
      if (key) methods.set(key, node.right);
    }
  }
  for (const node of all) {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') directWrites.add(node.id);
    else if (node.type === 'ExportNamedDeclaration' && node.declaration?.type === 'VariableDeclaration') {
      for (const declarator of node.declaration.declarations) exported.add(declarator);
    }
    else if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') directWrites.add(node.left);
    else if (node.type === 'CallExpression') {
      const callee = node.callee as AnyNode;
      if (callee.type === 'Identifier') {
        const fn = functionOf(resolvedOf.get(callee));
        if (fn) calls.push({ fn, args: node.arguments });
      } else if (isFunction(callee)) {
        calls.push({ fn: callee, args: node.arguments });
      } else if (callee.type === 'MemberExpression' && !callee.computed && callee.property.name === 'call' && isFunction(callee.object)) {
        calls.push({ fn: callee.object, args: node.arguments.slice(1) }); // (function (root) {…}).call(this, self)
      } else {
        const method = methodKey(callee);
        if (method && methods.has(method)) calls.push({ fn: methods.get(method)!, args: node.arguments });
      }
    }
  }
  const variables = scopes.flatMap((scope) => scope.variables);
  const candidates = variables.filter((v) => v.defs.length === 1 && v.defs[0]!.type === 'Variable');
  const paramOf = new Map<AnyNode, ScopeVariable[]>();
  for (const v of variables) {
    const def = v.defs.length === 1 ? v.defs[0]! : undefined;
    if (def?.type !== 'Parameter') continue;
    const index = (def.node.params as AnyNode[]).indexOf(def.name);
    if (index === -1) continue;
    const list = paramOf.get(def.node) ?? [];
    list[index] = v;
    paramOf.set(def.node, list);
  }
  /** Every write of the variable is direct and holds one path (empty writes such as `= null` aside). */
  const holds = (v: ScopeVariable): Held | undefined => {
    let found: Held | undefined;
    for (const ref of v.references) {
      if (!ref.isWrite()) continue;
      if (!directWrites.has(ref.identifier)) return undefined;
      if (isEmpty(ref.writeExpr)) continue;
      const h = held(ref.writeExpr);
      if (h?.through && found && !found.through && !same(found.path, h.path)) continue;
      if (found?.through && h && !h.through && !same(found.path, h.path)) found = undefined;
      if (!h || (found && !same(found.path, h.path))) return undefined;
      found = found ? { path: found.path, roots: [...found.roots, ...h.roots], optional: found.optional || h.optional, via: found.via ?? h.via, through: bothThrough(found, h) } : h;
    }
    return found;
  };
  // Another module that is the global object by its name: lodash's `import root from './_root.js'`, core-js's
  // `require('../internals/global-this')`, @juggle/resize-observer's `import { global } from '../utils/global'`.
  // (One module at a time: the ecosystem's names are what is known.)
  for (const v of variables) {
    const def = v.defs.length === 1 ? v.defs[0]! : undefined;
    const source =
      def?.type === 'ImportBinding' && (def.node.type !== 'ImportSpecifier' || GLOBAL_EXPORT.test(importedName(def.node)))
        ? (def as unknown as { parent: AnyNode }).parent.source.value
      : def?.type === 'Variable' && def.node.id === def.name && def.node.init?.type === 'CallExpression' && def.node.init.callee.type === 'Identifier' && def.node.init.callee.name === 'require'
        ? stringLiteral(def.node.init.arguments[0])
        : undefined;
    if (typeof source === 'string' && GLOBAL_MODULE.test(source)) holders.set(v, []);
    else if (def?.type === 'ImportBinding' && def.node.type !== 'ImportNamespaceSpecifier') {
      // Any other binding imported from a module of the package (konva's `import { glob } from './Global.js'`):
      // followed as the global object, its uses pending until that module is known to export it (imported-globals.ts).
      const from = String((def as unknown as { parent: AnyNode }).parent.source.value);
      if (!from.startsWith('.')) continue;
      holders.set(v, []);
      throughOf.set(v, `${from}#${def.node.type === 'ImportDefaultSpecifier' ? 'default' : importedName(def.node)}`);
    }
  }
  const absorbed = new Map<ScopeVariable, AnyNode[]>();
  for (let changed = true; changed; ) {
    changed = false;
    resultMemo = new Map(); // what a function returns may have changed with the last pass's holders
    for (const variable of candidates) {
      if (holders.has(variable)) continue;
      const h = holds(variable);
      if (!h) continue;
      holders.set(variable, h.path);
      if (h.optional) optional.add(variable);
      if (h.via) viaOf.set(variable, h.via);
      if (h.through) throughOf.set(variable, h.through);
      if (h.path.length && !exported.has(variable.defs[0]!.node)) absorbed.set(variable, h.roots);
      changed = true;
    }
    for (const { fn, args } of calls) {
      const params = paramOf.get(fn);
      args.forEach((arg, i) => {
        const param = params?.[i];
        const h = param && !holders.has(param) ? held(arg) : undefined;
        if (param && h?.path.length === 0 && !h.through) {
          holders.set(param, []);
          changed = true;
        }
      });
    }
  }

  const reads: AnyNode[] = [];
  for (const [variable, path] of holders) {
    for (const ref of variable.references) {
      if (!ref.isRead()) continue;
      const ident = ref.identifier as AnyNode;
      heldPaths.set(ident, path, optional.has(variable), viaOf.get(variable), throughOf.get(variable));
      reads.push(ident);
    }
  }
  if (globalExports) exportsOfGlobal(all, holders, (v) => !throughOf.has(v) && !viaOf.has(v), resolvedOf, globalExports);
  // A global's value read once into a variable: the variable's reads are the uses (sound: every read is recorded).
  for (const roots of absorbed.values()) for (const root of roots) heldPaths.absorb(root);
  // `getGlobalThis().requestIdleCallback`: the result of a global-returning call used directly.
  for (const node of all) {
    if (node.type !== 'CallExpression' || isGlobalObjectIdiom(node)) continue;
    const result = functionResult(node, 0);
    if (result) {
      heldPaths.set(node, [], false, result.via);
      reads.push(node);
    }
  }
  return reads;
}

/** The module's exports that are its (own) global object: `export const glob = typeof window < 'u' ? window : …`. */
function exportsOfGlobal(
  all: AnyNode[], holders: Map<ScopeVariable, string[]>, own: (v: ScopeVariable) => boolean,
  resolvedOf: Map<unknown, ScopeVariable | null>, out: { name: string; node: AnyNode }[],
): void {
  const isGlobal = (v: ScopeVariable | null | undefined) => !!v && holders.get(v)?.length === 0 && own(v);
  const byDeclarator = new Map<AnyNode, ScopeVariable>();
  for (const v of holders.keys()) if (v.defs[0]?.type === 'Variable') byDeclarator.set(v.defs[0].node, v);
  for (const node of all) {
    if (node.type === 'ExportNamedDeclaration' && node.declaration?.type === 'VariableDeclaration') {
      for (const d of node.declaration.declarations) if (d.id.type === 'Identifier' && isGlobal(byDeclarator.get(d))) out.push({ name: d.id.name, node: d });
    } else if (node.type === 'ExportNamedDeclaration' && !node.source) {
      for (const spec of node.specifiers) if (isGlobal(resolvedOf.get(spec.local))) out.push({ name: String(spec.exported.name ?? spec.exported.value), node: spec });
    } else if (node.type === 'ExportDefaultDeclaration' && node.declaration.type === 'Identifier' && isGlobal(resolvedOf.get(node.declaration))) {
      out.push({ name: 'default', node });
    }
  }
}

/**
 * Another module's global getter, by its name: Vue's runtime-core calls `getGlobalThis()` imported from @vue/shared
 * (`shared.getGlobalThis()` in its CommonJS build). The analysis sees one module at a time, so a function of another
 * module is known by the name the ecosystem gives it (`getGlobalThis`, `getGlobal`, `getGlobalObject`).
 */
const GLOBAL_GETTER = /^_*get_?global(?:_?this|_?object)?$/i;
/** A module whose export is the global object, by its file name (`./_root.js`, `../internals/global-this`). */
const GLOBAL_MODULE = /(?:^|\/)(?:_root|_freeGlobal|global|global-this|global_this|globalThis|get-global)(?:\.[cm]?js)?$/;
/** A named export of such a module that is the global object itself (`export var global = … window …`). */
const GLOBAL_EXPORT = /^_*(?:global(?:this|object)?|root)$/i;
const importedName = (specifier: AnyNode): string => String(specifier.imported?.name ?? specifier.imported?.value ?? '');
function importedGlobalGetter(callee: AnyNode, resolvedOf: Map<unknown, ScopeVariable | null>): string | undefined {
  const sourceOf = (def: ScopeVariable['defs'][number] | undefined): string =>
    def?.type === 'ImportBinding' ? String((def as unknown as { parent: AnyNode }).parent.source.value)
    : def?.type === 'Variable' && def.node.init?.type === 'CallExpression' && def.node.init.callee.name === 'require' ? (stringLiteral(def.node.init.arguments[0]) ?? '') : '';
  if (callee.type === 'Identifier') {
    const def = resolvedOf.get(callee)?.defs[0];
    const imported = def?.type === 'ImportBinding' ? (def.node.imported?.name ?? def.node.imported?.value ?? callee.name) : undefined;
    return typeof imported === 'string' && GLOBAL_GETTER.test(imported) ? sourceOf(def) : undefined;
  }
  if (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && GLOBAL_GETTER.test(callee.property.name)) {
    return sourceOf(resolvedOf.get(callee.object)?.defs[0]);
  }
  return undefined;
}

/** `Function('return this')()`, `new Function('return this')()`, `(0, eval)('this')`. */
function isGlobalObjectIdiom(call: AnyNode): boolean {
  const callee = call.callee as AnyNode;
  if ((callee.type === 'CallExpression' || callee.type === 'NewExpression') && callee.callee.type === 'Identifier' && callee.callee.name === 'Function') {
    return GLOBAL_OBJECT_IDIOM.test(stringLiteral(callee.arguments[0]) ?? '');
  }
  const evaluator = callee.type === 'SequenceExpression' ? callee.expressions[callee.expressions.length - 1] : undefined;
  return evaluator?.type === 'Identifier' && evaluator.name === 'eval' && /^\s*this\s*;?\s*$/.test(stringLiteral(call.arguments[0]) ?? '');
}

/** The function a variable names, if it is declared as one (`function f() {}`, `const f = () => ...`). */
function functionOf(variable: ScopeVariable | null | undefined): AnyNode | undefined {
  const def = variable?.defs.length === 1 ? variable.defs[0]! : undefined;
  if (def?.type === 'FunctionName') return def.node;
  if (def?.type === 'Variable' && def.node.id === def.name && isFunction(def.node.init)) return def.node.init;
  return undefined;
}

/** The returned expressions of a function body, not those of functions nested in it. */
function returnsOf(body: AnyNode): AnyNode[] {
  const found: AnyNode[] = [];
  const stack: AnyNode[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'ReturnStatement') {
      if (node.argument) found.push(node.argument);
      continue;
    }
    if (isFunction(node) || node.type === 'ClassBody') continue;
    for (const key of ['body', 'consequent', 'alternate', 'block', 'handler', 'finalizer', 'cases']) {
      const child = node[key];
      if (Array.isArray(child)) stack.push(...child.filter(Boolean));
      else if (child && typeof child.type === 'string') stack.push(child);
    }
  }
  return found;
}
