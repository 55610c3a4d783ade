// What every part of one package's DOM facade shares: its grant, its rules, its scope, and the one wrapper per real
// node.
import type { Marks } from '../boundary/stamp.js';
import type { RealDom } from './real.js';
import type { DomRules } from './rules.js';
import type { Scope } from './scope.js';
import type { CompiledSelector, Chain } from './selectors.js';

export interface DomGrantConfig {
  /** Tags the package may create (lower case); never a realm- or code-making tag. */
  create: string[];
  /** Event types the package may listen to. */
  events: string[];
  /** Origins URL-bearing attributes may point at (`'self'` for the page's own). Default: none. Loading only. */
  origins?: string[];
  /** Allows `position: fixed/sticky` and the top layer (full-page effects such as confetti). Default false. */
  overlay?: boolean;
  /** Allows top-level navigation: `<a href>`, form submission, `action`/`formaction`. Default false. */
  navigate?: boolean;
  /** Allows reading pixels back from a canvas that holds what the package did not draw (an image). Default false. */
  readPixels?: boolean;
}

export interface DomContext {
  pkg: string;
  real: RealDom;
  create: ReadonlySet<string>;
  events: ReadonlySet<string>;
  grant: { overlay: boolean; navigate: boolean; readPixels: boolean };
  rules: DomRules;
  scope: Scope;
  selectors: {
    compile(selector: string): CompiledSelector;
    matchesAt(compiled: CompiledSelector, chain: Chain, k: number, scoping: Node | null): boolean;
  };
  /** Throws a PortcullisPolicyError naming the package and `api`. */
  deny(api: string): never;
  /** Records a refusal that did not throw (a sanitised HTML string). */
  note(api: string): void;
  /** The package's wrapper of a real node (one per node), or null. The caller checks scope. */
  wrap(node: Node | null | undefined): object | null;
  /** The real node behind one of this package's wrappers; undefined for anything else (no throw, no trap). */
  unwrap(value: unknown): Node | undefined;
  /** A wrapper of `node` if the package may see it, else null. */
  wrapInScope(node: Node | null | undefined): object | null;
  inScope(node: Node): boolean;
  isRoot(node: Node): boolean;
  owned: Marks<Node>;
  /** A write through a wrapper or one of its stand-ins (style, classList, dataset): `node` must be the package's
   *  to change (scope.writable); the wall above it is contained first (`paints`). Returns that wall. */
  mutable(node: Node, what: string): Node;
  /** A read or a write through a stand-in kept from before: its node must still be the package's (or its own). */
  live(node: Node): void;
  /** Before the package changes what `node` paints: the wall above it contains that paint (its own element the app
   *  moved into the app's tree is contained when it first paints there). */
  paints(node: Node): void;
  /** Wraps every member of a facade class or object so that a DOMException it throws reaches the package as a
   *  plain error (guard.ts). */
  guard<T extends object>(target: T): T;
  /** What every new element of the package's gets (a form control's `form`, a form's submit guard). */
  prepare(element: Element, tag: string): void;
  facadeDocument: () => object;
}
