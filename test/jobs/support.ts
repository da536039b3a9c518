import { createLogger, type Logger } from '../../src/logger.js';
import { createDeliveryClient, type WebClient } from '../../src/jobs/outbox.js';
import type { FakeSlack } from '../../src/sim/slack/fakeSlack.js';

/** A logger whose JSON lines the test can read. */
export function captureLogger(level = 'info'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** The settable fixed clock, now in test/helpers/ for every test; re-exported for older imports. */
export { fixedClock, type FixedClock } from '../helpers/fixedClock.js';

export function deliveryClient(slack: FakeSlack, fetchImpl?: typeof fetch): WebClient {
  return createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: slack.url, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
}
