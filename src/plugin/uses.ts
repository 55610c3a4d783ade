// What the policy generator learns from one module: the globals it reads and writes (as member paths), its feature
// probes, the element tags it creates and the event types it listens to, and the specifiers it imports, each with
// its line and column so that a review diff and `portcullis explain` can point at the code.
// Threat this answers: a generated policy that grants more than the code touches (noise a reviewer learns to wave
// through) or less (a violation in production). The rules are in README.md, "Policy CLI".
import type { Node as AcornNode } from 'acorn';
import { isGlobalObjectName } from '../shared/global-path.js';
import { constantKeys, importedKeySegment } from './constant-keys.js';
import { importMetaPath } from './import-meta.js';
import { ELEMENT_MEMBERS, ELEMENT_TAKING_CALLS, heldPaths, isOwnReceiver, isParameter, isTruthinessTest } from './use-context.js';
import { COMPARTMENT_INTRINSICS, EVALUATORS, GLOBAL_ALIASES, OBJECT_PROTOTYPE_NAMES, SHARED_INTRINSICS } from './globals.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
type AnyNode = AcornNode & Record<string, any>;

export interface GlobalUse {
  /**
   * `read`/`write`/`probe`: a dotted global path with aliases stripped (`document.createElement`); `create`: an
   * element tag; `listen`: an event type (`*` when not a literal); `import`: the import specifier.
   */
  path: string;
  /**
   * `read`; `write` when the global itself is assigned; `probe` for `typeof x`, `'x' in window` and
   * `Function('return this')` (the global-object idiom, which never needs a grant in a browser);
   * `create` for `x.createElement(tag)`; `listen` for `x.addEventListener(type)`; `import` for an import or `require`;
   * `test` for a read whose value is only tested or has a fallback (`g.requestIdleCallback || fallback`,
   * `if (!x.IntersectionObserver)`): absent, the code takes its other way (the generator's quiet `false`);
   * `element` for a DOM member used on a value the package received (`el.appendChild`, `getComputedStyle(el)`,
   * `observer.observe(el)` with `el` a parameter): the package handles the app's elements (path: the member);
   * `meta` for `import.meta` (path: the member after it, `env.VITE_X`, `hot`; `''` for the whole object; see
   * import-meta.ts); `css-url` for a URL in a package's CSS that leaves the bundle (path: its origin, css-policy.ts);
   * `dom` for a power of the attenuated DOM the code shows (`readPixels`, `navigate`), for the dom section.
   */
  kind: 'read' | 'write' | 'probe' | 'test' | 'element' | 'create' | 'listen' | 'import' | 'meta' | 'css-url' | 'dom' | 'through' | 'global-export';
  line: number;
  column: number;
  /** A read inside a branch that runs only if a `typeof` check of the same name passed (`typeof x < 'u' && x.y`). */
  guarded?: true;
  /**
   * A `probe` through the global object (`typeof window.chrome`, `typeof target.chrome` with `target` the global):
   * unlike a bare `typeof chrome`, which the rewrite answers with `in`, it reads the name at run time, so a denied
   * name must be the generator's quiet `false` there.
   */
  member?: true;
  /** Outside every function: runs when the module is evaluated, whichever of its exports are called. */
  topLevel?: true;
  /**
   * The path's first segment (`[NAME]`) is a key imported from another module of the package (`self[NAMESPACE]`):
   * resolved once the package's modules are known (constant-keys.ts).
   */
  key?: { from: string; name: string };
  /** A name no browser has that one package writes and another reads: granted (generate.ts, shareGlobals). */
  shared?: true;
  /**
   * Reached through another package's global object (`getGlobalThis()` imported from this specifier): at run time it
   * is that package's compartment global, so the grant belongs to that package (src/policy/generate.ts).
   */
  via?: string;
  /**
   * A `through` use: what would be a use of kind `as` if the binding it was reached through (`import { glob } from
   * './Global.js'`, `specifier#name`) is the global object, which that module says with a `global-export` use (path:
   * the export's name). The build settles them once every module is analysed (imported-globals.ts); unsettled, they
   * grant nothing.
   */
  through?: string;
  as?: 'read' | 'write' | 'probe' | 'test';
}

const FUNCTION_METHODS = new Set(['bind', 'call', 'apply', 'toString']);
/**
 * `navigator.userAgent.toLowerCase()`: past a string-valued member the chain is the string's own methods, and a
 * dotted grant through a string would hand the package a stand-in object instead of the string. (A name that is
 * also a host property, `location.search`, makes the grant one segment shorter: wider, never a violation.)
 */
