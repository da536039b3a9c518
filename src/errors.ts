// Coded errors whose messages say how to fix the problem. Handled in one place per surface
// (the CLI prints `message`; Slack listeners show it to the user; jobs log it).

import { FlowlightError } from './domain/errors.js';

export { FlowlightError, type ErrorCode } from './domain/errors.js';

export function isFlowlightError(error: unknown): error is FlowlightError {
  return error instanceof FlowlightError;
}

/** A one-line message for people, never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof FlowlightError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
