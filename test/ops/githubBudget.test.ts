import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createBudgetTracker, type BudgetTracker } from '../../src/github/budgetTracker.js';
import { createGitHub } from '../../src/github/index.js';
import { pollOnce } from '../../src/jobs/poll.js';
import { silentLogger } from '../../src/logger.js';
import { createOpsEndpoints, type OpsEndpoints } from '../../src/ops/endpoints.js';
import { createHealthMonitor } from '../../src/ops/health.js';
import { createMetrics, type FlowlightMetrics } from '../../src/ops/metrics.js';
import { observeRateLimits } from '../../src/ops/rateLimitObserver.js';
import { sampleScenario, SAMPLE_REPOSITORIES, startSimulator } from '../../src/sim/index.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { parsePrometheusText, valueOf } from '../helpers/prometheusText.js';
import { flow, shownText, startHarness, type Harness } from '../slack/harness.js';

// The budget a real poll spent, shown where people and Prometheus look: a poll reads the simulator
// through the budget tracker (wired as main.ts wires it), then a signed `/flow status` reaches the
// real Bolt app and /metrics is scraped over HTTP and parsed strictly.

const POLL_MS = 60_000;
const T0 = '2026-11-25T10:00:00Z';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('the GitHub budget in /flow status and /metrics', () => {
  it('shows the points left this hour and this minute\'s points, as the simulator counted them', async () => {
    const sim = await startSimulator(sampleScenario(new Date(T0)), { now: () => new Date(T0) });
    cleanups.push(() => sim.close());
    let endpoints: OpsEndpoints | null = null;
    let metrics: FlowlightMetrics | null = null;
    let budget: BudgetTracker | null = null;
    const h: Harness = await startHarness({
      now: T0,
      deps: { opsEndpoints: { handle: (req, res) => endpoints!.handle(req, res) }, githubBudget: () => budget!.snapshot() },
    });
    cleanups.push(() => h.close());
    budget = createBudgetTracker({ clock: h.clock.now, onSpent: (kind, points) => metrics!.githubPointsSpent(kind, points) });
    const health = createHealthMonitor({ db: h.db, databaseFile: null, clock: h.clock.now, pollIntervalMs: POLL_MS, slackConnected: h.app.isConnected });
    metrics = createMetrics(new Registry(), { db: h.db, clock: h.clock.now, pollIntervalMs: POLL_MS, slackConnected: h.app.isConnected, lastSuccessfulPollAt: health.lastSuccessfulPollAt, githubBudget: budget.snapshot });
    endpoints = createOpsEndpoints({ health, registry: metrics.registry });

    const now = h.clock.now();
    await ensureTeam(h.db, 'C0TEAM', now);
    for (const repo of SAMPLE_REPOSITORIES) await watchRepo(h.db, 'C0TEAM', repo, null, now);
    const github = createGitHub({
      auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1,
      fetch: observeRateLimits(globalThis.fetch, metrics.rateLimitSeen), pace: budget.pacedFetch,
    });
    const report = await pollOnce({ db: h.db, github, logger: silentLogger, concurrency: 4 }, now);
    expect(report.failed).toEqual([]);
    const stats = sim.stats();
    expect(stats.graphqlRequests).toBeGreaterThan(0);

    const reply = await flow(h, 'status', { channel: 'C0TEAM' });
    // The poll read the team's members over REST (1 point) and the rest over GraphQL.
    expect(stats.restRequests).toBe(1);
    const restLeft = (5000 - (stats.rateLimitPoints - stats.graphqlPoints)).toLocaleString('en-US');
    const graphqlLeft = (5000 - stats.graphqlPoints).toLocaleString('en-US');
    expect(shownText(reply)).toContain(`GitHub budget: ${restLeft} of 5,000 REST and ${graphqlLeft} of 5,000 GraphQL points left this hour (resets in 60 min); this minute 1 of 900 REST and ${stats.graphqlRequests} of 2,000 GraphQL points.`);

    const res = await fetch(`${h.url}/metrics`);
    const families = parsePrometheusText(await res.text());
    const v = (name: string, labels: Record<string, string> = {}) => valueOf(families, name, labels);
    expect(families.get('flowlight_github_points_used_total')?.type).toBe('counter');
    expect(v('flowlight_github_points_used_total', { kind: 'graphql' })).toBe(stats.graphqlRequests);
    expect(v('flowlight_github_points_used_total', { kind: 'rest' })).toBe(stats.restRequests);
    expect(v('flowlight_github_points_this_minute', { kind: 'graphql' })).toBe(stats.graphqlRequests);
    expect(v('flowlight_github_rate_limit_remaining', { resource: 'graphql' })).toBe(5000 - stats.graphqlPoints);

    // A minute later this minute's points are spent no longer; the hour's are.
    h.clock.advance(60_000);
    // Only the budget's families: a second full scrape this soon finds prom-client's event-loop lag not yet sampled ("Nan").
    const later = parsePrometheusText((await Promise.all(['flowlight_github_points_this_minute', 'flowlight_github_points_used_total'].map((name) => metrics!.registry.getSingleMetricAsString(name)))).join('\n'));
    expect(valueOf(later, 'flowlight_github_points_this_minute', { kind: 'graphql' })).toBe(0);
    expect(valueOf(later, 'flowlight_github_points_used_total', { kind: 'graphql' })).toBe(stats.graphqlRequests);
    expect(shownText(await flow(h, 'status', { channel: 'C0TEAM' }))).toContain(`this minute 0 of 900 REST and 0 of 2,000 GraphQL points`);
  });

  it('says the budget is not known yet before GitHub has answered', async () => {
    const h = await startHarness({ now: T0, deps: { githubBudget: () => createBudgetTracker({ clock: () => new Date(T0) }).snapshot() } });
    cleanups.push(() => h.close());
    await ensureTeam(h.db, 'C0TEAM', new Date(T0));
    await watchRepo(h.db, 'C0TEAM', 'acme/api', null, new Date(T0));
    expect(shownText(await flow(h, 'status', { channel: 'C0TEAM' }))).toContain('GitHub budget: not known until the first read; this minute 0 of 900 REST and 0 of 2,000 GraphQL points.');
  });
});
