// Invariant 3, "One parse, one truth" (DESIGN.md, "The boundary"): the transform reads each dependency module in the
// goal the bundler and the browser will use, visits every child of every node, and refuses text that two goals read
// differently. Threats: THREATS.md rows 55 and 56. A CommonJS file read as a script while Rolldown reads it as a
// module turns `q <!--q; fetch('/x')` into a comment for us and into code for the browser; a child the scope analysis
// never visits (`import(x, { with: { type: fetch('/x') } })`) keeps its free names un-rewritten.
//
// What the bundlers do (measured with Vite 8.3.8 / Rolldown and Rollup 4 + @rollup/plugin-commonjs):
// - Rolldown parses every file in the module goal except `.cjs` and `.cts`, which it reads as scripts. It wraps a module in a
//   CommonJS function when the file is `.cjs`, refers to a free `module` or `exports` (even beside `import`,
//   `import.meta` or top-level `await`, whatever its extension or package `type`), or returns at top level. Top-level
//   `this` is then `module.exports`, as in Node and webpack; `arguments` is a global look-up (an arrow wrapper).
// - Rollup parses everything as a module; the commonjs plugin hands us converted ES modules (top-level `this` already
//   `exports`), so every module this transform sees under Rollup is an ES module.
import { Parser, type Node as AcornNode, type Token } from 'acorn';
import { analyze, Referencer, type ScopeManager } from 'eslint-scope';
import { KEYS } from 'eslint-visitor-keys';
import { PortcullisBuildError } from './errors.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
export type AnyNode = AcornNode & Record<string, any>;

/** Which bundler reads the output of the transform: it decides the parse goal and the module format. */
export type Bundler = 'rolldown' | 'rollup';

export interface ReadModule {
  ast: AnyNode;
  /** Every node's parent. */
  parents: Map<AnyNode, AnyNode>;
  scopes: ScopeManager;
  /** `cjs`: the bundler wraps the module in a function that provides `module`, `exports` and `require`. */
  format: 'esm' | 'cjs';
}

const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/;
/** Every child key of every node type the parser may produce: a node or child outside them fails the build. */
const CHILD_KEYS: Readonly<Record<string, readonly string[]>> = KEYS;

/**
 * Where eslint-scope's own traversal (estraverse's keys, for the node types its Referencer has no method for) skips
 * a child that KEYS lists: `ImportExpression.options` in eslint-scope 9. Passing KEYS to every analysis would close
 * these too, but it makes esrecurse merge its key table per module (a dictionary-mode object: analysis 1.5-4x
 * slower), so a module pays for the full keys only when one of these children is present.
 */
const SCOPE_GAPS: ReadonlyMap<string, readonly string[]> = (() => {
  const visitor = new (Referencer as unknown as new (o: object, s: null) => { __childVisitorKeys: Record<string, string[]> })(
    { childVisitorKeys: null, fallback: 'iteration' },
    null,
  );
  const defaults = visitor.__childVisitorKeys;
  const gaps = new Map<string, readonly string[]>();
  for (const [type, keys] of Object.entries(CHILD_KEYS)) {
    if (typeof (Referencer.prototype as unknown as Record<string, unknown>)[type] === 'function') continue; // its own visit
    const missing = keys.filter((key) => !defaults[type]?.includes(key));
    if (missing.length) gaps.set(type, missing);
  }
  return gaps;
})();

/** `file:line:column` of an offset. */
export function position(id: string, code: string, offset: number): string {
  const before = code.slice(0, offset).split(LINE_BREAK);
  return `${id}:${before.length}:${before[before.length - 1]!.length + 1}`;
}

function parseError(id: string, error: unknown): PortcullisBuildError {
  const e = error as SyntaxError & { loc?: { line: number; column: number } };
  const where = e.loc ? `${id}:${e.loc.line}:${e.loc.column + 1}` : id;
  return new PortcullisBuildError(
    'PORTCULLIS_PARSE_ERROR',
    `${where}: ${e.message}. Portcullis cannot confine a module it cannot parse, so it will not ship it: ` +
      'fix or replace the dependency (or report the file to its authors).',
  );
}

