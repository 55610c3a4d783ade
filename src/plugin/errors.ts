// Build-time errors carry a stable code (documented in docs/errors/<CODE>.md) and say what to do.
export type PortcullisErrorCode =
  | 'PORTCULLIS_PARSE_ERROR'
  | 'PORTCULLIS_BAD_OPTION'
  | 'PORTCULLIS_POLICY_INVALID'
  | 'PORTCULLIS_POLICY_MISSING'
  | 'PORTCULLIS_UNKNOWN_PACKAGE'
  | 'PORTCULLIS_YARN_PNP'
  | 'PORTCULLIS_IMPORT_DENIED'
  | 'PORTCULLIS_RUNTIME_MISSING';

export class PortcullisBuildError extends Error {
  override name = 'PortcullisBuildError';
  constructor(
    readonly code: PortcullisErrorCode,
    message: string,
  ) {
    super(`${message} (${code})`);
  }
}
