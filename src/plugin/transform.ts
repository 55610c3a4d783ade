// Rewrites one dependency module so that every free identifier resolves through its package's compartment global.
// Threat: a package reaching the real window through a free name (`fetch`, `window`, `globalThis`, `eval`, ...).
// A real parser and real scope analysis decide what is free: string splicing or regular expressions can be fooled
// by `<!--`, `*/`, `})` or an unbalanced template literal (THREATS.md row 44); an AST cannot.
import type { Reference, ScopeManager } from 'eslint-scope';
import { init as initLexer } from 'es-module-lexer';
import MagicString, { type SourceMap } from 'magic-string';
import { ENGINE_DEPENDENT, GLOBAL_ALIASES, KEPT_IN_COMMONJS, SHARED_INTRINSICS, isResolvedRequire } from './globals.js';
import { PortcullisBuildError } from './errors.js';
import { RUNTIME_GLOBAL_KEY } from '../shared/runtime-config.js';
import { findConstantKeys } from './constant-keys.js';
import { globalObjectAliasReads } from './global-aliases.js';
import { position, readModule, type AnyNode, type Bundler } from './parse-goal.js';
import { createUseRecorder, staticProperty, type GlobalUse } from './uses.js';
import { remapToOriginal } from './original-lines.js';

export type { GlobalUse } from './uses.js';


export interface ConfineOptions {
  code: string;
  /** False when the bundler will write no source map (`vite build` without `build.sourcemap`): none is made. */
  sourceMap?: boolean;
  /** The module's id, used in error messages. */
  id: string;
  packageName: string;
  /** A short display path of the module (relative to the app), given to the runtime for error messages. */
  moduleName: string;
  /** The bundler that reads the output (default Rolldown: Vite 8's build and dependency optimizer). */
  bundler?: Bundler;
  /** The module as on disk, when an earlier plugin changed it (Rollup's commonjs): recorded lines point at it. */
  original?: string;
  /**
   * Vite's `define` entries for plain identifiers whose value is a JSON literal (`__VUE_OPTIONS_API__: true`): a read
   * is replaced by the value here, as the bundler would replace it in code it reads unrewritten. Vite's dependency
   * optimizer replaces only `process.env.NODE_ENV` (the dev server sets the others on the real window instead).
   */
  defined?: Readonly<Record<string, string>>;
  /** Where the compartment global comes from: an import of a per-package virtual module, or an inline look-up. */
  prelude: { kind: 'import'; source: string } | { kind: 'inline' };
}

export interface ConfineResult {
  /** Null when the module needs no rewriting (it touches no global). */
  code: string | null;
  map: SourceMap | null;
  format: 'esm' | 'cjs';
  uses: GlobalUse[];
  /** Dynamic imports whose specifier is not a literal: checked at run time. */
  computedImports: number;
  /** String constants the module exports by name, for keys other modules import (constant-keys.ts). */
  constants?: Record<string, string>;
}


let lexerReady: Promise<void> | undefined;
/** Kept for callers that still await it before transforming (the parse no longer needs the lexer). */
export function ensureLexer(): Promise<void> {
  return (lexerReady ??= initLexer());
}

/** A name for the prelude's variable that the module's own source never mentions, so nothing can shadow it. */
function uniqueName(code: string, base: string): string {
  let name = base;
  for (let i = 1; code.includes(name); i++) name = `${base}${i}`;
  return name;
}

