// Builds a policy from what static analysis saw: each package's global uses (member paths, aliases stripped) and
// the packages it imports. Feature probes (`typeof x`, `'x' in window`) are not grants.
import type { GlobalUse } from '../plugin/transform.js';
import type { Policy, ResourcePolicy } from './schema.js';

export interface PackageUsage {
  /** Module display path → its global uses. */
  modules: Map<string, GlobalUse[]>;
  imports: Set<string>;
}

export function collectGlobals(usage: PackageUsage): Record<string, true | 'write'> {
  const grants = new Map<string, true | 'write'>();
  for (const uses of usage.modules.values()) {
    for (const use of uses) {
      if (use.kind === 'probe') continue;
      if (use.kind === 'write') grants.set(use.path, 'write');
      else if (!grants.has(use.path)) grants.set(use.path, true);
    }
  }
  // A grant of `console` covers `console.warn`: keep the shortest granted prefix only.
  const result: Record<string, true | 'write'> = {};
  for (const path of [...grants.keys()].sort()) {
    const segments = path.split('.');
    const covered = segments.some((_, i) => i > 0 && grants.has(segments.slice(0, i).join('.')));
    if (!covered) result[path] = grants.get(path)!;
  }
  return result;
}

export function generatePolicy(usages: ReadonlyMap<string, PackageUsage>): Policy {
  const resources: Record<string, ResourcePolicy> = {};
  for (const name of [...usages.keys()].sort()) {
    const usage = usages.get(name)!;
    const resource: ResourcePolicy = {};
    const globals = collectGlobals(usage);
    if (Object.keys(globals).length) resource.globals = globals;
    if (usage.imports.size) resource.packages = Object.fromEntries([...usage.imports].sort().map((p) => [p, true]));
    resources[name] = resource;
  }
  return { resources };
}
