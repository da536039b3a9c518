import { createLogger, type Logger } from '../../src/logger.js';
import { createDeliveryClient, type WebClient } from '../../src/jobs/outbox.js';
import type { FakeSlack } from '../fakes/slackApi.js';

/** A logger whose JSON lines the test can read. */
export function captureLogger(level = 'info'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** A settable fixed clock shared by the code under test and the fake Slack. */
export function fixedClock(start: string): { now: () => Date; ms: () => number; set: (iso: string) => void; advance: (ms: number) => void } {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    ms: () => current,
    set: (iso) => {
      current = new Date(iso).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export function deliveryClient(slack: FakeSlack, fetchImpl?: typeof fetch): WebClient {
  return createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: slack.url, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
}
