import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { liveness, readiness, type HealthFacts } from '../../src/domain/health.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { parsePrometheusText, valueOf } from '../helpers/prometheusText.js';
import { tempStore } from '../helpers/tempStore.js';

// Replicas: /healthz and /readyz say which replica leads; a follower (which neither polls nor
// delivers) is judged on the store and Slack only, and a replica that just took the lead is judged on
// its poll from that moment, not from its start. /metrics has flowlight_leader.

const T0 = '2026-11-25T10:00:00Z';
const POLL_MS = 60_000;
const at = (ms: number) => new Date(new Date(T0).getTime() + ms);
const base: HealthFacts = { startedAt: new Date(T0), store: { ok: true }, slackConnected: true, lastSuccessfulPollAt: null, lastPollProblem: null, oldestUndeliveredAt: null };

describe('the health verdict of a replica', () => {
  it('a follower names the leader and is healthy however long ago it (never) polled, or a message waits', () => {
    const follower: HealthFacts = { ...base, oldestUndeliveredAt: new Date(T0), leadership: { role: 'follower', since: new Date(T0), leader: { holder: 'db-1 pid 7 since x', term: 4 } } };
    const later = at(24 * 3_600_000);
    expect(liveness(follower, later, POLL_MS)).toEqual({
      ok: true,
      checks: [
        { name: 'store', ok: true, detail: 'the database takes writes' },
        { name: 'leader', ok: true, detail: 'this replica follows db-1 pid 7 since x (term 4), which polls and delivers' },
      ],
    });
    expect(readiness({ ...follower, slackConnected: false }, later, POLL_MS).ok).toBe(false); // it still answers Slack
  });

  it('the leader says so and is judged on its poll from when it took the lead', () => {
    const tookLead = at(10 * 3_600_000);
    const leader: HealthFacts = { ...base, lastSuccessfulPollAt: new Date(T0), leadership: { role: 'leader', since: tookLead, leader: { holder: 'me', term: 5 } } };
    const soon = liveness(leader, new Date(tookLead.getTime() + 60_000), POLL_MS);
    expect(soon.ok).toBe(true);
    expect(soon.checks.map((c) => c.name)).toEqual(['store', 'leader', 'poll', 'delivery']);
    expect(soon.checks[1]!.detail).toBe('this replica leads (term 5): it polls and delivers');
    expect(soon.checks[2]!.detail).toBe('no successful poll since this replica took the lead 1 min ago');
    const stuck = liveness(leader, new Date(tookLead.getTime() + 5 * POLL_MS + 1), POLL_MS);
    expect(stuck.checks.find((c) => c.name === 'poll')).toMatchObject({ ok: false });
  });

  it('a follower before anyone led says so', () => {
    const verdict = liveness({ ...base, leadership: { role: 'follower', since: new Date(T0), leader: null } }, new Date(T0), POLL_MS);
    expect(verdict.checks[1]).toEqual({ name: 'leader', ok: true, detail: 'this replica follows; no replica has led yet' });
  });
});

describe('flowlight_leader', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  it('is 1 on the leader, 0 on a follower, and 1 on the single process of SQLite', async () => {
    const store = await tempStore();
    cleanups.push(store.cleanup);
    let leads = true;
    const sources = { db: store.db, clock: () => new Date(T0), pollIntervalMs: POLL_MS, slackConnected: () => true, lastSuccessfulPollAt: () => null };
    const replica = createMetrics(new Registry(), { ...sources, isLeader: () => leads });
    const scrape = async (registry: Registry) => valueOf(parsePrometheusText(await registry.metrics()), 'flowlight_leader');
    expect(await scrape(replica.registry)).toBe(1);
    leads = false;
    expect(await scrape(replica.registry)).toBe(0);
    expect(await scrape(createMetrics(new Registry(), sources).registry)).toBe(1);
  });
});
