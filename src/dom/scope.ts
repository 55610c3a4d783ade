// Invariant 4: the one definition of "the package's elements" that sight, action and paint are bounded by.
// A node is in scope when it is, or is inside, a granted root or a node the package made. A node it took out of its
// tree (an app node it removed, a copy of one) is its own only while it is the top of a detached tree: once anything
// holds it, scope is decided by that place, so an app node the app takes back is the app's again (and a node it did
// not make is never one it "created": no click(), no pixel read-back). The wall is where that stops: a granted root,
// or the top of the package's own tree; nothing above or beside the wall is the package's, even where the real tree
// goes on (its own node that the app moved into the app's DOM).
import type { Marks } from '../boundary/stamp.js';
import type { RealDom } from './real.js';
import type { DomTables } from './tables.js';

export interface Scope {
  roots: Set<Node>;
  /** Nodes the package made (createElement, its HTML strings, copies of its own nodes). */
  owned: Marks<Node>;
  /** Nodes it took out of its tree or copied from one it did not make: its own while detached, nothing more. */
  taken: Marks<Node>;
  inScope(node: Node): boolean;
  /** The element and its in-scope element ancestors, the wall last; empty when the element is not in scope. */
  chainOf(element: Node): Node[];
  /** The parent of an in-scope node when the package may see it (and act on it), else null. */
  parentInScope(node: Node): Node | null;
  /** In scope, and not only as a node it took from the app and holds detached (which it may read and put back,
   *  not change: the app may take it back as it is). */
  writable(node: Node): boolean;
  /** The wall above an in-scope node: its granted root, else the top of the package's own tree. */
  wallOf(node: Node): Node | null;
  /** writable() and wallOf() in one walk (a write's check, ctx.mutable): the wall when writable, else null. */
  writableWall(node: Node): Node | null;
}

export function createScope(real: RealDom, tables: DomTables): Scope {
  const roots = new Set<Node>();
  const { owned, taken } = tables;
  const parentOf = real.node.parentNode;
  const typeOf = real.node.nodeType;

  const inScope = (n: Node): boolean => {
    for (let cur: Node | null = n; cur; ) {
      if (roots.has(cur) || owned.has(cur)) return true;
      const up = parentOf(cur) as Node | null;
      if (up === null) return taken.has(cur);
      cur = up;
    }
    return false;
  };

  return {
    roots,
    owned,
    taken,
    inScope,
    chainOf(element) {
      const chain: Node[] = [];
      let topOwned = -1;
      for (let cur: Node | null = element; cur; cur = parentOf(cur) as Node | null) {
        const top = parentOf(cur) === null && taken.has(cur);
        if ((typeOf(cur) as number) !== 1) {
          // A fragment of the package's (or granted) holds the chain; the document above the app's nodes does not.
          if (roots.has(cur) || owned.has(cur) || top) return chain;
          break;
        }
        chain.push(cur);
        if (roots.has(cur)) return chain;
        if (owned.has(cur) || top) topOwned = chain.length - 1;
      }
      chain.length = topOwned + 1;
      return chain;
    },
    writable(n) {
      for (let cur: Node | null = n; cur; cur = parentOf(cur) as Node | null) {
        if (roots.has(cur) || owned.has(cur)) return true;
      }
      return false;
    },
    wallOf(n) {
      let wall: Node | null = null;
      for (let cur: Node | null = n; cur; cur = parentOf(cur) as Node | null) {
        if (roots.has(cur)) return cur;
        if (owned.has(cur) || (taken.has(cur) && parentOf(cur) === null)) wall = cur;
      }
      return wall;
    },
    writableWall(n) {
      // As writable (a root or an owned node on the way up) and wallOf (the first root, else the topmost owned or
      // detached taken node), which every write asked one after the other.
      let wall: Node | null = null;
      let writable = false;
      for (let cur: Node | null = n; cur; ) {
        if (roots.has(cur)) return cur;
        const up = parentOf(cur) as Node | null;
        if (owned.has(cur)) {
          wall = cur;
          writable = true;
        } else if (up === null && taken.has(cur)) wall = cur;
        cur = up;
      }
      return writable ? wall : null;
    },
    parentInScope(n) {
      if (roots.has(n)) return null;
      const p = parentOf(n) as Node | null;
      if (!p) return null;
      // Below a root or an owned node the parent is in scope too; only the package's own node can have an app parent
      // (a taken one with a parent is in scope only through it).
      return (owned.has(n) || taken.has(n)) && !inScope(p) ? null : p;
    },
  };
}
