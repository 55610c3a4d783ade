// What the build hands the runtime script: the policy reduced to what is enforced in the browser.

export type GlobalGrant = true | 'write';

export interface RuntimeResource {
  globals: Record<string, GlobalGrant>;
}

export interface RuntimeConfig {
  mode: 'enforce' | 'report';
  /** Display path of the file a fix goes into, used in every error's hint. */
  overrideFile: string;
  resources: Record<string, RuntimeResource>;
}

/** The one property of the real global object that holds the hardened registry. */
export const RUNTIME_GLOBAL_KEY = '__portcullis__';
