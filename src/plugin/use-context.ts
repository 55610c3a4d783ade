// Where a global's value goes, for the use recorder (uses.ts): what a variable or call result holds (set by
// global-aliases.ts), whether a read is only a truthiness test or has the package's own fallback, and which members
// say that a value the package received is a DOM element.
// Threat this answers: a generated grant for a power the code can do without (a blank page when it is missing is the
// other failure: the quiet `false` keeps both away), and a package handed the app's real elements without a `dom`
// section (DESIGN.md, invariant 1).
import type { Node as AcornNode } from 'acorn';

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
type AnyNode = AcornNode & Record<string, any>;

/**
 * Set by the alias analysis (global-aliases.ts) before the recorder sees its nodes: the global path a variable read or
 * a call result holds (`[]`: the global object), and the free identifiers whose read a variable took over (`const
 * nav = navigator`: its own reads, `nav.userAgent`, are the uses). Nodes belong to one parse: weak maps.
 */
export const heldPaths = (() => {
  const held = new WeakMap<object, string[]>();
  const optional = new WeakSet<object>();
  const absorbed = new WeakSet<object>();
  const via = new WeakMap<object, string>();
  const through = new WeakMap<object, string>();
  return {
    set: (node: object, path: string[], isOptional = false, from?: string, imported?: string) => {
      held.set(node, path);
      if (isOptional) optional.add(node);
      if (from) via.set(node, from);
      if (imported) through.set(node, imported);
    },
    /** `specifier#name`: a binding imported from a module of the package, the global object only if it exports one. */
    through: (node: object) => through.get(node),
    /** The import specifier of the package whose global object this is (Vue's `getGlobalThis` from @vue/shared). */
    via: (node: object) => via.get(node),
    get: (node: object) => held.get(node),
    /** The variable holds the global or the package's own fallback (`g.requestIdleCallback || ((cb) => …)`). */
    isOptional: (node: object) => optional.has(node),
    absorb: (node: object) => void absorbed.add(node),
    isAbsorbed: (node: object) => absorbed.has(node),
  };
})();

export const OWN_FALLBACKS: ReadonlySet<string> = new Set([
  'FunctionExpression', 'ArrowFunctionExpression', 'Literal', 'ObjectExpression', 'ArrayExpression', 'ClassExpression', 'TemplateLiteral',
]);
/** Globals that are a window (this one or another): compared, never used, by frame checks. */
const WINDOW_REFERENCES: ReadonlySet<string> = new Set(['top', 'parent', 'frames', 'opener', 'self', 'window']);
const lastName = (n: AnyNode): string | undefined =>
  n.type === 'Identifier' ? n.name : n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' ? n.property.name : undefined;

/** The dotted text of a static member chain (`window.performance.measure`), else undefined. */
export function chainText(n: AnyNode): string | undefined {
  if (n.type === 'Identifier') return n.name;
  if (n.type !== 'MemberExpression' || n.computed || n.property.type !== 'Identifier') return undefined;
  const object = chainText(n.object);
  return object === undefined ? undefined : `${object}.${n.property.name}`;
}

/**
 * `performance.measure.bind(performance, …)`, `console.log.call(console, x)`: the object passed as the receiver of
 * its own member is not a use of the whole object.
 */
export function isOwnReceiver(node: AnyNode, path: readonly string[], parents: Map<AnyNode, AnyNode>): boolean {
  const call = parents.get(node);
  if (call?.type !== 'CallExpression' || call.arguments[0] !== node) return false;
  const callee = call.callee as AnyNode;
  if (callee.type !== 'MemberExpression' || !['bind', 'call', 'apply'].includes(lastName(callee) ?? '')) return false;
  const target = chainText(callee.object)?.split('.');
  if (!target) return false;
  let i = 0;
  while (i < target.length - 1 && (target[i] === 'window' || target[i] === 'self' || target[i] === 'globalThis')) i++;
  const own = target.slice(i);
  return own.length > path.length && path.every((segment, k) => own[k] === segment);
}

