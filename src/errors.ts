// Coded errors whose messages say how to fix the problem. Handled in one place per surface
// (the CLI prints `message`; Slack listeners show it to the user; jobs log it).

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

export function isFlowlightError(error: unknown): error is FlowlightError {
  return error instanceof FlowlightError;
}

/** A one-line message for people, never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof FlowlightError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
