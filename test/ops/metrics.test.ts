import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHub } from '../../src/github/index.js';
import { evaluateAllTeams } from '../../src/jobs/evaluate.js';
import { startOutboxLoop } from '../../src/jobs/outbox.js';
import { pollOnce } from '../../src/jobs/poll.js';
import { silentLogger } from '../../src/logger.js';
import { createOpsEndpoints, type OpsEndpoints } from '../../src/ops/endpoints.js';
import { createHealthMonitor } from '../../src/ops/health.js';
import { createMetrics, type FlowlightMetrics } from '../../src/ops/metrics.js';
import { observePoll } from '../../src/ops/observePoll.js';
import { observeRateLimits } from '../../src/ops/rateLimitObserver.js';
import { sampleScenario, SAMPLE_REPOSITORIES, startSimulator } from '../../src/sim/index.js';
import { linkPerson } from '../../src/store/people.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { deliveryClient } from '../jobs/support.js';
import { parsePrometheusText, valueOf } from '../helpers/prometheusText.js';
import { flow, startHarness, type Harness } from '../slack/harness.js';

// /metrics for real, in HTTP mode: the Bolt app's receiver serves it beside /slack/events. One poll
// cycle reads the GitHub simulator over loopback (through the rate-limit observing fetch), evaluates,
// delivers the alert to the fake Slack API through the outbox loop, and a signed /flow is answered;
// then the scrape must parse as Prometheus text and show each of them.

