import type { Logger } from '../../logger.js';

// Bolt answers Slack 404 itself when a listener has not acknowledged within 3 s (a busy machine), and
// a later ack() then throws: the listener would stop there and the person never get an answer. Slack
// has shown them a timeout by then, but the response URL still takes the answer for 30 minutes: log
// the late acknowledgement and go on to answer.

/** Acknowledges the request; an acknowledgement Bolt can no longer send is logged, not thrown. */
export async function acknowledge(ack: () => Promise<void>, logger: Logger, context: Record<string, unknown>): Promise<void> {
  try {
    await ack();
  } catch (error) {
    logger.warn({ err: error, ...context }, 'Acknowledged too late for Slack\'s 3 s: answering through the response URL anyway');
  }
}
