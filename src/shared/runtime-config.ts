// What the build hands the runtime script: the policy reduced to what is enforced in the browser.

/**
 * `false`: reviewed and denied quietly (the name reads as absent, no error), for feature detection by truthiness.
 * `'origin'`: a store (`localStorage`, `sessionStorage`, `indexedDB`, `caches`) origin-wide, not the package's own.
 */
export type GlobalGrant = true | 'write' | 'origin' | false;

export interface RuntimeDomGrant {
  create: string[];
  events: string[];
  origins?: string[];
  overlay?: boolean;
}

export interface RuntimeResource {
  globals: Record<string, GlobalGrant>;
  /** The attenuated DOM, when the policy has a `dom` section and does not grant `document` itself. */
  dom?: RuntimeDomGrant;
  /**
   * A dom-mode package's granted imports (its policy's `packages`): the app handing one of them this package's value
   * hands it the value itself, as the two exchange values directly anyway (src/runtime/app-crossings.ts).
   */
  imports?: string[];
}

export interface RuntimeConfig {
  mode: 'enforce' | 'report';
  /** Display path of the file a fix goes into, used in every error's hint. */
  overrideFile: string;
  resources: Record<string, RuntimeResource>;
  /** Record which granted paths packages read, for `__portcullis__.exercisedGrants()` (the corpus test). Off by default. */
  recordGrants?: boolean;
  /** The dev server's runtime: development builds' known intrinsic patches are accepted (src/runtime/lockdown.ts). */
  dev?: boolean;
}

/** The one property of the real global object that holds the hardened registry. */
export const RUNTIME_GLOBAL_KEY = '__portcullis__';