function parse(code: string, id: string, goal: 'module' | 'script', extra: object = {}): AnyNode {
  try {
    return Parser.parse(code, {
      ecmaVersion: 'latest',
      sourceType: goal,
      // CommonJS returns at top level; Rolldown accepts it in both goals (and then wraps the module).
      allowReturnOutsideFunction: true,
      allowHashBang: true,
      // No `ranges`/`locations`: a range is set in the one walk below, a line only for the few recorded uses.
      ...extra,
    }) as AnyNode;
  } catch (error) {
    throw parseError(id, error);
  }
}

/**
 * `<!--` and `-->` open a comment in a script (Annex B) and are operators in a module: text that a bundler reads as
 * code and a browser running a classic-script bundle (or a `.cjs` reader) as a comment, or the other way round.
 * SES refuses them for the same reason. Only called when the text contains one of them.
 */
function refuseHtmlComments(code: string, id: string, goal: 'module' | 'script'): void {
  let found: number | undefined;
  const tokens: (Token & { value?: unknown })[] = [];
  parse(code, id, goal, {
    onComment: (block: boolean, _text: string, start: number) => {
      if (!block && found === undefined && (code.startsWith('<!--', start) || code.startsWith('-->', start))) found = start;
    },
    onToken: tokens,
  });
  for (let i = 0; found === undefined && i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.value === '<' && code.startsWith('<!--', token.start)) found = token.start;
    // `-->` is a comment only first on its line (after nothing but whitespace and comments): `x-->0` stays code.
    const lastEnd = i === 0 ? 0 : tokens[i - 1]!.end;
    if (token.value === '--' && code[token.end] === '>' && (i === 0 || LINE_BREAK.test(code.slice(lastEnd, token.start)))) found = token.start;
  }
  if (found === undefined) return;
  throw new PortcullisBuildError(
    'PORTCULLIS_HTML_COMMENT',
    `${position(id, code, found)}: "${code.startsWith('<!--', found) ? '<!--' : '-->'}" is an HTML-like comment in a ` +
      'script and code in a module, so the bundler and the browser could run different programs. Portcullis will ' +
      'not ship it: write `< !--` / `-- >` with a space, or a string, or replace the dependency',
  );
}

function unknownSyntax(node: AnyNode, id: string, code: string, what: string): PortcullisBuildError {
  return new PortcullisBuildError(
    'PORTCULLIS_UNKNOWN_SYNTAX',
    `${position(id, code, node.start ?? 0)}: ${what}. Portcullis confines only syntax its scope analysis visits ` +
      'completely; update Portcullis (and its eslint-visitor-keys), or transpile the dependency to older syntax first',
  );
}

