// CLI errors: each names the file it is about and what to do, and ends with a stable code (docs/errors/<CODE>.md).
export type CliErrorCode =
  | 'PORTCULLIS_CLI_USAGE'
  | 'PORTCULLIS_CONFIG_NOT_FOUND'
  | 'PORTCULLIS_CONFIG_NO_PLUGIN'
  | 'PORTCULLIS_BUILD_FAILED'
  | 'PORTCULLIS_LAVAMOAT_INVALID';

export class CliError extends Error {
  override name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(`${message} (${code})`);
  }
}

/** Exit codes: 0 done (or up to date), 1 `--check` found the policy out of date, 2 an error. */
export const EXIT = { ok: 0, outOfDate: 1, error: 2 } as const;