const STRING_METHODS: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(String.prototype).filter((name) => name !== 'constructor' && name !== 'length'),
);
/** `Function('return this')`: the global-object idiom. */
export const GLOBAL_OBJECT_IDIOM = /^\s*return\s+this\s*;?\s*$/;
/** `new Function('')`: can this page evaluate code (zod's `allowsEval`, inside a try)? A probe, never a need. */
const EVAL_PROBE = /^\s*$/;

/** The property name of a member expression when it is static (`a.b`, `a['b']`), else undefined. */
export function staticProperty(member: AnyNode): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.computed && member.property.type === 'Literal' && typeof member.property.value === 'string') {
    return member.property.value;
  }
  return undefined;
}

function isAssignmentTarget(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'AssignmentExpression' && parent.left === node) return true;
  if (parent.type === 'UpdateExpression') return true;
  if (parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') return parent.left === node;
  return false;
}

export function stringLiteral(node: AnyNode | undefined): string | undefined {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked as string;
  return undefined;
}

/** Does `expr` test for `name`: `typeof name`, `typeof window.name`, `'name' in self`? (bounded walk) */
function probesName(expr: AnyNode, name: string): boolean {
  const stack: AnyNode[] = [expr];
  for (let budget = 200; stack.length && budget > 0; budget--) {
    const node = stack.pop()!;
    if (node.type === 'UnaryExpression' && node.operator === 'typeof') {
      const arg = node.argument as AnyNode;
      if (arg.type === 'Identifier' && arg.name === name) return true;
      if (arg.type === 'MemberExpression' && arg.object.type === 'Identifier' && GLOBAL_ALIASES.has(arg.object.name) && staticProperty(arg) === name) return true;
    }
    if (node.type === 'BinaryExpression' && node.operator === 'in' && stringLiteral(node.left) === name) return true;
    for (const key of ['left', 'right', 'argument', 'test', 'expressions', 'object']) {
      const child = node[key];
      if (Array.isArray(child)) stack.push(...child.filter(Boolean));
      else if (child && typeof child.type === 'string') stack.push(child);
    }
  }
  return false;
}

export interface UseRecorder {
  readonly uses: GlobalUse[];
  /** One free identifier (or an alias of the global object, e.g. Rollup's commonjsGlobal). */
  global(ident: AnyNode, name: string | undefined, isWrite: boolean, isAlias?: boolean): void;
  /** Element factories, event listeners and import specifiers, anywhere in the module. */
  scanCalls(): void;
}

/** Attributes whose `setAttribute` shows that a package navigates (with `<a>`, `<area>` or `<form>`). */
const NAVIGATING_ATTRIBUTES = new Set(['href', 'action', 'formaction']);