interface Facts {
  moduleDeclarations: boolean;
  /** A child eslint-scope's default keys would skip is present (SCOPE_GAPS). */
  scopeGap: boolean;
  topLevelAwait: boolean;
  topLevelReturn: boolean;
  importMeta: boolean;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/**
 * One walk over every child of every node, by the visitor keys the scope analysis uses: records parents, sets the
 * `range` eslint-scope reads, and fails on a node type, or a child under a key, that the keys do not list.
 */
export function walk(root: AnyNode, id: string, code: string): { parents: Map<AnyNode, AnyNode>; facts: Facts } {
  const parents = new Map<AnyNode, AnyNode>();
  const facts: Facts = { moduleDeclarations: false, scopeGap: false, topLevelAwait: false, topLevelReturn: false, importMeta: false };
  const stack: AnyNode[] = [root];
  const inFunction: boolean[] = [false];
  while (stack.length) {
    const node = stack.pop()!;
    const nested = inFunction.pop()!;
    node.range = [node.start, node.end];
    const type: string = node.type;
    const keys = CHILD_KEYS[type];
    if (!keys) throw unknownSyntax(node, id, code, `a node of type ${type} is unknown to the traversal`);
    if (!nested) {
      if (type === 'AwaitExpression' || (type === 'ForOfStatement' && node.await) || (type === 'VariableDeclaration' && node.kind === 'await using')) facts.topLevelAwait = true;
      else if (type === 'ReturnStatement') facts.topLevelReturn = true;
    }
    if (type === 'MetaProperty' && node.meta.name === 'import') facts.importMeta = true;
    const gap = SCOPE_GAPS.get(type);
    if (gap && gap.some((key) => node[key] != null && !(Array.isArray(node[key]) && node[key].length === 0))) facts.scopeGap = true;
    const childNested = nested || FUNCTIONS.has(type);
    for (const key in node) {
      const value = node[key];
      if (value === null || typeof value !== 'object' || key === 'range') continue;
      const listed = keys.includes(key);
      const children: unknown[] = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (!child || typeof (child as AnyNode).type !== 'string') continue;
        if (!listed) throw unknownSyntax(node, id, code, `${type}.${key} holds syntax the traversal does not visit`);
        parents.set(child as AnyNode, node);
        stack.push(child as AnyNode);
        inFunction.push(childNested);
      }
    }
  }
  for (const statement of root.body as AnyNode[]) {
    if (statement.type === 'ImportDeclaration' || statement.type.startsWith('Export')) facts.moduleDeclarations = true;
  }
  return { parents, facts };
}

/** Parses, walks and scope-analyses a module the way the given bundler will read it. */
export function readModule(code: string, id: string, bundler: Bundler = 'rolldown'): ReadModule {
  const file = id.split('?')[0]!;
  // `.cts` too: Vite strips its types first, and Rolldown reads the result as the script the file name says.
  const goal = bundler === 'rolldown' && /\.c[jt]s$/.test(file) ? 'script' : 'module';
  if (code.includes('<!--') || code.includes('-->')) refuseHtmlComments(code, id, goal);
  const ast = parse(code, id, goal);
  const { parents, facts } = walk(ast, id, code); // first: it also sets the ranges eslint-scope reads
  const scopes = analyze(ast as never, {
    ecmaVersion: 2022,
    // One scope analysis for both formats: a module scope makes top-level declarations local, as a CommonJS
    // wrapper does, and leaves a top-level `arguments` free (where Rolldown's arrow wrapper leaves it too).
    sourceType: 'module',
    // The rewritten `eval` is always indirect, so a direct eval cannot see locals: resolve names as if it were absent.
    optimistic: true,
    ...(facts.scopeGap ? { childVisitorKeys: KEYS } : {}),
    // Types estraverse's keys lack (StaticBlock): KEYS; a type KEYS lacks too was refused by the walk, else fail closed.
    fallback: (node: AnyNode) => {
      const keys = CHILD_KEYS[node.type];
      if (!keys) throw unknownSyntax(node, id, code, `a node of type ${node.type} is unknown to the scope analysis`);
      return keys;
    },
  } as never);
  const free = new Set<string>();
  for (const ref of scopes.globalScope!.through) free.add(ref.identifier.name);
  let format: 'esm' | 'cjs' = 'esm';
  if (bundler === 'rolldown') {
    if (goal === 'script') format = 'cjs';
    else if (!facts.moduleDeclarations) {
      // A free `require` alone (no `module`/`exports`): Rolldown keeps it an ES module but bundles its require()
      // calls, so `require` must stay as it is; with `import.meta` or top-level await it is an ES module for us too.
      const requireOnly = free.has('require') && !facts.topLevelAwait && !facts.importMeta;
      if (free.has('module') || free.has('exports') || facts.topLevelReturn || requireOnly) format = 'cjs';
    }
  }
  return { ast, parents, scopes, format };
}
