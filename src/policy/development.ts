// The development-only part of a policy: what the development builds the dev server runs need beyond the production
// policy (React 19's `console.createTask` and `performance.*`, Vue's writes of its `__VUE_*__` flags). It lives in its
// own file (the `devPolicy` option, default portcullis.policy.dev.json) that only the dev server reads: a build never
// opens it, so a development grant cannot widen production, by construction (src/plugin/index.ts loads the policy
// without it; src/dev/server.ts with it).
import type { DomGrant, GlobalGrantValue, Policy, ResourcePolicy } from './schema.js';

/** Does the production entry already allow `path` with `value`? A granted prefix covers its members. */
function covers(globals: Record<string, GlobalGrantValue> = {}, path: string, value: GlobalGrantValue): boolean {
  const segments = path.split('.');
  for (let i = 1; i <= segments.length; i++) {
    const granted = globals[segments.slice(0, i).join('.')];
    if (granted === undefined) continue;
    if (value === false) return true; // anything granted or denied there already answers a test
    if (granted === 'write' || (granted === true && value === true)) return true;
  }
  // A quiet `false` in development is covered by a granted member in production (the name is a stand-in there).
  return value === false && Object.keys(globals).some((k) => k.startsWith(`${path}.`) && globals[k] !== false);
}

function domDelta(production: ResourcePolicy, development: DomGrant | undefined): DomGrant | undefined {
  if (!development || production.globals?.document === true) return undefined;
  const base = production.dom;
  if (!base) return development;
  const create = (development.create ?? []).filter((t) => !(base.create ?? []).includes(t));
  const events = (development.events ?? []).filter((t) => !(base.events ?? []).includes(t));
  return create.length || events.length ? { ...(create.length ? { create } : {}), ...(events.length ? { events } : {}) } : undefined;
}

/**
 * The grants `development` has that `production` lacks, per package: what goes into the development file. A
 * package only the development build imports is there whole.
 */
export function developmentOnly(production: Policy, development: Policy): Policy {
  const resources: Record<string, ResourcePolicy> = {};
  for (const [name, dev] of Object.entries(development.resources)) {
    const prod = production.resources[name];
    if (!prod) {
      resources[name] = dev;
      continue;
    }
    const extra: ResourcePolicy = {};
    const globals = Object.fromEntries(Object.entries(dev.globals ?? {}).filter(([path, value]) => !covers(prod.globals, path, value)));
    if (Object.keys(globals).length) extra.globals = globals;
    const packages = Object.fromEntries(Object.entries(dev.packages ?? {}).filter(([pkg, value]) => value && !prod.packages?.[pkg]));
    if (Object.keys(packages).length) extra.packages = packages;
    const dom = domDelta(prod, dev.dom);
    if (dom) extra.dom = dom;
    if (Object.keys(extra).length) resources[name] = extra;
  }
  return { resources };
}