const EMPTY_VALUES = (n: AnyNode) =>
  (n.type === 'Literal' && n.value === null) || (n.type === 'Identifier' && n.name === 'undefined') || (n.type === 'UnaryExpression' && n.operator === 'void');

/**
 * Is the value at `node` only tested for truthiness, or replaced by a fallback when absent? `if (x)`, `x ? a : b`,
 * `!x`, `x && …`, `x || fallback`, `x ?? fallback`, `x == null`, and the same inside such a test (`if (a.x && a.y)`).
 */
export function isTruthinessTest(node: AnyNode, parents: Map<AnyNode, AnyNode>): boolean {
  for (let child = node, up = parents.get(node), depth = 0; up && depth < 8; child = up, up = parents.get(up), depth++) {
    if (up.type === 'ChainExpression') continue;
    if (up.type === 'UnaryExpression') return up.operator === '!';
    if (up.type === 'IfStatement' || up.type === 'ConditionalExpression' || up.type === 'WhileStatement' || up.type === 'DoWhileStatement' || up.type === 'ForStatement') {
      return up.test === child;
    }
    if (up.type === 'BinaryExpression' && /^[!=]==?$/.test(up.operator)) {
      // `x == null`; and `window.top === window.self` (am I framed?), which compares a window without using it.
      const other = up.left === child ? up.right : up.left;
      return EMPTY_VALUES(other) || WINDOW_REFERENCES.has(lastName(child) ?? '');
    }
    if (up.type !== 'LogicalExpression') return false;
    // `x && …` tests x; `x || fallback` and `x ?? fallback` work without x when the fallback is the package's own
    // (a function or a literal), not another global that may be just as absent (`MutationObserver || WebKit…`).
    if (up.left === child) return up.operator === '&&' || OWN_FALLBACKS.has((up.right as AnyNode).type);
    // The right of `a && x` or `a || x` is the expression's value: a test only if the whole is one.
  }
  return false;
}

/**
 * Members only DOM nodes have (a plain object or a framework's props would not): used on a parameter, they say that
 * the package handles elements the app hands it. Names that plain objects, framework props or parsers' own trees
 * have (`children`, `style`, `append`, `contains`, `childNodes`, `parentNode`, `getAttribute`) are left out.
 */
export const ELEMENT_MEMBERS: ReadonlySet<string> = new Set([
  'appendChild', 'insertBefore', 'removeChild', 'replaceChild', 'getBoundingClientRect', 'getClientRects',
  'querySelector', 'querySelectorAll', 'setAttribute', 'removeAttribute', 'classList', 'offsetWidth', 'offsetHeight',
  'offsetParent', 'clientWidth', 'clientHeight', 'scrollTop', 'scrollHeight', 'insertAdjacentHTML',
  'insertAdjacentElement', 'attachShadow', 'scrollIntoView', 'getRootNode',
]);
/** Calls that take an element: `getComputedStyle(el)`, `observer.observe(el)`. */
export const ELEMENT_TAKING_CALLS: ReadonlySet<string> = new Set(['getComputedStyle', 'observe']);

/** Is `ident` a parameter of a function around it (by name: the nearest function that declares it)? */
export function isParameter(ident: AnyNode, parents: Map<AnyNode, AnyNode>): boolean {
  if (ident.type !== 'Identifier') return false;
  for (let up = parents.get(ident); up; up = parents.get(up)) {
    if (up.type !== 'FunctionDeclaration' && up.type !== 'FunctionExpression' && up.type !== 'ArrowFunctionExpression') continue;
    for (const param of up.params as AnyNode[]) {
      const p = param.type === 'AssignmentPattern' ? param.left : param;
      if (p.type === 'Identifier' && p.name === ident.name) return true;
    }
  }
  return false;
}