export function createUseRecorder(
  parents: Map<AnyNode, AnyNode>,
  format: 'esm' | 'cjs',
  locate: (offset: number) => { line: number; column: number },
): UseRecorder {
  const uses: GlobalUse[] = [];
  const nodeOf = new Map<GlobalUse, AnyNode>();
  /** `[NAME]` → the import it stands for (constant-keys.ts). */
  const importedKeys = new Map<string, { from: string; name: string }>();
  const at = (node: AnyNode) => locate(node.start);
  const add = (node: AnyNode, path: string, kind: GlobalUse['kind'], guarded = false, member = false): void => {
    const via = heldPaths.via(node);
    const key = path.startsWith('[') ? importedKeys.get(path.slice(0, path.indexOf(']') + 1)) : undefined;
    const through = heldPaths.through(node);
    const pending = through !== undefined && (kind === 'read' || kind === 'write' || kind === 'probe' || kind === 'test');
    const use: GlobalUse = {
      path, kind: pending ? 'through' : kind, ...at(node), ...(guarded ? { guarded: true as const } : {}), ...(member ? { member: true as const } : {}),
      ...(via ? { via } : {}), ...(inFunction(node) ? {} : { topLevel: true as const }), ...(key ? { key } : {}),
      ...(pending ? { through, as: kind as GlobalUse['as'] } : {}),
    };
    uses.push(use);
    nodeOf.set(use, node);
  };

  /** Inside a function or an instance field's initializer: runs only when called (or constructed). */
  function inFunction(node: AnyNode): boolean {
    for (let up = parents.get(node); up; up = parents.get(up)) {
      if (up.type === 'FunctionExpression' || up.type === 'ArrowFunctionExpression' || up.type === 'FunctionDeclaration') return true;
      if (up.type === 'PropertyDefinition' && !up.static) return true;
    }
    return false;
  }

  /** A read of `name` in a branch that only runs when a typeof check of `name` passed. */
  function isGuarded(node: AnyNode, name: string): boolean {
    for (let child = node, up = parents.get(node); up; child = up, up = parents.get(up)) {
      if (up.type === 'LogicalExpression' && up.right === child && probesName(up.left, name)) return true;
      if ((up.type === 'ConditionalExpression' || up.type === 'IfStatement') && up.test !== child && probesName(up.test, name)) return true;
    }
    return false;
  }

  /** `const { a, b: { c } } = <path>`: one read per destructured leaf; a rest element or computed key reads it all. */
  function destructured(pattern: AnyNode, path: string[], node: AnyNode, guarded: boolean): boolean {
    if (pattern.type !== 'ObjectPattern') return false;
    for (const prop of pattern.properties as AnyNode[]) {
      const key = prop.type === 'Property' && !prop.computed ? (prop.key.type === 'Identifier' ? prop.key.name : stringLiteral(prop.key)) : undefined;
      if (key === undefined) {
        if (path.length) add(node, path.join('.'), 'read', guarded);
        continue;
      }
      const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
      if (!destructured(value, [...path, key], node, guarded)) readPath(node, [...path, key], guarded);
    }
    return true;
  }

  function readPath(node: AnyNode, path: string[], guarded: boolean, kind: 'read' | 'test' = 'read'): void {
    const root = path[0]!;
    if (SHARED_INTRINSICS.has(root) || (COMPARTMENT_INTRINSICS.has(root) && !EVALUATORS.has(root))) return;
    // A free `toString` is Object.prototype's, which every compartment global inherits: not a host power.
    if (path.length === 1 && OBJECT_PROTOTYPE_NAMES.has(root)) return;
    add(node, path.join('.'), kind, guarded);
  }

  function global(ident: AnyNode, name: string | undefined, isWrite: boolean, isAlias = GLOBAL_ALIASES.has(name ?? '')): void {
    const parent = parents.get(ident);
    // What a variable or call result holds (global-aliases.ts); a plain alias of the global object holds [].
    const held = heldPaths.get(ident) ?? (isAlias ? [] : undefined);
    if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') {
      const probed = held?.length ? held.join('.') : name;
      return probed ? add(ident, probed, 'probe') : undefined;
    }
    if (isWrite) return name === undefined ? undefined : add(ident, name, 'write');
    let path: string[];
    let node = ident;
    if (held) {
      path = [...held];
      // `'fetch' in window` probes; a bare alias (passed as a value) grants nothing by itself.
      if (path.length === 0 && parent?.type === 'BinaryExpression' && parent.operator === 'in' && parent.right === ident) {
        const probed = stringLiteral(parent.left);
        if (probed !== undefined) add(ident, probed, 'probe');
        return;
      }
    } else {
      if (name === undefined || (COMPARTMENT_INTRINSICS.has(name) && !EVALUATORS.has(name))) return;
      path = [name];
    }
    for (let up = parents.get(node); up?.type === 'MemberExpression' && up.object === node; up = parents.get(node)) {
      const prop = staticProperty(up) ?? constantKey(up, path.length === 0);
      // `fetch.bind(globalThis)`: a function's own methods are not a narrower grant than the function.
      if (prop === undefined || (path.length > 0 && FUNCTION_METHODS.has(prop)) || (path.length > 1 && STRING_METHODS.has(prop))) break;
      if (path.length === 0 && parents.get(up)?.type === 'UnaryExpression' && parents.get(up)!.operator === 'typeof') {
        return add(ident, prop, 'probe', false, true);
      }
      node = up;
      // `globalThis.window.self.x` is `x`: one normalisation with the runtime and explain (src/shared/global-path.ts).
      if (path.length === 0 && isGlobalObjectName(prop)) continue;
      path.push(prop);
    }
    const outer = parents.get(node);
    const guarded = path.length > 0 && isGuarded(node, path[0]!);
    // `const { fetch } = window`, `({ createElement } = document)`, `function f({ cookie } = document) {}`
    const pattern =
      (outer?.type === 'VariableDeclarator' && outer.init === node && outer.id) ||
      (outer?.type === 'AssignmentExpression' && outer.right === node && outer.operator === '=' && outer.left) ||
      (outer?.type === 'AssignmentPattern' && outer.right === node && outer.left);
    if (pattern && destructured(pattern, path, ident, guarded)) return;
    if (path.length === 0) return;
    if (isOwnReceiver(node, path, parents)) return; // covered by the member's own use
    if (EVALUATORS.has(path[0]!)) {
      // Only calling an evaluator is a power; `Function.prototype` is not.
      const call = parents.get(ident);
      const called = (call?.type === 'CallExpression' || call?.type === 'NewExpression') && call.callee === ident;
      if (!called || path.length > 1) return;
      // `Function('return this')()` asks for the global object: in a browser `self`/`window` come first and answer.
      const body = call.arguments.length === 1 ? stringLiteral(call.arguments[0]) : undefined;
      if (path[0] === 'Function' && body !== undefined && (GLOBAL_OBJECT_IDIOM.test(body) || EVAL_PROBE.test(body))) {
        return add(ident, 'Function', 'probe');
      }
    }
    if (isAssignmentTarget(node, outer)) {
      if (path.length === 1) return add(ident, path[0]!, 'write');
      path.pop(); // `a.b.c = v` writes into the object a.b: reading a.b is what needs a grant
    } else if (isTruthinessTest(node, parents) || (node === ident && path.length === 1 && heldPaths.isOptional(ident))) {
      // Tested only, or called through a variable that holds it or the package's own fallback: works without it.
      return readPath(ident, path, guarded, 'test');
    }
    readPath(ident, path, guarded);
  }

  /** `self[K]` with K a constant: its value; one imported, only as the global's own name (`[K]`, resolved later). */
  function constantKey(member: AnyNode, onGlobal: boolean): string | undefined {
    const key = constantKeys.get(member);
    if (typeof key === 'string' || key === undefined) return key;
    if (!onGlobal) return undefined;
    const segment = importedKeySegment(key);
    importedKeys.set(segment, key);
    return segment;
  }

  function scanCalls(): void {
    // Reads a variable took over (`const nav = navigator`): its own reads were recorded instead. In place: the
    // transform holds this array.
    for (let i = uses.length - 1; i >= 0; i--) if (heldPaths.isAbsorbed(nodeOf.get(uses[i]!)!) && uses[i]!.kind === 'read') uses.splice(i, 1);
    for (const node of parents.keys()) {
      if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || (node.type === 'ExportNamedDeclaration' && node.source)) {
        add(node, node.source.value as string, 'import');
      } else if (node.type === 'ImportExpression') {
        const specifier = stringLiteral(node.source);
        if (specifier !== undefined) add(node, specifier, 'import');
      } else if (node.type === 'MetaProperty' && node.meta.name === 'import') {
        add(node, importMetaPath(node, parents), 'meta');
      } else if (node.type === 'CallExpression') {
        const callee = node.callee as AnyNode;
        const method = callee.type === 'MemberExpression' ? staticProperty(callee) : callee.type === 'Identifier' ? callee.name : undefined;
        if (method === 'require' && callee.type === 'Identifier' && format === 'cjs') {
          const specifier = stringLiteral(node.arguments[0]);
          if (specifier !== undefined) add(node, specifier, 'import');
        } else if (method === 'createElement' || method === 'createElementNS') {
          const tag = stringLiteral(node.arguments[method === 'createElement' ? 0 : 1]);
          // HTML tag names are case-insensitive; SVG's (`foreignObject`) are not.
          add(node, tag === undefined ? '*' : method === 'createElement' ? tag.toLowerCase() : tag, 'create');
        } else if (method === 'addEventListener') {
          add(node, stringLiteral(node.arguments[0]) ?? '*', 'listen');
        } else if (method === 'getImageData' || method === 'toDataURL' || method === 'toBlob') {
          add(node, 'readPixels', 'dom');
        } else if (method === 'setAttribute' && NAVIGATING_ATTRIBUTES.has(stringLiteral(node.arguments[0])?.toLowerCase() ?? '')) {
          add(node, 'navigate', 'dom');
        }
        if (method !== undefined && ELEMENT_TAKING_CALLS.has(method) && node.arguments[0] && isParameter(node.arguments[0], parents)) {
          add(node, method, 'element');
        }
      } else if (node.type === 'MemberExpression') {
        const member = staticProperty(node);
        const up = parents.get(node);
        const probed = up?.type === 'UnaryExpression' && up.operator === 'typeof'; // `typeof x.getAttribute`: duck typing
        if (member !== undefined && !probed && ELEMENT_MEMBERS.has(member) && isParameter(node.object, parents)) add(node, member, 'element');
      }
    }
    uses.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  return { uses, global, scanCalls };
}
