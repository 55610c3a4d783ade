// Invariant 4, paint: what a package draws stays inside the element the app gave it, however it is styled (row 65).
// Each root, and each element of the package's the app placed in its own tree (a wall), gets `contain: style paint`
// and `isolation: isolate` as !important inline style, which no stylesheet rule outweighs: its descendants' paint,
// `position: fixed` included, is clipped to its box, and the counters and quote depth they change are scoped to it
// (CSS counters and quotes run through the whole page in document order: `counter-increment: app-step 1000` on the
// package's element drew the app's later step "1" as "1001"). A counter's value the app set is still read inside.
import { OWNER_ATTRIBUTE, WALL_ATTRIBUTE } from '../shared/owner-attribute.js';
import type { RealDom } from './real.js';

const HTML_NS = 'http://www.w3.org/1999/xhtml';
/** Computed displays whose box paint containment applies to. */
const CONTAINED_DISPLAY = /^(?:block|inline-block|flow-root|list-item|flex|inline-flex|grid|inline-grid|table|inline-table|table-cell|table-caption)$/;

export function createContainment(real: RealDom, pkg: string, overlay: boolean, roots: ReadonlySet<Node>) {
  const contained = new WeakSet<Node>();
  /** Walls whose display was not known when contained (detached): decided again when the package paints. */
  const undecided = new WeakSet<Node>();

  /** Paint containment applies to boxes only. An inline wall (a counter's <span>) becomes an inline block (WebKit
   * clips no inline box), one with no box of its own (`display: contents`, which the package's stylesheet could give
   * its own element) a block; a table row, or one not rendered yet (detached: its display is not known), is clipped,
   * which applies to every box in Chromium and Firefox, until it is known. */
  const box = (root: Node) => {
    const style = real.htmlElement.style(root) as CSSStyleDeclaration;
    const display = real.computedStyle(root as Element).display;
    if (display === 'inline' || display === 'contents') {
      real.style.setProperty(style, 'display', display === 'inline' ? 'inline-block' : 'block', 'important');
      undecided.delete(root);
    } else if (!CONTAINED_DISPLAY.test(display)) {
      real.style.setProperty(style, 'clip-path', 'inset(0)', 'important');
      if (display === '' || display === 'none') undecided.add(root);
    } else undecided.delete(root);
  };

  /** Its stylesheets style its elements only inside its walls (src/plugin/css-scope.ts), overlay or not. */
  const markWall = (wall: Node) => {
    if ((real.node.nodeType(wall) as number) !== 1) return;
    const list = (real.elementMethods.getAttribute(wall, WALL_ATTRIBUTE) as string | null) ?? '';
    if (!list.split(' ').includes(pkg)) real.elementMethods.setAttribute(wall, WALL_ATTRIBUTE, list === '' ? pkg : `${list} ${pkg}`);
  };

  const contain = (root: Node) => {
    if (overlay || contained.has(root) || (real.node.nodeType(root) as number) !== 1 || real.element.namespaceURI(root) !== HTML_NS) return;
    // The page itself (a toast given `document.body`): containing it would change the app's own fixed elements.
    if (root === real.document.body || root === real.document.documentElement) return;
    contained.add(root);
    const style = real.htmlElement.style(root) as CSSStyleDeclaration;
    real.style.setProperty(style, 'contain', 'style paint', 'important');
    real.style.setProperty(style, 'isolation', 'isolate', 'important');
    box(root);
  };

  const underRoot = (n: Node) => {
    for (let cur = real.node.parentNode(n) as Node | null; cur; cur = real.node.parentNode(cur) as Node | null) if (roots.has(cur)) return true;
    return false;
  };

  return {
    /** A granted root: a wall, contained. */
    root(n: Node) {
      markWall(n);
      contain(n);
    },
    /** Before the package paints inside `wall`: contained, its box decided again once it is rendered. */
    wallPaints(wall: Node) {
      if (!roots.has(wall)) contain(wall);
      else if (undecided.has(wall) && (real.node.isConnected(wall) as boolean)) box(wall);
    },
    /**
     * An element of the package's, in none of the elements the app gave it, handed to the app, which may put it
     * anywhere: its box is the app's from now on, so the package's stylesheets no longer style it (the mark goes,
     * src/plugin/css-scope.ts), and what it holds is contained.
     */
    handedOut(n: Node) {
      if ((real.node.nodeType(n) as number) !== 1 || underRoot(n)) return;
      real.elementMethods.removeAttribute(n, OWNER_ATTRIBUTE);
      markWall(n);
      contain(n);
    },
  };
}
