// Invariant 3 before the bundler reads a module: Vite itself evaluates two pieces of a module's source in the build
// process, with `new Function`, before any transform of Portcullis's runs: the options of `import.meta.glob(…, options)`
// and of `new Worker(new URL('…', import.meta.url), options)` (and SharedWorker). Vite finds them by regular
// expression on the source with its strings and comments blanked, and evaluates the options text as JavaScript: a
// package writing `{ type: (process.getBuiltinModule('child_process').execSync(…), 'module') }` runs code in Node,
// where it could rewrite the bundle or the policy, plain or confined. So a package module may give those calls only
// options that are plain literals, and any text Vite would take for such a call must be one Portcullis reads as that
// call (or as a string or comment): anything else fails the build, naming the file and line.
import { readFileSync } from 'node:fs';
import { Parser, type Node as AcornNode } from 'acorn';
import type { PackageGraph } from './attribution.js';
import { PortcullisBuildError } from './errors.js';
import { position } from './parse-goal.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
type AnyNode = AcornNode & Record<string, any>;

/** A superset of what Vite's glob and worker plugins match (theirs also need `new URL(…)` after `new Worker(`). */
const CALLS = /\bimport\s*\.\s*meta\s*\.\s*glob(?:<\w+>)?\s*\(|\bnew\s+(?:Worker|SharedWorker)\s*\(/g;
const JAVASCRIPT = /\.[cm]?js$/;

function refuse(id: string, code: string, offset: number, why: string): PortcullisBuildError {
  return new PortcullisBuildError(
    'PORTCULLIS_BUILD_TIME_CODE',
    `${position(id, code, offset)}: ${why}. Vite evaluates the options of import.meta.glob() and of new Worker(new URL(…, ` +
      'import.meta.url), options) with new Function in the build process, where they would run unconfined: a package may ' +
      'give them only literal options (strings, numbers, booleans, objects of those)',
  );
}

/** Options Vite may evaluate as they are: an object literal of literals, nothing computed, called or referenced. */
function isStatic(node: AnyNode | undefined): boolean {
  if (!node) return true;
  if (node.type === 'Literal') return !node.regex && typeof node.value !== 'bigint';
  if (node.type === 'TemplateLiteral') return node.expressions.length === 0;
  if (node.type !== 'ObjectExpression') return false;
  return node.properties.every(
    (p: AnyNode) =>
      p.type === 'Property' && p.kind === 'init' && !p.computed && !p.method && !p.shorthand &&
      (p.key.type === 'Identifier' || p.key.type === 'Literal') && isStatic(p.value),
  );
}

const isImportMeta = (n: AnyNode | undefined) => n?.type === 'MetaProperty' && n.meta.name === 'import' && n.property.name === 'meta';

/** `new URL('<literal>', import.meta.url)`: the first argument of the workers Vite bundles. */
function isWorkerUrl(node: AnyNode | undefined): boolean {
  if (node?.type !== 'NewExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'URL') return false;
  const [url, base] = node.arguments as AnyNode[];
  return (url?.type === 'Literal' || url?.type === 'TemplateLiteral') && base?.type === 'MemberExpression' && isImportMeta(base.object) && !base.computed && base.property.name === 'url';
}

/** Throws when a package module gives Vite options to evaluate that are not literals, or text Vite could misread. */
export function checkBuildTimeEval(code: string, id: string): void {
  const file = id.split('?')[0]!;
  const mentions = [...code.matchAll(CALLS)].map((m) => m.index);
  if (!mentions.length) return;
  if (!JAVASCRIPT.test(file)) {
    throw refuse(id, code, mentions[0]!, 'Portcullis reads these calls only in JavaScript files, and this one is not (transpile the package first)');
  }
  /** Where a mention is harmless: inside a string or a comment (Vite blanks them before matching), or a checked call. */
  const inert: [number, number][] = [];
  const calls = new Set<number>();
  let ast: AnyNode;
  try {
    ast = Parser.parse(code, {
      ecmaVersion: 'latest',
      sourceType: file.endsWith('.cjs') ? 'script' : 'module',
      allowReturnOutsideFunction: true,
      allowHashBang: true,
      onComment: (_block: boolean, _text: string, start: number, end: number) => void inert.push([start, end]),
    }) as AnyNode;
  } catch {
    return; // the transform refuses what it cannot parse, naming the error, before anything of it is bundled
  }
  const stack: AnyNode[] = [ast];
  while (stack.length) {
    const node = stack.pop()!;
    if ((node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateElement') inert.push([node.start, node.end]);
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && isImportMeta(node.callee.object) && !node.callee.computed && node.callee.property.name === 'glob') {
      if (!isStatic(node.arguments[1])) throw refuse(id, code, node.arguments[1].start, 'import.meta.glob() is given options that are not literals');
      calls.add(node.start);
    } else if (node.type === 'NewExpression' && node.callee.type === 'Identifier' && (node.callee.name === 'Worker' || node.callee.name === 'SharedWorker')) {
      if (isWorkerUrl(node.arguments[0]) && !isStatic(node.arguments[1])) throw refuse(id, code, node.arguments[1].start, `new ${node.callee.name}() is given options that are not literals`);
      calls.add(node.start);
    }
    for (const key in node) {
      const value = node[key];
      if (value && typeof value === 'object') for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child.type === 'string') stack.push(child);
    }
  }
  for (const at of mentions) {
    if (calls.has(at) || inert.some(([start, end]) => at >= start && at < end)) continue;
    throw refuse(id, code, at, 'this text reads as such a call to Vite but not to Portcullis (it is in a regular expression, or not a call)');
  }
}

/** Files no bundler runs as code: not read again before Vite's own plugins read them. */
const NOT_CODE = /\.(?:css|less|sass|scss|styl|pcss|png|jpe?g|gif|svg|webp|avif|ico|bmp|woff2?|ttf|otf|eot|wasm|mp[34]|webm|ogg|wav|flac|aac|pdf|txt|md)$/i;

/** A file of no known package is the transform's to refuse (it knows which modules run as code), not the guard's. */
function ownerKind(graph: PackageGraph, file: string): string {
  try {
    return graph.attribute(file).kind;
  } catch {
    return 'unknown';
  }
}

/**
 * For the load hook (which runs before any transform): checks a package module's file as Vite's glob and worker
 * plugins will read it. Other plugins' virtual modules and the app's own files are not read.
 */
export function createEvaluationGuard(graph: () => PackageGraph | undefined): (id: string) => void {
  return (id) => {
    const g = graph();
    if (id.startsWith('\0') || !g) return;
    const file = id.split('?')[0]!;
    if (NOT_CODE.test(file) || ownerKind(g, file) !== 'package') return;
    let code: string;
    try {
      code = readFileSync(file, 'utf8');
    } catch {
      return; // not a file: whatever loads it is another plugin's
    }
    checkBuildTimeEval(code, g.displayPath(file));
  };
}
