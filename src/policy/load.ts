// Reads the reviewed policy and the hand-written override, validates both, and merges the override over it.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PortcullisBuildError } from '../plugin/errors.js';
import { validatePolicy, type Policy, type ResourcePolicy } from './schema.js';

export function readPolicyFile(file: string, knownPackages?: ReadonlySet<string>): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PortcullisBuildError('PORTCULLIS_POLICY_MISSING', `${file}: cannot read it (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PortcullisBuildError(
      'PORTCULLIS_POLICY_INVALID',
      `${file}: not valid JSON (${(error as Error).message}). Fix the syntax, or regenerate it with generatePolicy: true.`,
    );
  }
  return validatePolicy(json, file, knownPackages);
}

/**
 * The override wins key by key. A global set to `false` stays `false`: reviewed and denied quietly (it reads as
 * absent, for packages that feature-detect by truthiness, `if (window.Worker)`). A package set to `false` is removed.
 */
export function mergePolicies(base: Policy, override: Policy): Policy {
  const resources: Record<string, ResourcePolicy> = structuredClone(base.resources);
  for (const [name, extra] of Object.entries(override.resources)) {
    const target = (resources[name] ??= {});
    for (const section of ['globals', 'packages', 'importMeta'] as const) {
      if (!extra[section]) continue;
      const merged: Record<string, unknown> = { ...target[section], ...extra[section] };
      if (section === 'packages') for (const [key, value] of Object.entries(merged)) if (value === false) delete merged[key];
      (target as Record<string, unknown>)[section] = merged;
    }
    if (extra.dom) {
      target.dom = {
        create: [...new Set([...(target.dom?.create ?? []), ...(extra.dom.create ?? [])])],
        events: [...new Set([...(target.dom?.events ?? []), ...(extra.dom.events ?? [])])],
        origins: [...new Set([...(target.dom?.origins ?? []), ...(extra.dom.origins ?? [])])],
        overlay: extra.dom.overlay ?? target.dom?.overlay ?? false,
      };
    }
    if (extra.css) target.css = { origins: [...new Set([...(target.css?.origins ?? []), ...(extra.css.origins ?? [])])] };
  }
  return { resources };
}

export function loadPolicy(options: {
  policyFile: string;
  overrideFile: string;
  /**
   * The development-only grants (`devPolicy`): the dev server passes it, a build never does, so they cannot widen a
   * production build. Merged over the policy, under the override file.
   */
  developmentFile?: string;
  knownPackages?: ReadonlySet<string>;
}): Policy {
  const { policyFile, overrideFile, developmentFile, knownPackages } = options;
  if (!existsSync(policyFile)) {
    throw new PortcullisBuildError(
      'PORTCULLIS_POLICY_MISSING',
      `${policyFile} does not exist. Generate it once with portcullis({ generatePolicy: true }) (or \`portcullis policy\`), ` +
        'review it, and commit it.',
    );
  }
  let base = readPolicyFile(policyFile, knownPackages);
  if (developmentFile && existsSync(developmentFile)) base = mergePolicies(base, readPolicyFile(developmentFile, knownPackages));
  return existsSync(overrideFile) ? mergePolicies(base, readPolicyFile(overrideFile, knownPackages)) : base;
}

/** Write to a temporary file and rename: a crash never leaves a half-written policy behind. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
