import fs from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { liveness, readiness, STALE_AFTER_INTERVALS, type HealthFacts } from '../../src/domain/health.js';
import { createOpsEndpoints } from '../../src/ops/endpoints.js';
import { createHealthMonitor, type HealthMonitor } from '../../src/ops/health.js';
import { startHealthServer } from '../../src/ops/healthServer.js';
import { enqueueMessage } from '../../src/store/outbox.js';
import { Registry } from 'prom-client';
import { fixedClock } from '../jobs/support.js';
import { tempStore } from '../helpers/tempStore.js';

// /healthz and /readyz over loopback HTTP, on a real SQLite file with the real migrations, with a
// fixed clock: what makes each of them fail, and what the answer says.

const POLL_MS = 60_000;
const TOO_OLD_MS = STALE_AFTER_INTERVALS * POLL_MS;
const T0 = '2026-11-25T10:00:00Z';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface World {
  url: string;
  db: Awaited<ReturnType<typeof tempStore>>['db'];
  file: string;
  clock: ReturnType<typeof fixedClock>;
  health: HealthMonitor;
  slack: { connected: boolean };
}

async function world(): Promise<World> {
  const store = await tempStore();
  cleanups.push(store.cleanup);
  const clock = fixedClock(T0);
  const slack = { connected: true };
  const health = createHealthMonitor({ db: store.db, databaseFile: store.file, clock: clock.now, pollIntervalMs: POLL_MS, slackConnected: () => slack.connected });
  const server = await startHealthServer(createOpsEndpoints({ health, registry: new Registry() }), { port: 0, host: '127.0.0.1' });
  cleanups.push(server.stop);
  return { url: `http://127.0.0.1:${server.port}`, db: store.db, file: store.file, clock, health, slack };
}

async function probe(w: World, path: '/healthz' | '/readyz'): Promise<{ status: number; body: { status: string; checks: Array<{ name: string; ok: boolean; detail: string }> } }> {
  const res = await fetch(`${w.url}${path}`);
  return { status: res.status, body: (await res.json()) as never };
}

const failing = (body: { checks: Array<{ name: string; ok: boolean; detail: string }> }) => body.checks.filter((c) => !c.ok);

const report = (over: Partial<{ repos: number; changed: string[]; unchanged: number; failed: Array<{ repo: string; error: string }> }> = {}) => ({ repos: 2, changed: ['acme/api'], unchanged: 1, failed: [], ...over });