/** Line and column (1-based) of an offset, from a table of line starts built on first use. */
function locator(code: string): (offset: number) => { line: number; column: number } {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

export function confineModule(options: ConfineOptions): ConfineResult {
  const { code, id } = options;
  const { ast, parents, scopes, format } = readModule(code, id, options.bundler);
  const s = new MagicString(code);
  const pc = uniqueName(code, '$pc');
  const pcImport = `${pc}_import`;
  const pcNames = `${pc}_names`;
  const pcWrite = `${pc}_write`;
  let usesNames = false;
  let usesWrites = false;
  const locate = locator(code);
  const recorder = createUseRecorder(parents, format, locate);
  const uses: GlobalUse[] = recorder.uses;
  let rewrites = 0;
  const exportedConstants = findConstantKeys(scopes.scopes as never, parents.keys());
  const constants = Object.keys(exportedConstants).length ? { constants: exportedConstants } : {};

  const through = scopes.globalScope!.through as Reference[];
  for (const ref of through) {
    const ident = ref.identifier as unknown as AnyNode;
    const name: string = ident.name;
    if (format === 'cjs' && KEPT_IN_COMMONJS.has(name) && (name !== 'require' || isResolvedRequire(ident, parents.get(ident)))) continue;
    if (name === 'arguments') {
      // eslint-scope leaves `arguments` in a default parameter free (`function f(x = arguments)`): bound all the same.
      if (inOrdinaryFunction(ident, parents)) continue;
      throw topLevelArguments(code, id, ident);
    }
    if (SHARED_INTRINSICS.has(name) && !ENGINE_DEPENDENT.has(name) && !ref.isWrite()) continue;
    // Vite (build, and its dependency optimizer) replaces `process.env.NODE_ENV` with a string AFTER this transform:
    // rewritten, it would read a `process` no browser has and throw. Left as it is, it reads only that one string.
    if (name === 'process' && isNodeEnvRead(ref.identifier as unknown as AnyNode, parents)) continue;
    const parent = parents.get(ident);
    const defined = options.defined?.[name];
    if (defined !== undefined && !ref.isWrite()) {
      rewrites++; // the module changed (its prelude is pure: unused, it is tree-shaken)
      s.overwrite(ident.start, ident.end, parent?.type === 'Property' && parent.shorthand ? `${name}: (${defined})` : `(${defined})`);
      continue;
    }
    rewrites++;
    if (!SHARED_INTRINSICS.has(name) || ref.isWrite()) recorder.global(ident, name, ref.isWrite());
    const text = replacement(ident, parent, name, ref.isWrite());
    if (text !== null) s.overwrite(ident.start, ident.end, text);
  }

  /** The text that replaces a free identifier, or null when an enclosing expression was rewritten instead. */
  function replacement(ident: AnyNode, parent: AnyNode | undefined, name: string, isWrite: boolean): string | null {
    const shorthand =
      (parent?.type === 'Property' && parent.shorthand) ||
      (parent?.type === 'AssignmentPattern' && parent.left === ident && isShorthandValue(parent));
    let expr: string;
    if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') {
      expr = probe(name);
    } else if (GLOBAL_ALIASES.has(name) && !isWrite) {
      const grand = parent && parents.get(parent);
      const prop = parent?.type === 'MemberExpression' && parent.object === ident ? staticProperty(parent) : undefined;
      if (prop !== undefined && grand?.type === 'UnaryExpression' && grand.operator === 'typeof') {
        // `typeof window.fetch` must stay a feature probe: it may not throw for a denied name.
        s.overwrite(parent!.start, parent!.end, probe(prop));
        return null;
      }
      expr = pc;
    } else if (isWrite) {
      // Strict code (every bundle is): assigning a name nothing declares throws a ReferenceError.
      usesWrites = true;
      expr = `${pcWrite}.${name}`;
    } else {
      // A bare read of a name nothing declares throws a ReferenceError, as it does unconfined; `globalThis.x` reads
      // undefined. A call keeps `this` undefined: `(0, o.f)()`, not `o.f()`.
      usesNames = true;
      const callee = (parent?.type === 'CallExpression' && parent.callee === ident) || (parent?.type === 'TaggedTemplateExpression' && parent.tag === ident);
      expr = callee ? `(0, ${pcNames}.${name})` : `${pcNames}.${name}`;
    }
    return shorthand ? `${name}: ${expr}` : expr;
  }

  function isShorthandValue(pattern: AnyNode): boolean {
    const prop = parents.get(pattern);
    return prop?.type === 'Property' && prop.shorthand && prop.value === pattern;
  }

  function probe(name: string): string {
    return `(${JSON.stringify(name)} in ${pc} ? ${pc}[${JSON.stringify(name)}] : void 0)`;
  }

  for (const ident of commonJsGlobalReferences(ast, scopes, parents, id, code)) {
    recorder.global(ident, 'globalThis', false, true);
    s.overwrite(ident.start, ident.end, pc);
    rewrites++;
  }
  const globalExports: { name: string; node: AnyNode }[] = [];
  for (const ident of globalObjectAliasReads(scopes.scopes as never, parents.keys(), globalExports)) recorder.global(ident, ident.name, false, true);
  recorder.scanCalls();
  for (const { name, node } of globalExports) uses.push({ path: name, kind: 'global-export', ...locate(node.start) });
  if (options.original !== undefined && options.original !== code) remapToOriginal(uses, code, options.original);

  // Dynamic imports with a computed specifier cannot be checked at build time: check them at run time.
  let computedImports = 0;
  for (const node of parents.keys()) {
    if (node.type !== 'ImportExpression') continue;
    const src = node.source as AnyNode;
    const literal = src.type === 'Literal' || (src.type === 'TemplateLiteral' && src.expressions.length === 0);
    if (literal) continue;
    computedImports++;
    // `import(x)` → `$pc_import(x)`: a refused specifier becomes a rejected promise, as import() failures are.
    s.overwrite(node.start, src.start, `${pcImport}(`);
  }

  if (rewrites === 0 && computedImports === 0) return { code: null, map: null, format, uses, computedImports, ...constants };

  const moduleArg = JSON.stringify(options.moduleName);
  const importChecker = (check: string) =>
    `const ${pcImport} = (s, o) => { try { s = ${check}; } catch (e) { return Promise.reject(e); } return import(s, o); };`;
  let prelude: string;
  if (format === 'esm' && options.prelude.kind === 'import') {
    const names = [`compartment as ${pc}_compartment`];
    if (usesNames) names.push(`names as ${pc}_namesOf`);
    if (usesWrites) names.push(`assignments as ${pc}_writeOf`);
    if (computedImports) names.push(`checkImport as ${pc}_check`);
    prelude =
      `import { ${names.join(', ')} } from ${JSON.stringify(options.prelude.source)};` +
      `const ${pc} = /*#__PURE__*/ ${pc}_compartment(${moduleArg});` +
      (usesNames ? `const ${pcNames} = /*#__PURE__*/ ${pc}_namesOf(${moduleArg});` : '') +
      (usesWrites ? `const ${pcWrite} = /*#__PURE__*/ ${pc}_writeOf(${moduleArg});` : '') +
      (computedImports ? importChecker(`${pc}_check(${moduleArg}, s)`) : '');
  } else {
    const registry = `globalThis[${JSON.stringify(RUNTIME_GLOBAL_KEY)}]`;
    const pkg = JSON.stringify(options.packageName);
    prelude =
      `const ${pc} = ${registry}.compartment(${pkg}, ${moduleArg});` +
      (usesNames ? `const ${pcNames} = ${registry}.names(${pkg}, ${moduleArg});` : '') +
      (usesWrites ? `const ${pcWrite} = ${registry}.assignments(${pkg}, ${moduleArg});` : '') +
      (computedImports ? importChecker(`${registry}.checkImport(${pkg}, ${moduleArg}, s)`) : '');
  }
  // After a hashbang and the directive prologue, so `"use strict"` keeps its meaning.
  const offset = preludeOffset(code, ast);
  // `'use strict'` without a semicolon (semver's files): the prelude must not run into the directive.
  const separator = offset > 0 && code[offset - 1] !== ';' && code[offset - 1] !== '\n' ? ';' : '';
  s.appendLeft(offset, separator + prelude + '\n');
  return {
    code: s.toString(),
    map: options.sourceMap === false ? null : s.generateMap({ hires: 'boundary', source: id, includeContent: true }),
    format,
    uses,
    computedImports,
    ...constants,
  };
}

