import { describe, expect, it } from 'vitest';
import { cappedRetryAfter, isWaiting, MAX_RATE_LIMIT_WAIT_MS } from '../../src/domain/rateLimitWait.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const HOUR = 3_600_000;

describe('how long flowlight honours a wait GitHub asks for', () => {
  it.each([
    ['a reset in 6 minutes', at(6 * 60_000), at(6 * 60_000)],
    ['exactly an hour', at(HOUR), at(HOUR)],
    ['a reset a year ahead', at(365 * 24 * HOUR), at(HOUR)],
    ['retry-after: 99999999 s', at(99_999_999_000), at(HOUR)],
    ['a reset already past', at(-60_000), NOW],
    ['no date at all (retry-after: 1e400)', new Date(Number.NaN), at(HOUR)],
  ])('%s', (_name, asked, expected) => {
    expect(cappedRetryAfter(asked, NOW)).toEqual(expected);
  });

  it.each([
    ['no wait', null, false],
    ['a wait within the hour', at(30 * 60_000), true],
    ['a wait that has passed', at(-1), false],
    ['a wait beyond the cap, stored by an older version', at(MAX_RATE_LIMIT_WAIT_MS + 1), false],
  ])('is %s still waiting? ', (_name, retryAfter, expected) => {
    expect(isWaiting(retryAfter, NOW)).toBe(expected);
  });
});
