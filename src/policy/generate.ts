// Builds a policy from what static analysis saw: each package's global uses (member paths, aliases stripped) and
// the packages it imports. The rules that keep it quiet (README, "Policy CLI"):
// - feature probes (`typeof x`, `'x' in window`, `Function('return this')`) are not grants;
// - only names a page has are grants (the `globals` package's browser list, src/policy/browser-globals.ts). A name
//   only other environments have (`process`, `global`, `define`) or no list knows (`__zod_globalConfig`,
//   `jQuery`) reads as `undefined` at run time, or as the package's own value once it wrote one, with or without a
//   grant. If the app itself defines such a global for a package, the first read is a violation that names it, and
//   the grant goes in the override file by hand;
// - with the DOM facade, a package whose DOM use fits the attenuated API gets a `dom` section instead of `document`.
import {
  FACADE_CONSTRUCTORS, FACADE_DOCUMENT_MEMBERS, FACADE_GLOBALS, FACADE_WINDOW_MEMBERS,
} from '../shared/dom-api.js';
import type { GlobalUse } from '../plugin/uses.js';
import { classifyGlobal } from './browser-globals.js';
import { importMetaSection } from '../plugin/import-meta.js';
import { cssSection } from '../plugin/css-policy.js';
import { FORBIDDEN_TAGS, type DomGrant, type Policy, type ResourcePolicy } from './schema.js';

export interface PackageUsage {
  /** Module display path → its global uses. */
  modules: Map<string, GlobalUse[]>;
  imports: Set<string>;
  /** Module display path → the string constants it exports, for keys other modules import (constant-keys.ts). */
  constants?: Map<string, Record<string, string>>;
}

export interface GenerateOptions {
  /**
   * Write a `dom` section (element tags, event types) for a package whose DOM use fits the attenuated DOM, instead
   * of granting `document`. Only meaningful once the runtime enforces `dom` (src/dom): see DOM_FACADE_DEFAULT.
   */
  domFacade?: boolean;
}

/** Whether `portcullis policy` and `generatePolicy: true` write `dom` sections (the runtime enforces them, src/dom). */
export const DOM_FACADE_DEFAULT = true;

/**
 * Facade members that reach the page rather than the package's own nodes. Under the facade they lead to what the app
 * handed the package, or to a detached tree of its own (README, "The way in"): a package that uses them (nprogress
 * attaching its bar to `document.body`) would draw where nobody sees it unless the app cooperates. So the generator
 * gives such a package the real `document`, and switching it to the facade is the reviewer's call, in the override
 * file, together with the app handing it its element.
 */
const PAGE_REACHING_MEMBERS: ReadonlySet<string> = new Set(['body', 'head', 'documentElement', 'querySelector', 'querySelectorAll', 'getElementById']);

/**
 * Does this use need a grant? A read, write or test of a name a page has (the rules above), or a probe through the
 * global object (`typeof window.chrome`), which reads the name at run time (its grant is the quiet `false`).
 */
export function needsGrant(use: GlobalUse): boolean {
  const kind = use.kind === 'read' || use.kind === 'write' || use.kind === 'test' || (use.kind === 'probe' && use.member === true);
  // An imported key not resolved yet (constant-keys.ts) names no global.
  return kind && !use.key && (use.shared === true || classifyGlobal(use.path.split('.')[0]!) === 'browser');
}

/** Every use of the package that needs a grant, in module order. */
export function grantingUses(usage: PackageUsage): { module: string; use: GlobalUse }[] {
  const result: { module: string; use: GlobalUse }[] = [];
  for (const module of [...usage.modules.keys()].sort()) {
    for (const use of usage.modules.get(module)!) if (needsGrant(use)) result.push({ module, use });
  }
  return result;
}

type Generated = true | false | 'write';

/**
 * Names code tests to learn which environment it runs in (papaparse's `IS_WORKER = !global.document && …`): read as
 * absent they would send it down another environment's path, so a test of them is a read like any other.
 */
const ENVIRONMENT_MARKERS: ReadonlySet<string> = new Set(['document', 'navigator', 'location', 'history', 'postMessage', 'addEventListener']);

/** Keeps the shortest granted prefix only: a grant of `console` covers `console.warn`. */
function collapse(grants: Map<string, Generated>): Record<string, Generated> {
  const result: Record<string, Generated> = {};
  for (const path of [...grants.keys()].sort()) {
    const segments = path.split('.');
    const covered = segments.some((_, i) => i > 0 && grants.has(segments.slice(0, i).join('.')));
    if (!covered) result[path] = grants.get(path)!;
  }
  return result;
}

