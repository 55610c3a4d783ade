// Build-time errors carry a stable code (documented in docs/errors/<CODE>.md) and say what to do.
export type PortcullisErrorCode =
  | 'PORTCULLIS_PARSE_ERROR'
  | 'PORTCULLIS_BAD_OPTION'
  | 'PORTCULLIS_POLICY_INVALID'
  | 'PORTCULLIS_POLICY_MISSING'
  | 'PORTCULLIS_UNKNOWN_PACKAGE'
  | 'PORTCULLIS_YARN_PNP'
  | 'PORTCULLIS_IMPORT_DENIED'
  | 'PORTCULLIS_RUNTIME_MISSING'
  | 'PORTCULLIS_UNCONFINED_CODE'
  | 'PORTCULLIS_SLOPPY_OUTPUT'
  | 'PORTCULLIS_WORKER_UNCONFINED'
  | 'PORTCULLIS_IMPORT_META_DENIED'
  | 'PORTCULLIS_SCRIPT_ASSET'
  | 'PORTCULLIS_CSS_URL_DENIED'
  | 'PORTCULLIS_CSS_SELECTOR_DENIED'
  | 'PORTCULLIS_HTML_COMMENT'
  | 'PORTCULLIS_UNKNOWN_SYNTAX'
  | 'PORTCULLIS_TOP_LEVEL_ARGUMENTS'
  | 'PORTCULLIS_BUILD_TIME_CODE';

/** Thrown in the page by the first generated module that finds no registry: the runtime script was left out or late. */
export const RUNTIME_MISSING_MESSAGE =
  "Portcullis: the runtime script did not run before the app. It must be the first <script> in <head>, and the page's CSP must allow it (PORTCULLIS_RUNTIME_MISSING)";

export class PortcullisBuildError extends Error {
  override name = 'PortcullisBuildError';
  constructor(
    readonly code: PortcullisErrorCode,
    message: string,
  ) {
    super(`${message} (${code})`);
  }
}