/**
 * Rollup's commonjs plugin replaces `global` with `commonjsGlobal`, imported from its helpers: the REAL global
 * object, a confinement bypass (PITFALLS.md). Every reference to that binding must become the compartment global.
 */
function commonJsGlobalReferences(
  ast: AnyNode,
  scopes: ScopeManager,
  parents: Map<AnyNode, AnyNode>,
  id: string,
  code: string,
): AnyNode[] {
  const found: AnyNode[] = [];
  const moduleScope = scopes.acquire(ast as never, true) ?? scopes.globalScope!;
  for (const statement of ast.body as AnyNode[]) {
    if (statement.source?.value !== '\0commonjsHelpers.js') continue;
    // The commonjs plugin injects `import { … }` and `import * as`; a re-export hands commonjsGlobal to other modules,
    // where nothing marks it as the real global.
    if (statement.type !== 'ImportDeclaration') {
      throw new PortcullisBuildError(
        'PORTCULLIS_IMPORT_DENIED',
        `${position(id, code, statement.start)}: re-exports the commonjs helpers, whose commonjsGlobal is the real global object: no package may`,
      );
    }
    for (const specifier of statement.specifiers as AnyNode[]) {
      const namespace = specifier.type === 'ImportNamespaceSpecifier';
      if (!namespace && (specifier.type !== 'ImportSpecifier' || specifier.imported.name !== 'commonjsGlobal')) continue;
      const variable = [...moduleScope.variables].find((v) => v.name === specifier.local.name);
      for (const reference of variable?.references ?? []) {
        const ident = reference.identifier as unknown as AnyNode;
        if (!namespace) {
          found.push(ident);
          continue;
        }
        // `commonjsHelpers.commonjsGlobal` (how the plugin writes it); any other use could reach it too.
        const member = parents.get(ident);
        if (member?.type === 'MemberExpression' && member.object === ident && staticProperty(member) !== undefined) {
          if (staticProperty(member) === 'commonjsGlobal') found.push(member);
          continue;
        }
        throw new PortcullisBuildError(
          'PORTCULLIS_PARSE_ERROR',
          `${id}: uses the commonjs helpers' namespace as a value, which would reach the real global object (commonjsGlobal)`,
        );
      }
    }
  }
  return found;
}