/**
 * The package's global grants. A top-level name the code only tests or falls back from (`g.requestIdleCallback ||
 * fallback`, `if (!window.Worker)`) is the quiet `false`: it reads as absent and the package takes its own way, with
 * no power and no violation. A dotted name tested that way stays a grant (the runtime's `false` works on top-level
 * names; its parent must exist for the test to run).
 */
export function collectGlobals(usage: PackageUsage): Record<string, Generated> {
  const grants = new Map<string, Generated>();
  const tested = new Set<string>();
  const probed = new Set<string>();
  for (const { use } of grantingUses(usage)) {
    if (use.kind === 'probe') probed.add(use.path);
    else if (use.kind === 'test') tested.add(use.path);
    else if (use.kind === 'write') grants.set(use.path, 'write');
    else if (!grants.has(use.path)) grants.set(use.path, true);
  }
  const keys = [...grants.keys()];
  for (const path of tested) {
    // A granted member makes the name a stand-in object, which tests true: nothing more to grant.
    if (grants.has(path) || keys.some((k) => k.startsWith(`${path}.`))) continue;
    grants.set(path, path.includes('.') || ENVIRONMENT_MARKERS.has(path) ? true : false);
  }
  // `typeof window.chrome !== 'undefined'` asks whether it exists: absent is an answer, never a reason to grant it.
  for (const path of probed) if (!grants.has(path) && !keys.some((k) => k.startsWith(`${path}.`))) grants.set(path, false);
  return collapse(grants);
}

/** Granted, as opposed to quietly denied (`false`). */
const granted = (globals: Record<string, Generated>) => Object.keys(globals).filter((p) => globals[p] !== false);

/** Does the package use DOM members on values it receives (`el.appendChild`, `getComputedStyle(el)`)? */
function handlesElements(usage: PackageUsage): boolean {
  for (const uses of usage.modules.values()) if (uses.some((u) => u.kind === 'element')) return true;
  return false;
}

/** The `dom` section when the package's DOM use fits the attenuated DOM, else undefined (it needs `document`). */
export function domSection(usage: PackageUsage, globals: Record<string, Generated>): DomGrant | undefined {
  const docPaths = granted(globals).filter((p) => p === 'document' || p.startsWith('document.'));
  const windowListens = granted(globals).some((p) => FACADE_WINDOW_MEMBERS.has(p));
  // A package handed the app's elements (DESIGN.md, invariant 1): in dom mode they arrive as its wrappers, and the
  // host membrane gives the real node behind a wrapper to the host APIs it is granted (getComputedStyle(el),
  // observer.observe(el)).
  const receives = handlesElements(usage);
  if (docPaths.length === 0 && !windowListens && !receives) return undefined;
  const fitsDocument = docPaths.every((p) => {
    const member = p.split('.')[1] ?? '';
    return FACADE_DOCUMENT_MEMBERS.has(member) && !PAGE_REACHING_MEMBERS.has(member) && globals[p] !== 'write';
  });
  const tags = new Set<string>();
  const events = new Set<string>();
  const powers = new Set<string>();
  for (const uses of usage.modules.values()) {
    for (const use of uses) {
      if (use.kind === 'create') tags.add(use.path);
      if (use.kind === 'listen') events.add(use.path);
      if (use.kind === 'dom') powers.add(use.path);
    }
  }
  const fits = fitsDocument && !tags.has('*') && !events.has('*') && ![...tags].some((t) => FORBIDDEN_TAGS.has(t.toLowerCase()));
  if (!fits) return undefined;
  const section: DomGrant = { create: [...tags].sort(), events: [...events].sort() };
  // Grants that say one thing (invariant 4): reading pixels back, and navigating, only where the code shows them.
  if (powers.has('readPixels') && tags.has('canvas')) section.readPixels = true;
  if (powers.has('navigate') && ['a', 'area', 'form'].some((t) => tags.has(t))) section.navigate = true;
  return section;
}

