import type { RespondArguments, RespondFn } from '@slack/bolt';

// A reply to a response URL is the person's only answer: if the post fails on the way (a kept-alive
// connection closed under it, a refused connection, Slack's 429 or 5xx), it is lost unless posted
// again. A response URL takes up to 5 posts in 30 minutes, so a few more tries are within its terms.
// The cost of a retry is, rarely, the same ephemeral reply twice (the first post may have arrived
// before the connection dropped); a lost answer is worse. A refusal (400 invalid blocks, 404 an
// expired URL) is final and not repeated.

/** Waits before each retry: at once on a fresh connection, then after a pause for a Slack in trouble. */
const RETRY_DELAYS_MS = [0, 500, 2_000];

/** Posts `message` through `respond`, again after a failure on the way; throws the last error when every try failed. */
export async function respondWithRetry(respond: RespondFn, message: RespondArguments, delaysMs: readonly number[] = RETRY_DELAYS_MS): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await respond(message);
      return;
    } catch (error) {
      const delay = delaysMs[attempt];
      if (delay === undefined || !failedOnTheWay(error)) throw error;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Bolt's respond() is a fetch: a network failure rejects with fetch's TypeError (its cause the socket
 * error), and an answer that is not 2xx with a RespondError carrying the status.
 */
function failedOnTheWay(error: unknown): boolean {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number') return statusCode === 429 || statusCode >= 500;
  return error instanceof TypeError && (error as { cause?: unknown }).cause !== undefined;
}