function inOrdinaryFunction(node: AnyNode, parents: Map<AnyNode, AnyNode>): boolean {
  for (let up = parents.get(node); up; up = parents.get(up)) {
    if (up.type === 'FunctionDeclaration' || up.type === 'FunctionExpression') return true;
  }
  return false;
}

/** A free `arguments`: the wrapper's arguments in Node and webpack, a global look-up under Rolldown's arrow wrapper. */
function topLevelArguments(code: string, id: string, ident: AnyNode): PortcullisBuildError {
  return new PortcullisBuildError(
    'PORTCULLIS_TOP_LEVEL_ARGUMENTS',
    `${position(id, code, ident.start)}: \`arguments\` outside any function is the CommonJS wrapper's arguments in ` +
      "Node and webpack, a global look-up in Vite's output (Rolldown wraps CommonJS in an arrow function) and in any " +
      'ES module, so Portcullis refuses it: move the code into a function, or replace the dependency',
  );
}

/** `process.env.NODE_ENV`, exactly, as a read: what bundlers define. */
function isNodeEnvRead(ident: AnyNode, parents: Map<AnyNode, AnyNode>): boolean {
  const env = parents.get(ident);
  const nodeEnv = env && parents.get(env);
  if (env?.type !== 'MemberExpression' || env.object !== ident || env.computed || env.property.name !== 'env') return false;
  if (nodeEnv?.type !== 'MemberExpression' || nodeEnv.object !== env || nodeEnv.computed || nodeEnv.property.name !== 'NODE_ENV') return false;
  const use = parents.get(nodeEnv);
  if ((use?.type === 'AssignmentExpression' || use?.type === 'ForInStatement' || use?.type === 'ForOfStatement') && use.left === nodeEnv) return false;
  return use?.type !== 'UpdateExpression' && !(use?.type === 'UnaryExpression' && use.operator === 'delete');
}

function preludeOffset(code: string, program: AnyNode): number {
  let offset = code.startsWith('#!') ? code.indexOf('\n') + 1 || code.length : 0;
  for (const statement of program.body as AnyNode[]) {
    if (statement.type === 'ExpressionStatement' && typeof statement.directive === 'string') offset = statement.end;
    else break;
  }
  return offset;
}