export function generateResource(usage: PackageUsage, options: GenerateOptions = {}): ResourcePolicy {
  const resource: ResourcePolicy = {};
  let globals = collectGlobals(usage);
  if (options.domFacade) {
    const dom = domSection(usage, globals);
    const touchesDocument = granted(globals).some((p) => p === 'document' || p.startsWith('document.'));
    if (dom) {
      resource.dom = dom;
      globals = Object.fromEntries(
        Object.entries(globals).filter(([p]) => {
          const root = p.split('.')[0]!;
          return root !== 'document' && !FACADE_CONSTRUCTORS.has(root) && !FACADE_GLOBALS.has(root) && !FACADE_WINDOW_MEMBERS.has(p);
        }),
      );
    } else if (touchesDocument) {
      // Outside the facade: the real document, whole (DESIGN.md): its members reach every node of the page anyway.
      const whole = new Map(Object.entries(globals).filter(([p]) => !p.startsWith('document.')));
      whole.set('document', true);
      globals = collapse(whole);
    }
  }
  if (Object.keys(globals).length) resource.globals = globals;
  const importMeta = importMetaSection(usage);
  if (importMeta) resource.importMeta = importMeta;
  const css = cssSection(usage);
  if (css) resource.css = css;
  if (usage.imports.size) resource.packages = Object.fromEntries([...usage.imports].sort().map((p) => [p, true]));
  return resource;
}

/**
 * Uses reached through another package's global object go to that package (Vue's runtime-core reads
 * `getGlobalThis().requestIdleCallback`, and `getGlobalThis` returns @vue/shared's compartment global): the
 * specifier is matched to one of the importer's packages by its canonical name's last part.
 */
export function reattribute(usages: ReadonlyMap<string, PackageUsage>): Map<string, PackageUsage> {
  const result = new Map([...usages].map(([name, u]) => [name, { modules: new Map(u.modules), imports: u.imports }]));
  shareGlobals(result);
  for (const [name, usage] of usages) {
    for (const [module, uses] of usage.modules) {
      if (!uses.some((u) => u.via)) continue;
      const kept: GlobalUse[] = [];
      for (const use of uses) {
        const bare = use.via?.split('/').slice(0, use.via.startsWith('@') ? 2 : 1).join('/');
        const owner = bare && [...usage.imports].find((p) => p === bare || p.endsWith(`>${bare}`));
        const target = owner ? result.get(owner) : undefined;
        if (!target) {
          kept.push(use);
          continue;
        }
        const key = `${module} (through ${name})`;
        target.modules.set(key, [...(target.modules.get(key) ?? []), use]);
      }
      result.get(name)!.modules.set(module, kept);
    }
  }
  return result;
}

/**
 * A name no browser has that one package writes (`self[NAMESPACE] = {…}`, @prefresh/core) and another reads
 * (`self.__PREFRESH__.flush()`, @prefresh/utils): a channel between packages the code shows, so the writer is granted
 * `write` and each reader the name, whole (its members are the writer's object, not host members). Any other name no
 * browser has stays the package's own global.
 */
function shareGlobals(usages: Map<string, PackageUsage>): void {
  const writers = new Map<string, Set<string>>();
  const readers = new Map<string, Set<string>>();
  for (const [name, usage] of usages) {
    for (const uses of usage.modules.values()) {
      for (const use of uses) {
        const root = use.path.split('.')[0]!;
        if (use.key || classifyGlobal(root) !== 'unknown') continue;
        const into = use.kind === 'write' && !use.path.includes('.') ? writers : use.kind === 'read' || use.kind === 'test' ? readers : undefined;
        if (into) into.set(root, new Set([...(into.get(root) ?? []), name]));
      }
    }
  }
  const shared = (root: string) => writers.has(root) && new Set([...writers.get(root)!, ...(readers.get(root) ?? [])]).size > 1;
  for (const usage of usages.values()) {
    for (const [module, uses] of usage.modules) {
      if (!uses.some((use) => shared(use.path.split('.')[0]!))) continue;
      usage.modules.set(module, uses.map((use) => {
        const root = use.path.split('.')[0]!;
        if (use.key || !shared(root) || classifyGlobal(root) !== 'unknown') return use;
        return use.kind === 'write' || use.kind === 'read' || use.kind === 'test' ? { ...use, path: root, kind: use.kind === 'test' ? 'read' : use.kind, shared: true as const } : use;
      }));
    }
  }
}

export function generatePolicy(allUsages: ReadonlyMap<string, PackageUsage>, options: GenerateOptions = {}): Policy {
  const resources: Record<string, ResourcePolicy> = {};
  const usages = reattribute(allUsages);
  for (const name of [...usages.keys()].sort()) resources[name] = generateResource(usages.get(name)!, options);
  return { resources };
}