describe('/healthz and /readyz', () => {
  it('both answer 200 with every check named when the store takes writes, Slack is connected and nothing is overdue', async () => {
    const w = await world();
    w.health.recordPoll(w.clock.now(), { report: report() });
    const live = await probe(w, '/healthz');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    expect(live.body.checks.map((c) => c.name)).toEqual(['store', 'poll', 'delivery']);
    expect(live.body.checks[0]).toEqual({ name: 'store', ok: true, detail: 'the database takes writes' });
    const ready = await probe(w, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks.map((c) => c.name)).toEqual(['store', 'slack', 'poll', 'delivery']);
    // the probe really wrote: the heartbeat row carries the clock's time
    expect(await w.db.selectFrom('health_heartbeat').selectAll().execute()).toEqual([{ name: 'store', beat_at: '2026-11-25T10:00:00.000Z' }]);
  });

  it('turns unready and unhealthy when the last successful poll is more than 5 poll intervals old (GitHub down), and ready again after one', async () => {
    const w = await world();
    w.health.recordPoll(w.clock.now(), { report: report() });
    w.clock.advance(TOO_OLD_MS);
    w.health.recordPoll(w.clock.now(), { report: report({ changed: [], unchanged: 0, failed: [{ repo: 'acme/api', error: 'GitHub answered 503' }, { repo: 'acme/web', error: 'GitHub answered 503' }] }) });
    expect((await probe(w, '/readyz')).status).toBe(200); // exactly 5 intervals: still within
    w.clock.advance(1);
    const ready = await probe(w, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('unready');
    expect(failing(ready.body)).toEqual([{ name: 'poll', ok: false, detail: expect.stringContaining('last successful poll 5 min ago, more than 5 poll intervals: no repository could be read (acme/api: GitHub answered 503)') }]);
    // Not just unready: a bot that has not read GitHub for 5 intervals shows a light nobody can trust.
    const live = await probe(w, '/healthz');
    expect(live.status).toBe(503);
    expect(failing(live.body).map((c) => c.name)).toEqual(['poll']);
    w.health.recordPoll(w.clock.now(), { report: report() });
    expect((await probe(w, '/readyz')).status).toBe(200);
    expect((await probe(w, '/healthz')).status).toBe(200);
  });

  it('counts from the start before the first poll, and a poll that throws says why', async () => {
    const w = await world();
    w.clock.advance(TOO_OLD_MS + 1);
    w.health.recordPoll(w.clock.now(), { error: 'database is locked' });
    const ready = await probe(w, '/readyz');
    expect(ready.status).toBe(503);
    expect(failing(ready.body)[0]?.detail).toMatch(/^no successful poll since the start 5 min ago, more than 5 poll intervals: the poll failed \(database is locked\)/);
  });

  it('turns unready while Slack is not connected', async () => {
    const w = await world();
    w.slack.connected = false;
    const ready = await probe(w, '/readyz');
    expect(ready.status).toBe(503);
    expect(failing(ready.body).map((c) => c.name)).toEqual(['slack']);
    expect((await probe(w, '/healthz')).status).toBe(200);
  });

  it('turns unhealthy and unready when a message has waited more than 5 poll intervals for delivery (Slack down)', async () => {
    const w = await world();
    await enqueueMessage(w.db, { teamId: 'C0TEAM', dedupeKey: 'alert:1', kind: 'alert', payload: { action: 'post', channel: 'C0TEAM', text: 'x', blocks: [] } }, w.clock.now());
    w.clock.advance(TOO_OLD_MS - 60_000);
    w.health.recordPoll(w.clock.now(), { report: report() });
    expect((await probe(w, '/readyz')).body.checks.find((c) => c.name === 'delivery')).toEqual({ name: 'delivery', ok: true, detail: 'the oldest undelivered message waits 4 min' });
    w.clock.advance(60_001);
    const ready = await probe(w, '/readyz');
    expect(ready.status).toBe(503);
    expect(failing(ready.body)).toEqual([{ name: 'delivery', ok: false, detail: expect.stringContaining('a message has waited 5 min for delivery to Slack') }]);
    expect(failing((await probe(w, '/healthz')).body).map((c) => c.name)).toEqual(['delivery']);
  });

  it('is unhealthy when the store refuses writes (read-only), naming the error', async () => {
    const w = await world();
    // SQLite's own read-only switch: the same SQLITE_READONLY a read-only file or file system gives,
    // and unlike chmod it holds for root and for a connection already open.
    await sql`PRAGMA query_only = ON`.execute(w.db);
    const live = await probe(w, '/healthz');
    expect(live.status).toBe(503);
    expect(live.body.status).toBe('unhealthy');
    expect(failing(live.body)).toEqual([{ name: 'store', ok: false, detail: expect.stringMatching(/^the database cannot be written: .*readonly/i) }]);
    expect((await probe(w, '/readyz')).status).toBe(503);
    await sql`PRAGMA query_only = OFF`.execute(w.db);
    expect((await probe(w, '/healthz')).status).toBe(200);
  });

  it('is unhealthy when the database is closed', async () => {
    const w = await world();
    await w.db.destroy();
    const live = await probe(w, '/healthz');
    expect(live.status).toBe(503);
    expect(live.body.checks[0]?.detail).toMatch(/^the database cannot be written: /);
  });

  it('is unhealthy when the database file was deleted under the running process (its writes would be lost)', async () => {
    const w = await world();
    expect((await probe(w, '/healthz')).status).toBe(200);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${w.file}${suffix}`, { force: true });
    const live = await probe(w, '/healthz');
    expect(live.status).toBe(503);
    expect(live.body.checks[0]?.detail).toBe(`the database cannot be written: the file ${w.file} was deleted (writes go to a file no one will read after a restart): restore it from a backup and restart`);
  });

  it('answers only GET and HEAD of its three paths; anything else on the health port is 404', async () => {
    const w = await world();
    expect((await fetch(`${w.url}/healthz`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${w.url}/slack/events`)).status).toBe(404);
    expect((await fetch(`${w.url}/healthz`, { method: 'POST' })).status).toBe(404);
  });
});

describe('the health verdict (pure)', () => {
  const base: HealthFacts = { startedAt: new Date(T0), store: { ok: true }, slackConnected: true, lastSuccessfulPollAt: null, lastPollProblem: null, oldestUndeliveredAt: null };

  it('health looks at the store, the poll and delivery; readiness also at Slack', () => {
    const down: HealthFacts = { ...base, slackConnected: false, store: { ok: false, error: 'SQLITE_FULL: database or disk is full' } };
    const verdict = liveness(down, new Date(T0), POLL_MS);
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([{ name: 'store', ok: false, detail: 'the database cannot be written: SQLITE_FULL: database or disk is full' }]);
    expect(liveness({ ...base, slackConnected: false }, new Date(T0), POLL_MS).ok).toBe(true);
    expect(readiness({ ...base, slackConnected: false }, new Date(T0), POLL_MS).ok).toBe(false);
  });

  it('"too old" scales with the poll interval', () => {
    const at = (ms: number) => new Date(new Date(T0).getTime() + ms);
    const facts = { ...base, lastSuccessfulPollAt: new Date(T0) };
    expect(readiness(facts, at(5 * 3_600_000), 3_600_000).ok).toBe(true);
    expect(readiness(facts, at(5 * 3_600_000 + 1), 3_600_000).ok).toBe(false);
    expect(readiness(facts, at(5 * 60_000 + 1), 60_000).ok).toBe(false);
  });
});
