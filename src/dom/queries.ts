// Invariant 4, sight: `matches`, `closest` and `querySelector*` of the package's elements and of its facade
// document, through the scoped selector engine (selectors.ts): nothing outside the package's elements changes an
// answer. Candidates come from the browser (the descendants of an element the package may see), the verdict from
// the engine.
import type { DomContext } from './context.js';

export function createQueries(ctx: DomContext) {
  const { real, scope, selectors } = ctx;
  const qsa = (root: Node, text: string) => ((real.node.nodeType(root) as number) === 11 ? real.fragmentQuerySelectorAll(root, text) : real.elementMethods.querySelectorAll(root, text));
  /** The browser's SyntaxError (a DOMException, with a real prototype) becomes the package's own SyntaxError. */
  const native = <T>(selector: string, run: () => T): T => {
    try {
      return run();
    } catch (e) {
      if (e instanceof real.window.DOMException) throw new SyntaxError(`'${selector}' is not a valid selector`);
      throw e;
    }
  };

  const queries = {
    matches(el: Node, selector: string): boolean {
      const compiled = selectors.compile(selector);
      const chain = scope.chainOf(el);
      return chain.length > 0 && native(selector, () => selectors.matchesAt(compiled, chain, 0, el));
    },
    closest(el: Node, selector: string): Node | null {
      const compiled = selectors.compile(selector);
      const chain = scope.chainOf(el);
      return native(selector, () => {
        for (let k = 0; k < chain.length; k++) if (selectors.matchesAt(compiled, chain, k, el)) return chain[k]!;
        return null;
      });
    },
    /** The descendants of `root` (and `root` itself with `self`) that match, in tree order. */
    queryAll(root: Node, selector: string, first: boolean, self = false): Node[] {
      const compiled = selectors.compile(selector);
      return native(selector, () => {
        const out: Node[] = [];
        if (self && (real.node.nodeType(root) as number) === 1 && queries.matches(root, selector)) {
          out.push(root);
          if (first) return out;
        }
        const list = qsa(root, compiled.native ?? compiled.candidates) as NodeList;
        if (compiled.native !== null) {
          if (first) return list.length ? [...out, list[0]!] : out;
          for (let i = 0; i < list.length; i++) out.push(list[i]!);
          return out;
        }
        for (let i = 0; i < list.length; i++) {
          const chain = scope.chainOf(list[i]!);
          if (chain.length && selectors.matchesAt(compiled, chain, 0, root)) {
            out.push(list[i]!);
            if (first) break;
          }
        }
        return out;
      });
    },
  };
  return queries;
}
