// Invariant 2's second half on the rendered chunk (audit.ts): packages reach only the bundler helpers the bundler
// injected into them, and only in the shape it injects. A package module's rendered code may refer to a binding
// declared outside every package module (a bundler helper, the chunk's glue) only if nothing that binding's declaration
// reaches is a real global: the helper's own code is read, transitively, and any free name but the shared intrinsics
// and Portcullis's registry marks it (Rollup's `commonjsGlobal`, Rolldown's `__require` and `__toBinaryNode`, Vite's
// preload helper). Deny by default: a helper a new bundler version adds is judged by its code, not by a list of names.
// Two helpers that reach globals are known: Vite's preload helper, allowed only as Vite calls it (with the marker it
// replaces with the chunk's dependencies), and Vite's dynamic-import helper, whose only globals are the timers it
// rejects with.
import type { Node as AcornNode } from 'acorn';
import type { Reference, Scope, Variable } from 'eslint-scope';
import { SHARED_INTRINSICS } from './globals.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
type AnyNode = AcornNode & Record<string, any>;

/** Per-compartment intrinsics that a helper may use for itself (`Symbol.toStringTag`, `new Error(…)`): no power. */
const HELPER_INTRINSICS: ReadonlySet<string> = new Set(['Symbol', 'Error', 'RegExp']);
/** Rolldown's runtime helper for a `require()` it could not resolve (renamed `__require$1`, … when taken). */
const BUNDLER_REQUIRE = /^__require(?:\$\d+)?$/;
const VITE_PRELOAD = /^__vitePreload(?:\$\d+)?$/;
const VITE_PRELOAD_MARKER = '__VITE_PRELOAD__';
/**
 * The helpers known to hold a power, by the name bundlers give them where another chunk imports them (a shared
 * helpers chunk): their code is in that chunk, not here, so they are refused by name there.
 */
const POWER_HELPER_NAMES = /^(?:commonjsGlobal|__require|__toBinaryNode|__share\w*|__vitePreload)(?:\$\d+)?$/;
/** Vite's `import(\`./x/${y}.js\`)` helper: it rejects an unknown path through queueMicrotask (or setTimeout). */
const DYNAMIC_IMPORT_HELPER = { name: /^__variableDynamicImportRuntimeHelper(?:\$\d+)?$/, globals: new Set(['queueMicrotask', 'setTimeout']) };

export interface HelperEscape {
  what: string;
  offset: number;
  /** The index of the package span the reference is in. */
  span: number;
}

/**
 * References in package spans to bindings declared outside every package span whose declarations reach a real global.
 * `spanAt(offset)` is the index of the package span holding an offset, or -1.
 */
export function helperBindingEscapes(
  code: string,
  scopes: Scope[],
  spanAt: (offset: number) => number,
  parentOf: (node: AnyNode) => AnyNode | undefined,
): HelperEscape[] {
  const refs: Reference[] = [];
  for (const scope of scopes) for (const ref of scope.references) refs.push(ref);
  const at = (ref: Reference) => (ref.identifier as unknown as AnyNode).start as number;
  refs.sort((a, b) => at(a) - at(b));
  const firstAtOrAfter = (offset: number) => {
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at(refs[mid]!) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const inPackage = (v: Variable) => v.defs.some((d) => spanAt((d.name as unknown as AnyNode).start) !== -1);
  /** The real globals a binding's declaration reaches, transitively (memoised; a cycle adds nothing). */
  const memo = new Map<Variable, Set<string>>();
  function globalsOf(v: Variable): Set<string> {
    const known = memo.get(v);
    if (known) return known;
    const found = new Set<string>();
    memo.set(v, found);
    for (const def of v.defs) {
      // Another chunk's export (checked where it is declared, by name: see audit.ts), or a parameter of the chunk's
      // wrapper: nothing here to read.
      if (def.type === 'ImportBinding' || def.type === 'Parameter') continue;
      const node = def.node as unknown as AnyNode;
      for (let i = firstAtOrAfter(node.start); i < refs.length && at(refs[i]!) < node.end; i++) {
        const ref = refs[i]!;
        const name = (ref.identifier as unknown as AnyNode).name as string;
        const target = ref.resolved;
        if (!target) {
          if (!harmlessFree(name, code, (ref.identifier as unknown as AnyNode).end)) found.add(name);
          continue;
        }
        // Its own locals are inside the range being read; package code has its own proofs.
        if (target === v || inPackage(target) || target.defs.every((d) => within((d.name as unknown as AnyNode).start, node))) continue;
        for (const g of globalsOf(target)) found.add(g);
      }
    }
    return found;
  }

  const escapes: HelperEscape[] = [];
  for (const scope of scopes) {
    for (const variable of scope.variables) {
      if (!variable.defs.length || inPackage(variable)) continue;
      let globals: Set<string> | undefined;
      for (const ref of variable.references) {
        const ident = ref.identifier as unknown as AnyNode;
        const span = spanAt(ident.start);
        if (span === -1) continue;
        const name = variable.name;
        if (BUNDLER_REQUIRE.test(name)) {
          escapes.push({ what: "the bundler's require(), which falls back to the page's global require", offset: ident.start, span });
          continue;
        }
        if (variable.defs.every((d) => d.type === 'ImportBinding')) {
          if (!POWER_HELPER_NAMES.test(name) || (VITE_PRELOAD.test(name) && isInjectedPreload(ident, parentOf))) continue;
          escapes.push({ what: `the bundler helper \`${name}\` (from another chunk), which holds a real global`, offset: ident.start, span });
          continue;
        }
        globals ??= globalsOf(variable);
        if (!globals.size) continue;
        if (DYNAMIC_IMPORT_HELPER.name.test(name) && [...globals].every((g) => DYNAMIC_IMPORT_HELPER.globals.has(g))) continue;
        if (VITE_PRELOAD.test(name) && isInjectedPreload(ident, parentOf)) continue;
        const names = [...globals].sort().slice(0, 3).map((g) => `\`${g}\``);
        escapes.push({ what: `the bundler helper \`${name}\`, whose code reads the real ${names.join(', ')}`, offset: ident.start, span });
      }
    }
  }
  return escapes;
}

function within(offset: number, node: AnyNode): boolean {
  return offset >= node.start && offset < node.end;
}

/** What a helper may read from the global without holding a power: the intrinsics, and Portcullis's own registry. */
function harmlessFree(name: string, code: string, end: number): boolean {
  if (SHARED_INTRINSICS.has(name) || HELPER_INTRINSICS.has(name)) return true;
  return name === 'globalThis' && /^\s*(?:\.\s*__portcullis__\b|\[\s*(["'])__portcullis__\1\s*\])/.test(code.slice(end, end + 40));
}

/** `__vitePreload(() => import(…), __VITE_PRELOAD__, …)`: as Vite writes it, the free marker then replaced with the deps. */
function isInjectedPreload(ident: AnyNode, parentOf: (node: AnyNode) => AnyNode | undefined): boolean {
  const call = parentOf(ident);
  if (call?.type !== 'CallExpression' || call.callee !== ident) return false;
  const [loader, marker] = call.arguments as AnyNode[];
  return (
    (loader?.type === 'ArrowFunctionExpression' || loader?.type === 'FunctionExpression') &&
    marker?.type === 'Identifier' &&
    marker.name === VITE_PRELOAD_MARKER
  );
}
