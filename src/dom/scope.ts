// Invariant 4: the one definition of "the package's elements" that sight, action and paint are bounded by.
// A node is in scope when it is, or is inside, a granted root or a node the package made (or took out of its own
// tree). The wall is where that stops: a granted root, or the top of the package's own tree; nothing above or beside
// the wall is the package's, even where the real tree goes on (its own node that the app moved into the app's DOM).
import type { RealDom } from './real.js';

export interface Scope {
  roots: Set<Node>;
  owned: WeakSet<Node>;
  inScope(node: Node): boolean;
  /** The element and its in-scope element ancestors, the wall last; empty when the element is not in scope. */
  chainOf(element: Node): Node[];
  /** The parent of an in-scope node when the package may see it (and act on it), else null. */
  parentInScope(node: Node): Node | null;
}

export function createScope(real: RealDom): Scope {
  const roots = new Set<Node>();
  const owned = new WeakSet<Node>();
  const parentOf = real.node.parentNode;
  const typeOf = real.node.nodeType;

  const inScope = (n: Node): boolean => {
    for (let cur: Node | null = n; cur; cur = parentOf(cur) as Node | null) {
      if (roots.has(cur) || owned.has(cur)) return true;
    }
    return false;
  };

  return {
    roots,
    owned,
    inScope,
    chainOf(element) {
      const chain: Node[] = [];
      let topOwned = -1;
      for (let cur: Node | null = element; cur; cur = parentOf(cur) as Node | null) {
        if ((typeOf(cur) as number) !== 1) {
          // A fragment of the package's (or granted) holds the chain; the document above the app's nodes does not.
          if (roots.has(cur) || owned.has(cur)) return chain;
          break;
        }
        chain.push(cur);
        if (roots.has(cur)) return chain;
        if (owned.has(cur)) topOwned = chain.length - 1;
      }
      chain.length = topOwned + 1;
      return chain;
    },
    parentInScope(n) {
      if (roots.has(n)) return null;
      const p = parentOf(n) as Node | null;
      if (!p) return null;
      // Below a root or an owned node the parent is in scope too; only the package's own node can have an app parent.
      return owned.has(n) && !inScope(p) ? null : p;
    },
  };
}
