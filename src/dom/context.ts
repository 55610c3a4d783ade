// What every part of one package's DOM facade shares: its grant, its rules, and the one wrapper per real node.
import type { RealDom } from './real.js';
import type { DomRules } from './rules.js';

export interface DomGrantConfig {
  /** Tags the package may create (lower case); never a realm- or code-making tag. */
  create: string[];
  /** Event types the package may listen to. */
  events: string[];
  /** Origins URL-bearing attributes may point at (`'self'` for the page's own). Default: none. */
  origins?: string[];
  /** Allows `position: fixed/sticky` (full-page effects such as confetti). Default false. */
  overlay?: boolean;
}

export interface DomContext {
  pkg: string;
  real: RealDom;
  create: ReadonlySet<string>;
  events: ReadonlySet<string>;
  rules: DomRules;
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
  owned: WeakSet<Node>;
  facadeDocument: () => object;
}
