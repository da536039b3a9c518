import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, type FlowlightMetrics } from '../../src/ops/metrics.js';
import { rateLimitReading } from '../../src/ops/rateLimitObserver.js';
import { tempStore } from '../helpers/tempStore.js';

// Points spent, from GitHub's x-ratelimit-* headers: answers of concurrent requests arrive out of
// order, and the window resets every hour.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function metrics(): Promise<FlowlightMetrics> {
  const store = await tempStore();
  cleanups.push(store.cleanup);
  return createMetrics(new Registry(), { db: store.db, clock: () => new Date(), pollIntervalMs: 60_000, slackConnected: () => true, lastSuccessfulPollAt: () => null });
}

async function spent(m: FlowlightMetrics, resource: string): Promise<number | undefined> {
  const counter = await m.registry.getSingleMetric('flowlight_github_rate_limit_points_spent_total')!.get();
  return counter.values.find((v) => v.labels.resource === resource)?.value;
}

const reading = (used: number, reset = 1_800_000_000) => ({ resource: 'graphql', limit: 5000, remaining: 5000 - used, used, reset });

describe('rate-limit points spent', () => {
  it('counts the growth of x-ratelimit-used from the first answer, once, whatever order answers arrive in', async () => {
    const m = await metrics();
    m.rateLimitSeen(reading(100)); // points spent before this process's first answer are not ours to count
    expect(await spent(m, 'graphql')).toBe(0);
    m.rateLimitSeen(reading(103));
    m.rateLimitSeen(reading(102)); // an earlier request's answer, late
    m.rateLimitSeen(reading(105));
    expect(await spent(m, 'graphql')).toBe(5);
  });

  it('counts a new window\'s whole `used`, and ignores a stale answer from the old one', async () => {
    const m = await metrics();
    m.rateLimitSeen(reading(4990));
    m.rateLimitSeen(reading(3, 1_800_003_600));
    m.rateLimitSeen(reading(4995)); // from before the reset, arriving late
    expect(await spent(m, 'graphql')).toBe(3);
  });

  it('reads the headers GitHub sends, and nothing from an answer without them', () => {
    const headers = new Headers({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4990', 'x-ratelimit-used': '10', 'x-ratelimit-reset': '1800000000', 'x-ratelimit-resource': 'core' });
    expect(rateLimitReading(headers)).toEqual({ resource: 'core', limit: 5000, remaining: 4990, used: 10, reset: 1_800_000_000 });
    expect(rateLimitReading(new Headers({ 'content-type': 'application/json' }))).toBeNull();
    expect(rateLimitReading(new Headers({ 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '1' }))).toBeNull();
  });
});
