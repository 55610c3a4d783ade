// Which imports cross a package's membrane (invariant 1 on the app's side): the one place the build decides that an
// import resolves to a membrane module (membrane.ts) instead of the package's own module.
// The app's imports cross into the package they import; so do a full-power package's imports of a dom-mode package
// (focus-trap handing its real nodes to focus-trap>tabbable: they arrive as tabbable's wrappers). A full-power
// package's other imports are not routed: frameworks split across packages hand their real nodes and events to their
// own DOM-agnostic parts (react-dom to react, @vue/runtime-dom to @vue/shared), measured on the apps matrix.
import type { Policy } from '../policy/schema.js';
import type { Attribution } from './attribution.js';
import { membraneId, routable } from './membrane.js';

/** A package gets the attenuated DOM when its policy has a `dom` section and does not grant the real `document`. */
export const isDomPackage = (p: Policy, name: string) => Boolean(p.resources[name]?.dom) && p.resources[name]?.globals?.document !== true;
/** Full power: the real document or window granted outright; the app's values pass to it as they are. */
export const isFullPower = (p: Policy, name: string) => p.resources[name]?.globals?.document === true || p.resources[name]?.globals?.window === true;

/** Whether imports made by `from` may be routed at all (answered before resolving: most importers are packages). */
export function mayRoute(policy: Policy, from: Attribution): boolean {
  return from.kind === 'root' || (from.kind === 'package' && isFullPower(policy, from.name));
}

/** The membrane module `from`'s import goes through, resolved to `resolvedId` in `target`; null: the module itself. */
export function membraneFor(policy: Policy, from: Attribution, target: Attribution, resolvedId: string, serving: boolean): string | null {
  if (target.kind !== 'package' || isFullPower(policy, target.name)) return null;
  if (from.kind === 'package' && (from.name === target.name || !isDomPackage(policy, target.name))) return null;
  // Under `vite` a dependency comes with Vite's version query (`?v=…`): routed as in the build.
  if (!routable(resolvedId, serving)) return null;
  return membraneId(target.name, resolvedId);
}