const POLL_MS = 60_000;
const T0 = '2026-11-25T10:00:00Z';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('/metrics after a real poll cycle (HTTP mode)', () => {
  it('parses as Prometheus text and shows polls, reads, rate limit, repositories, lights, outbox, /flow latency and process metrics', async () => {
    const sim = await startSimulator(sampleScenario(new Date(T0)), { now: () => new Date(T0) });
    cleanups.push(() => sim.close());
    // The receiver needs the endpoints before the store exists; they are bound once it does.
    let endpoints: OpsEndpoints | null = null;
    let metrics: FlowlightMetrics | null = null;
    let flowAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (flowAnswered = resolve));
    const h: Harness = await startHarness({
      now: T0,
      deps: {
        opsEndpoints: { handle: (req, res) => endpoints!.handle(req, res) },
        onFlowAnswered(subcommand, seconds) {
          metrics!.flowAnswered(subcommand, seconds);
          flowAnswered();
        },
      },
    });
    cleanups.push(() => h.close());
    const health = createHealthMonitor({ db: h.db, databaseFile: null, clock: h.clock.now, pollIntervalMs: POLL_MS, slackConnected: h.app.isConnected });
    metrics = createMetrics(new Registry(), { db: h.db, clock: h.clock.now, pollIntervalMs: POLL_MS, slackConnected: h.app.isConnected, lastSuccessfulPollAt: health.lastSuccessfulPollAt });
    endpoints = createOpsEndpoints({ health, registry: metrics.registry });
    const m = metrics;

    // Team C0TEAM: the sample repositories and one reviewer (red). Team C0GONE: a repository that does not exist.
    const now = h.clock.now();
    await ensureTeam(h.db, 'C0TEAM', now);
    for (const repo of SAMPLE_REPOSITORIES) await watchRepo(h.db, 'C0TEAM', repo, null, now);
    await linkPerson(h.db, 'C0TEAM', 'U0ZED', 'zed', now);
    await ensureTeam(h.db, 'C0GONE', now);
    await watchRepo(h.db, 'C0GONE', 'flowlight-demo/missing', null, now);

    const github = createGitHub({
      auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1,
      fetch: observeRateLimits(globalThis.fetch, m.rateLimitSeen),
    });
    await observePoll({ health, metrics: m }, now, async () => {
      const report = await pollOnce({ db: h.db, github, logger: silentLogger, concurrency: 4, onRepositoryRead: m.repositoryRead }, now);
      await evaluateAllTeams(h.db, now, { pollIntervalMs: POLL_MS, logger: silentLogger });
      return report;
    });
    const outbox = startOutboxLoop(h.db, deliveryClient(h.slack), { logger: silentLogger, now: h.clock.now, intervalMs: 3_600_000, onRun: m.deliveryRun });
    await outbox.kick();
    await outbox.stop();
    expect(h.slack.transcript('C0TEAM')).toHaveLength(1); // the red alert went out
    await flow(h, 'status', { channel: 'C0TEAM' });
    await answered;

    const res = await fetch(`${h.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(await res.text());
    const v = (name: string, labels: Record<string, string> = {}) => valueOf(families, name, labels);

    expect(families.get('flowlight_poll_duration_seconds')?.type).toBe('histogram');
    expect(v('flowlight_poll_duration_seconds_count', { outcome: 'succeeded' })).toBe(1);
    for (const repo of SAMPLE_REPOSITORIES) expect(v('flowlight_repository_reads_total', { repo, outcome: 'changed' })).toBe(1);
    expect(v('flowlight_repository_reads_total', { repo: 'flowlight-demo/missing', outcome: 'failed' })).toBe(1);

    const spent = sim.stats().rateLimitPoints;
    expect(spent).toBeGreaterThan(0);
    for (const resource of ['core', 'graphql']) {
      expect(v('flowlight_github_rate_limit_limit', { resource })).toBe(5000);
      expect(v('flowlight_github_rate_limit_remaining', { resource })).toBeGreaterThan(0);
      expect(v('flowlight_github_rate_limit_remaining', { resource })).toBeLessThan(5000);
    }
    // Counted from the growth of x-ratelimit-used: all but the first answer's points of each resource.
    const counted = v('flowlight_github_rate_limit_points_spent_total', { resource: 'core' })! + v('flowlight_github_rate_limit_points_spent_total', { resource: 'graphql' })!;
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThanOrEqual(spent);
    const remaining = v('flowlight_github_rate_limit_remaining', { resource: 'core' })! + v('flowlight_github_rate_limit_remaining', { resource: 'graphql' })!;
    expect(remaining).toBe(10_000 - spent);

    expect(v('flowlight_repositories', { state: 'watched' })).toBe(SAMPLE_REPOSITORIES.length + 1);
    expect(v('flowlight_repositories', { state: 'failing' })).toBe(1);
    expect(v('flowlight_repositories', { state: 'stale' })).toBe(1); // never read: stale at once
    expect(v('flowlight_repository_last_success_timestamp_seconds', { repo: SAMPLE_REPOSITORIES[0]! })).toBe(Date.parse(T0) / 1000);
    expect(v('flowlight_last_successful_poll_timestamp_seconds')).toBe(Date.parse(T0) / 1000);

    expect(v('flowlight_team_light', { team: 'C0TEAM', light: 'red' })).toBe(1);
    expect(v('flowlight_team_light', { team: 'C0TEAM', light: 'green' })).toBe(0);
    expect(v('flowlight_team_light', { team: 'C0GONE', light: 'grey' })).toBe(1);

    expect(v('flowlight_outbox_deliveries_total', { outcome: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(v('flowlight_outbox_messages', { status: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(v('flowlight_outbox_messages', { status: 'pending' })).toBe(0);
    expect(v('flowlight_outbox_messages', { status: 'parked' })).toBe(0);
    expect(v('flowlight_outbox_oldest_undelivered_age_seconds')).toBe(0);

    expect(families.get('flowlight_flow_command_duration_seconds')?.type).toBe('histogram');
    expect(v('flowlight_flow_command_duration_seconds_count', { subcommand: 'status' })).toBe(1);
    expect(v('flowlight_slack_connected')).toBe(1);
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect(families.get('nodejs_heap_size_used_bytes')?.type).toBe('gauge');
    for (const family of families.values()) if (family.name.startsWith('flowlight_')) expect(family.help.length).toBeGreaterThan(10);

    // The same app serves liveness and readiness beside /slack/events.
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
    h.clock.advance(5 * POLL_MS + 1);
    const unready = await fetch(`${h.url}/readyz`);
    expect(unready.status).toBe(503);
    expect(JSON.stringify(await unready.json())).toContain('more than 5 poll intervals');
  });
});
