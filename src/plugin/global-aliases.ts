// Local variables and parameters that hold the global object, for the policy generator (src/plugin/uses.ts).
// Threat this answers: a generated policy that misses a grant because the package reaches the global through a
// variable (`_global.postMessage`), which would be a violation in production for a package doing nothing wrong.
import type { Node as AcornNode } from 'acorn';
import { GLOBAL_ALIASES } from './globals.js';
import { GLOBAL_OBJECT_IDIOM, stringLiteral } from './uses.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
type AnyNode = AcornNode & Record<string, any>;

/* The slice of eslint-scope's ScopeManager that alias detection reads. */
interface ScopeVariable {
  name: string;
  defs: { type: string; node: AnyNode; name: AnyNode }[];
  references: { identifier: unknown; isRead(): boolean; resolved: ScopeVariable | null }[];
}
interface ScopeLike {
  variables: ScopeVariable[];
  references: { identifier: unknown; resolved: ScopeVariable | null }[];
}

/**
 * Local variables that hold the global object, so that `_global.postMessage(...)` is recorded as `postMessage`:
 * `var root = freeGlobal || freeSelf || Function('return this')()` (lodash), axios's
 * `const _global = (() => { if (typeof globalThis !== 'undefined') return globalThis; ... })()`, and parameters of
 * a local function that some call passes the global object to (hotkeys-js's `addEvent(window, 'focus', f)`). The
 * rewrite needs nothing (the variable holds the compartment global); without this the generated policy would miss
 * the grant. Returns the identifiers of their reads.
 */
export function globalObjectAliasReads(scopes: readonly ScopeLike[], nodes: Iterable<AnyNode>): AnyNode[] {
  const resolvedOf = new Map<unknown, ScopeVariable | null>();
  for (const scope of scopes) for (const ref of scope.references) resolvedOf.set(ref.identifier, ref.resolved);
  const aliases = new Set<ScopeVariable>();
  const isGlobal = (node: AnyNode | null | undefined, depth = 0): boolean => {
    if (!node || depth > 12) return false;
    switch (node.type) {
      case 'Identifier': {
        const variable = resolvedOf.get(node);
        if (variable === undefined) return false;
        return variable === null ? GLOBAL_ALIASES.has(node.name) || node.name === 'global' : aliases.has(variable);
      }
      case 'ConditionalExpression':
        return isGlobal(node.consequent, depth + 1) || isGlobal(node.alternate, depth + 1);
      case 'LogicalExpression':
        return isGlobal(node.right, depth + 1) || (node.operator !== '&&' && isGlobal(node.left, depth + 1));
      case 'SequenceExpression':
        return isGlobal(node.expressions[node.expressions.length - 1], depth + 1);
      case 'AssignmentExpression':
        return node.operator === '=' && isGlobal(node.right, depth + 1);
      case 'CallExpression': {
        const callee = node.callee as AnyNode;
        // Function('return this')()
        if (callee.type === 'CallExpression' && callee.callee.type === 'Identifier' && callee.callee.name === 'Function') {
          return GLOBAL_OBJECT_IDIOM.test(stringLiteral(callee.arguments[0]) ?? '');
        }
        if (node.arguments.length) return false;
        // An IIFE, or a call of a local function: `const getGlobal = () => typeof window === 'undefined' ? null : window`.
        const fn = callee.type === 'Identifier' ? functionOf(resolvedOf.get(callee)) : callee;
        if (fn?.type !== 'FunctionExpression' && fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionDeclaration') return false;
        if (fn.body.type !== 'BlockStatement') return isGlobal(fn.body, depth + 1);
        return returnsOf(fn.body).some((argument) => isGlobal(argument, depth + 1));
      }
      default:
        return false;
    }
  };
  const variables = scopes.flatMap((scope) => scope.variables);
  const candidates = variables.filter((v) => v.defs.length === 1 && v.defs[0]!.type === 'Variable' && v.defs[0]!.node.init);
  // Parameters: function node → its parameter variables by position; calls of local functions with their arguments.
  const params = new Map<AnyNode, ScopeVariable[]>();
  for (const v of variables) {
    const def = v.defs.length === 1 ? v.defs[0]! : undefined;
    if (def?.type !== 'Parameter') continue;
    const index = (def.node.params as AnyNode[]).indexOf(def.name);
    if (index === -1) continue;
    const list = params.get(def.node) ?? [];
    list[index] = v;
    params.set(def.node, list);
  }
  const calls: { fn: AnyNode; args: AnyNode[] }[] = [];
  for (const node of nodes) {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') continue;
    const fn = functionOf(resolvedOf.get(node.callee));
    if (fn && params.has(fn)) calls.push({ fn, args: node.arguments });
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const variable of candidates) {
      if (!aliases.has(variable) && isGlobal(variable.defs[0]!.node.init)) {
        aliases.add(variable);
        changed = true;
      }
    }
    for (const { fn, args } of calls) {
      args.forEach((arg, i) => {
        const param = params.get(fn)![i];
        if (param && !aliases.has(param) && isGlobal(arg)) {
          aliases.add(param);
          changed = true;
        }
      });
    }
  }
  return [...aliases].flatMap((v) => v.references.filter((ref) => ref.isRead()).map((ref) => ref.identifier as AnyNode));
}

/** The function a variable names, if it is declared as one (`function f() {}`, `const f = () => ...`). */
function functionOf(variable: ScopeVariable | null | undefined): AnyNode | undefined {
  const def = variable?.defs.length === 1 ? variable.defs[0]! : undefined;
  if (def?.type === 'FunctionName') return def.node;
  if (def?.type === 'Variable') return def.node.init ?? undefined;
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
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ClassBody') continue;
    for (const key of ['body', 'consequent', 'alternate', 'block', 'handler', 'finalizer', 'cases']) {
      const child = node[key];
      if (Array.isArray(child)) stack.push(...child.filter(Boolean));
      else if (child && typeof child.type === 'string') stack.push(child);
    }
  }
  return found;
}
