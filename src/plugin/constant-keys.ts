// Global names reached with a computed key that is a constant, for the use recorder (uses.ts): `const K = '__X__';
// self[K] = v`, and a key another module of the package exports (@prefresh/core's `self[NAMESPACE] = …` with
// `import { NAMESPACE } from './constants.js'`). The analysis sees one module at a time: an imported key is recorded
// with its import, and resolved by the bundler once every module is known (imported-globals.ts).
// Threat this answers: a generated policy without the grant a package's write to a shared global needs (the write
// then lands on the package's own global, and the app that reads it finds nothing), or a read the review never sees.
import type { Node as AcornNode } from 'acorn';

/* eslint-disable @typescript-eslint/no-explicit-any -- ESTree nodes are walked generically */
type AnyNode = AcornNode & Record<string, any>;

/** A key's value, or the import it comes from. */
export type ConstantKey = string | { from: string; name: string };

interface ScopeVariable {
  name: string;
  defs: { type: string; node: AnyNode; name: AnyNode; parent?: AnyNode }[];
  references: { identifier: unknown; isWrite(): boolean }[];
}
interface ScopeLike {
  variables: ScopeVariable[];
  references: { identifier: unknown; resolved: ScopeVariable | null }[];
}

/** Member expressions with a constant computed key (nodes of one parse: a weak map). */
export const constantKeys = new WeakMap<object, ConstantKey>();

const stringValue = (node: AnyNode | null | undefined): string | undefined =>
  node?.type === 'Literal' && typeof node.value === 'string' ? node.value
  : node?.type === 'TemplateLiteral' && node.expressions.length === 0 ? (node.quasis[0].value.cooked as string)
  : undefined;

/** What a variable always holds: a string it is initialised with and never assigned again, or an imported binding. */
function valueOf(variable: ScopeVariable): ConstantKey | undefined {
  if (variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type === 'ImportBinding') {
    const spec = def.node;
    if (spec.type === 'ImportNamespaceSpecifier') return undefined;
    const name = spec.type === 'ImportDefaultSpecifier' ? 'default' : String(spec.imported?.name ?? spec.imported?.value);
    return { from: String(def.parent!.source.value), name };
  }
  if (def.type !== 'Variable' || def.node.id !== def.name) return undefined;
  const writes = variable.references.filter((ref) => ref.isWrite()).length;
  const value = stringValue(def.node.init);
  return value !== undefined && writes === 1 ? value : undefined;
}

/**
 * Marks every member expression whose computed key is a constant (in `constantKeys`) and returns the string constants
 * the module exports by name (`export const NAMESPACE = '__PREFRESH__'`), for the keys other modules import.
 */
export function findConstantKeys(scopes: readonly ScopeLike[], nodes: Iterable<AnyNode>): Record<string, string> {
  const resolvedOf = new Map<unknown, ScopeVariable | null>();
  for (const scope of scopes) for (const ref of scope.references) resolvedOf.set(ref.identifier, ref.resolved);
  const memo = new Map<ScopeVariable, ConstantKey | undefined>();
  const constant = (ident: AnyNode): ConstantKey | undefined => {
    const variable = resolvedOf.get(ident);
    if (!variable) return undefined;
    if (!memo.has(variable)) memo.set(variable, valueOf(variable));
    return memo.get(variable);
  };
  const exported: Record<string, string> = {};
  for (const node of nodes) {
    if (node.type === 'MemberExpression' && node.computed && node.property.type === 'Identifier') {
      const key = constant(node.property);
      if (key !== undefined) constantKeys.set(node, key);
    } else if (node.type === 'ExportNamedDeclaration' && !node.source) {
      if (node.declaration?.type === 'VariableDeclaration') {
        for (const d of node.declaration.declarations as AnyNode[]) {
          const value = d.id.type === 'Identifier' && node.declaration.kind === 'const' ? stringValue(d.init) : undefined;
          if (value !== undefined) exported[d.id.name] = value;
        }
      }
      for (const spec of node.specifiers as AnyNode[]) {
        const local = spec.local.type === 'Identifier' ? constant(spec.local) : undefined;
        const name = String(spec.exported.name ?? spec.exported.value);
        if (typeof local === 'string') exported[name] = local;
      }
    }
  }
  return exported;
}

/** The path segment that stands for an imported key until it is resolved: no global name starts with `[`. */
export const importedKeySegment = (key: { name: string }) => `[${key.name}]`;
