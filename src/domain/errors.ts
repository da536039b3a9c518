// The one coded error type, defined in the domain so the pure core can throw it (a bad time zone, a
// stored setting that no longer parses) without importing the shell; src/errors.ts re-exports it
// with the helpers every surface uses, so `instanceof FlowlightError` holds wherever it was thrown.

export type ErrorCode =
  | 'config_invalid'
  | 'store_locked'
  | 'store_unreadable'
  | 'store_unavailable'
  | 'github_unauthorized'
  | 'github_not_found'
  | 'github_rate_limited'
  | 'github_unavailable'
  | 'github_bad_response'
  | 'settings_invalid'
  | 'input_invalid';

export class FlowlightError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'FlowlightError';
  }
}
