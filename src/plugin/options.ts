// The plugin's options, checked once when the plugin is created: an unknown or mistyped option is an error.
import { PortcullisBuildError } from './errors.js';

export interface PortcullisOptions {
  /** The reviewed policy, relative to the app root (Vite's `root`, or the working directory under Rollup). Default `portcullis.policy.json`. */
  policy?: string;
  /** Hand-written grants merged over the policy; `false` removes a grant. Default `portcullis.policy-override.json`. */
  policyOverride?: string;
  /**
   * Grants only the development builds of packages need (React's `console.createTask`, Vue's `__VUE_*__` flags),
   * written by `portcullis policy` and read by `vite` (the dev server) only: never by a build. Relative to the app
   * root. Default `portcullis.policy.dev.json`.
   */
  devPolicy?: string;
  /** Write the policy from static analysis of this build, then enforce it. Default false. */
  generatePolicy?: boolean;
  /** `'enforce'` (default) throws on a violation; `'report'` allows it and reports it, like CSP's report-only. */
  mode?: 'enforce' | 'report';
  /** The directory of the app's package.json, the root of the dependency graph. Default: found above the app root. */
  appDir?: string;
  /**
   * Record at run time which grants each package actually read, readable as `__portcullis__.exercisedGrants()`: how
   * a test finds grants nothing exercised. Every granted access then goes through a getter. Default false.
   */
  recordGrants?: boolean;
  /** Keep the transform's results in `node_modules/.cache/portcullis` (keyed by content), so rebuilds re-parse nothing they have seen. Default true. */
  cache?: boolean;
}

export interface ResolvedOptions {
  policy: string;
  policyOverride: string;
  devPolicy: string;
  generatePolicy: boolean;
  mode: 'enforce' | 'report';
  appDir: string | undefined;
  recordGrants: boolean;
  cache: boolean;
}

const KNOWN: Record<keyof PortcullisOptions, (value: unknown) => boolean> = {
  policy: (v) => typeof v === 'string' && v.length > 0,
  policyOverride: (v) => typeof v === 'string' && v.length > 0,
  devPolicy: (v) => typeof v === 'string' && v.length > 0,
  generatePolicy: (v) => typeof v === 'boolean',
  mode: (v) => v === 'enforce' || v === 'report',
  appDir: (v) => typeof v === 'string' && v.length > 0,
  recordGrants: (v) => typeof v === 'boolean',
  cache: (v) => typeof v === 'boolean',
};

export function resolveOptions(options: unknown = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new PortcullisBuildError('PORTCULLIS_BAD_OPTION', 'portcullis(options): options must be an object');
  }
  for (const [key, value] of Object.entries(options)) {
    const check = KNOWN[key as keyof PortcullisOptions];
    if (!check) {
      throw new PortcullisBuildError(
        'PORTCULLIS_BAD_OPTION',
        `portcullis(options): unknown option "${key}". Known options: ${Object.keys(KNOWN).join(', ')}`,
      );
    }
    if (value !== undefined && !check(value)) {
      throw new PortcullisBuildError('PORTCULLIS_BAD_OPTION', `portcullis(options): invalid value for "${key}": ${JSON.stringify(value)}`);
    }
  }
  const o = options as PortcullisOptions;
  return {
    policy: o.policy ?? 'portcullis.policy.json',
    policyOverride: o.policyOverride ?? 'portcullis.policy-override.json',
    devPolicy: o.devPolicy ?? 'portcullis.policy.dev.json',
    generatePolicy: o.generatePolicy ?? false,
    mode: o.mode ?? 'enforce',
    appDir: o.appDir,
    recordGrants: o.recordGrants ?? false,
    cache: o.cache ?? true,
  };
}

/** `{ __FLAG__: true, __NAME__: '"x"' }` → identifiers to JSON literal text; other keys and values are left to Vite. */
export function definedLiterals(define: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(define ?? {})) {
    if (!/^[A-Za-z_$][\w$]*$/.test(key)) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    try {
      JSON.parse(text); // a literal, never code: nothing in it could reach a global
      out[key] = text;
    } catch {
      // an expression (`'window.API'`): left to the rewrite, so it reads through the package's global
    }
  }
  return out;
}
