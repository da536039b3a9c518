import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHub } from '../../src/github/index.js';
import { evaluateTeam } from '../../src/jobs/evaluate.js';
import { deliverDue } from '../../src/jobs/outbox.js';
import { pollOnce } from '../../src/jobs/poll.js';
import { processDeliveries, startDeliveryWorker, type DeliveryDeps } from '../../src/jobs/webhookDeliveries.js';
import { silentLogger } from '../../src/logger.js';
import { createGitHubWebhookEndpoint, WEBHOOKS_PATH } from '../../src/ops/githubWebhooks.js';
import { startHealthServer, type HealthServer } from '../../src/ops/healthServer.js';
import { findPullRequest, fullNameOf, mergePullRequest, generateScenario, sampleScenario, SAMPLE_REPOSITORIES, startSimulator, submitReview, type Scenario, type Simulator } from '../../src/sim/index.js';
import { getTeamLight } from '../../src/store/lights.js';
import type { Db } from '../../src/store/open.js';
import { linkPerson } from '../../src/store/people.js';
import { listPullRequests } from '../../src/store/pullRequests.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { shownText } from '../helpers/shownText.js';
import { tempStore } from '../helpers/tempStore.js';
import { deliveryClient } from '../jobs/support.js';

// POST /github/webhooks over loopback HTTP with real HMAC signatures, a real SQLite store, the GitHub
// simulator behind the delivery worker, and the fake Slack behind the outbox. The worker is driven
// explicitly (or awaited), never waited for on the real clock.

const SECRET = 'a-webhook-secret-of-32-characters';
const T0 = new Date('2026-11-20T12:00:00Z');

const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

interface Sent {
  status: number;
  text: string;
}

describe('POST /github/webhooks', () => {
  let sim: Simulator;
  let db: Db;
  let cleanup: () => Promise<void>;
  let server: HealthServer;
  let clock = T0;
  let kicks = 0;
  let deps: DeliveryDeps;

  const start = async (scenario: Scenario) => {
    sim = await startSimulator(scenario, { now: () => clock });
    ({ db, cleanup } = await tempStore());
    const github = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1 });
    deps = { db, github, logger: silentLogger, concurrency: 4, pollIntervalMs: 15 * 60_000 };
    const endpoint = createGitHubWebhookEndpoint({ secret: SECRET, db, logger: silentLogger, clock: () => clock, onDelivery: () => void (kicks += 1) });
    server = await startHealthServer(endpoint, { port: 0, host: '127.0.0.1' });
  };

  const post = async (event: string, id: string, payload: unknown, options: { signature?: string | null; raw?: string } = {}): Promise<Sent> => {
    const body = options.raw ?? JSON.stringify(payload);
    const signature = options.signature === undefined ? sign(body) : options.signature;
    const res = await fetch(`http://127.0.0.1:${server.port}${WEBHOOKS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': id, ...(signature ? { 'x-hub-signature-256': signature } : {}) },
      body,
    });
    return { status: res.status, text: await res.text() };
  };
  const reviewPayload = (repo: string, number: number) => ({ action: 'submitted', repository: { full_name: repo }, pull_request: { number }, review: { state: 'approved' } });
  const deliveries = () => db.selectFrom('github_deliveries').selectAll().orderBy('id').execute();

  beforeEach(() => {
    clock = T0;
    kicks = 0;
  });
  afterEach(async () => {
    await server.stop();
    await cleanup();
    await sim.close();
  });

  describe('on a store watching 30 repositories', () => {
    beforeEach(async () => {
      await start(generateScenario({ repos: 30, prsPerRepo: 4, seed: 5, now: T0 }));
      await ensureTeam(db, 'C1', T0);
      for (const repo of sim.scenario.repositories) await watchRepo(db, 'C1', fullNameOf(repo), null, T0);
      await pollOnce({ db, github: deps.github, logger: silentLogger, concurrency: 4 }, T0);
    });
    const openPr = (i: number) => {
      const repo = sim.scenario.repositories[i % 30]!;
      const open = repo.pullRequests.filter((p) => p.state === 'OPEN');
      return { repo: fullNameOf(repo), number: open[Math.floor(i / 30) % open.length]!.number };
    };

    it('refuses a wrong, missing or other-secret signature with 401 and stores nothing', async () => {
      const { repo, number } = openPr(0);
      const payload = reviewPayload(repo, number);
      expect((await post('pull_request_review', 'd-1', payload, { signature: null })).status).toBe(401);
      expect((await post('pull_request_review', 'd-2', payload, { signature: sign(JSON.stringify(payload), 'another-secret-of-enough-length') })).status).toBe(401);
      expect((await post('pull_request_review', 'd-3', payload, { signature: 'sha256=00' })).status).toBe(401);
      const tampered = await post('pull_request_review', 'd-4', payload, { signature: sign(JSON.stringify(reviewPayload(repo, number + 1))) });
      expect(tampered).toEqual({ status: 401, text: expect.stringContaining('GITHUB_WEBHOOK_SECRET') });
      expect(await deliveries()).toEqual([]);
      expect(kicks).toBe(0);
      sim.resetStats();
      expect(await processDeliveries(deps, T0)).toMatchObject({ processed: 0, read: 0 });
      expect(sim.stats().requests).toBe(0);
    });

    it('stores a delivery before answering, and a redelivery (same X-GitHub-Delivery) has no second effect', async () => {
      const { repo, number } = openPr(3);
      expect(await post('pull_request_review', 'd-same', reviewPayload(repo, number))).toEqual({ status: 202, text: 'accepted' });
      expect(await deliveries()).toEqual([expect.objectContaining({ id: 'd-same', event: 'pull_request_review', repo: repo.toLowerCase(), number, processed_at: null })]);
      sim.resetStats();
      expect(await processDeliveries(deps, T0)).toMatchObject({ processed: 1, read: 1, teams: ['C1'] });
      expect(sim.stats().requests).toBe(1);

      expect(await post('pull_request_review', 'd-same', reviewPayload(repo, number))).toEqual({ status: 202, text: 'already received' });
      expect(kicks).toBe(1);
      sim.resetStats();
      expect(await processDeliveries(deps, T0)).toMatchObject({ processed: 0, read: 0 });
      expect(sim.stats().requests).toBe(0);
      expect(await deliveries()).toHaveLength(1);
    });

    it('answers ping, ignores events it does not use, and refuses a malformed delivery with 400', async () => {
      expect(await post('ping', 'd-ping', { zen: 'Keep it logically awesome.', hook_id: 1 })).toEqual({ status: 200, text: 'pong' });
      expect(await post('push', 'd-push', { ref: 'refs/heads/main', repository: { full_name: openPr(0).repo } })).toEqual({ status: 202, text: 'ignored: flowlight does not use push events' });
      expect((await post('pull_request_review_comment', 'd-c', reviewPayload(openPr(0).repo, openPr(0).number))).status).toBe(202);
      const notJson = '{"action":';
      expect(await post('pull_request', 'd-bad', null, { raw: notJson, signature: sign(notJson) })).toEqual({ status: 400, text: 'malformed delivery: the body is not JSON' });
      expect((await post('pull_request', 'd-nopr', { action: 'opened', repository: { full_name: 'a/b' } })).status).toBe(400);
      const noId = await fetch(`http://127.0.0.1:${server.port}${WEBHOOKS_PATH}`, { method: 'POST', headers: { 'x-github-event': 'pull_request', 'x-hub-signature-256': sign('{}') }, body: '{}' });
      expect(noId.status).toBe(400);
      expect(await deliveries()).toEqual([]);
      expect(kicks).toBe(0);
    });

    it('refuses a body over the limit with 413, and anything but POST with 405', async () => {
      const huge = JSON.stringify({ action: 'edited', pull_request: { number: 1, body: 'x'.repeat(6 * 1024 * 1024) }, repository: { full_name: 'a/b' } });
      expect((await post('pull_request', 'd-huge', null, { raw: huge, signature: sign(huge) })).status).toBe(413);
      expect((await fetch(`http://127.0.0.1:${server.port}${WEBHOOKS_PATH}`)).status).toBe(405);
      expect(await deliveries()).toEqual([]);
    });

    it('processes a burst of 500 deliveries once each, reading each named PR once, in batches', async () => {
      const named = new Set<string>();
      const ids: string[] = [];
      for (let batch = 0; batch < 10; batch += 1) {
        await Promise.all(Array.from({ length: 50 }, async (_, j) => {
          const i = batch * 50 + j;
          const { repo, number } = openPr(i);
          named.add(`${repo}#${number}`);
          ids.push(`burst-${i}`);
          expect((await post(i % 2 ? 'pull_request' : 'pull_request_review', `burst-${i}`, i % 2 ? { action: 'synchronize', repository: { full_name: repo }, pull_request: { number } } : reviewPayload(repo, number))).status).toBe(202);
        }));
      }
      expect(kicks).toBe(500);
      sim.resetStats();
      const report = await processDeliveries(deps, T0);
      expect(report).toMatchObject({ processed: 500, read: named.size, retained: 0, teams: ['C1'] });
      // 49 PRs a call (1 point each): the burst costs what its distinct PRs cost, not what its deliveries do.
      expect(sim.stats().requests).toBe(Math.ceil(named.size / 49));
      const rows = await deliveries();
      expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(rows.every((r) => r.processed_at === T0.toISOString())).toBe(true);
      sim.resetStats();
      expect(await processDeliveries(deps, T0)).toMatchObject({ processed: 0 });
      expect(sim.stats().requests).toBe(0);
    });

    it('forgets a processed delivery after 7 days (GitHub redelivers up to 3 days back), never an unprocessed one', async () => {
      const { repo, number } = openPr(2);
      await post('pull_request', 'old-processed', { action: 'edited', repository: { full_name: repo }, pull_request: { number } });
      await processDeliveries(deps, T0);
      clock = new Date(T0.getTime() + 6 * 24 * 3_600_000);
      await post('pull_request', 'old-kept', { action: 'edited', repository: { full_name: 'elsewhere/repo' }, pull_request: { number: 1 } });
      sim.inject({ route: 'graphql', status: 502 });
      await post('pull_request', 'old-unprocessed', { action: 'edited', repository: { full_name: repo }, pull_request: { number } });
      await processDeliveries(deps, clock);
      expect((await deliveries()).map((d) => d.id)).toEqual(['old-kept', 'old-processed', 'old-unprocessed']);
      await processDeliveries(deps, new Date(T0.getTime() + 8 * 24 * 3_600_000));
      expect((await deliveries()).map((d) => d.id)).toEqual(['old-kept', 'old-unprocessed']);
      // The redelivery of a forgotten one is taken as new: reading a PR twice is harmless.
      expect((await post('pull_request', 'old-processed', { action: 'edited', repository: { full_name: repo }, pull_request: { number } })).text).toBe('accepted');
    });

    it('marks a delivery for an unwatched repository processed without reading GitHub', async () => {
      expect((await post('pull_request', 'd-other', { action: 'opened', repository: { full_name: 'elsewhere/repo' }, pull_request: { number: 7 } })).status).toBe(202);
      sim.resetStats();
      expect(await processDeliveries(deps, T0)).toMatchObject({ processed: 1, read: 0, teams: [] });
      expect(sim.stats().requests).toBe(0);
    });

    it('keeps deliveries whose read failed for a later run, and drains what was stored before a restart when the worker starts', async () => {
      const { repo, number } = openPr(5);
      await post('pull_request', 'd-kept', { action: 'closed', repository: { full_name: repo }, pull_request: { number } });
      sim.inject({ route: 'graphql', status: 502 });
      expect(await processDeliveries(deps, T0)).toMatchObject({ processed: 0, retained: 1 });
      expect((await deliveries())[0]!.processed_at).toBeNull();
      sim.clearFailures();
      // The process stops here; a new one starts its worker, which drains what is stored.
      clock = new Date(T0.getTime() + 60_000);
      const worker = startDeliveryWorker({ ...deps, clock: () => clock });
      await worker.idle();
      await worker.stop();
      expect((await deliveries())[0]!.processed_at).toBe(clock.toISOString());
    });
  });

  it('a review submitted on GitHub, then its delivery: the swarm plan and the light move in Slack', async () => {
    await start(sampleScenario(T0));
    const slack: FakeSlack = await startFakeSlack({ clock: () => clock.getTime() });
    try {
      await ensureTeam(db, 'C0TEAM', T0);
      for (const repo of SAMPLE_REPOSITORIES) await watchRepo(db, 'C0TEAM', repo, null, T0);
      await linkPerson(db, 'C0TEAM', 'U0ZED', 'zed', T0); // one reviewer for five waiting PRs: red
      await pollOnce({ db, github: deps.github, logger: silentLogger, concurrency: 4 }, T0);
      const evaluate = () => evaluateTeam(db, 'C0TEAM', clock, { pollIntervalMs: deps.pollIntervalMs, logger: silentLogger });
      const deliver = () => deliverDue(db, deliveryClient(slack), clock, { logger: silentLogger });
      await evaluate();
      await deliver();
      expect((await getTeamLight(db, 'C0TEAM'))?.light).toBe('red');
      const plan = () => slack.transcript('C0TEAM').map((m) => shownText(m as { blocks: unknown[] })).join('\n');
      const before = plan();
      expect(before).toContain('Review queue over the limit');

      expect(before).toMatch(/<@U0ZED> → <[^|]+\/pull\/42\|/);
      const worker = startDeliveryWorker({ ...deps, clock: () => clock, afterStep: () => deliver() });
      let id = 0;
      const review = async (repo: string, number: number) => {
        sim.update((s) => submitReview(findPullRequest(s, repo, number), { author: 'zed', state: 'APPROVED', at: clock }));
        id += 1;
        expect((await post('pull_request_review', `rev-${id}`, reviewPayload(repo, number))).status).toBe(202);
        await worker.kick();
      };

      // zed takes his line of the plan: the plan moves on to the next PR, and the light's figures with it.
      clock = new Date(T0.getTime() + 60_000);
      await review('flowlight-demo/web', 42);
      await worker.idle();
      const after = plan();
      expect(after).not.toMatch(/<@U0ZED> → <[^|]+\/pull\/42\|/);
      expect(after).toMatch(/<@U0ZED> → <[^|]+\/pull\/\d+\|/);
      expect(after).toContain('Plan updated');
      expect((await getTeamLight(db, 'C0TEAM'))?.reasons[0]?.text).toContain('4 PRs awaiting review');

      // Then the rest of the queue is merged (pull_request closed deliveries): the light leaves red.
      clock = new Date(T0.getTime() + 120_000);
      const open = (await listPullRequests(db, [...SAMPLE_REPOSITORIES], T0)).filter((pr) => pr.state === 'OPEN');
      for (const pr of open) {
        sim.update((s) => mergePullRequest(findPullRequest(s, pr.repo, pr.number), clock));
        id += 1;
        expect((await post('pull_request', `merge-${id}`, { action: 'closed', repository: { full_name: pr.repo }, pull_request: { number: pr.number, merged: true } })).status).toBe(202);
      }
      await worker.kick();
      await worker.idle();
      const merged = plan();
      expect(merged).not.toEqual(after);
      expect(merged).toContain('Plan updated <!date^' + String(clock.getTime() / 1000));
      // The light's dwell and persistence window (an hour of an empty queue) hold red by design; the next
      // delivery after that window is enough to bring it down, without waiting for the reconciliation poll.
      expect((await getTeamLight(db, 'C0TEAM'))?.light).toBe('red');
      // (Meanwhile the reconciliation poll keeps the data fresh, as the scheduler runs it every 15 minutes.)
      for (const minutes of [15, 30, 45, 60]) await pollOnce({ db, github: deps.github, logger: silentLogger, concurrency: 4 }, new Date(T0.getTime() + minutes * 60_000));
      expect((await getTeamLight(db, 'C0TEAM'))?.light).toBe('red');
      clock = new Date(T0.getTime() + 62 * 60_000);
      expect((await post('pull_request', 'late-1', { action: 'labeled', repository: { full_name: open[0]!.repo }, pull_request: { number: open[0]!.number } })).status).toBe(202);
      await worker.kick();
      await worker.stop();
      expect((await getTeamLight(db, 'C0TEAM'))?.light).toBe('green');
      expect(plan()).not.toEqual(merged);
      expect(await db.selectFrom('github_deliveries').select('id').where('processed_at', 'is', null).execute()).toEqual([]);
    } finally {
      await slack.close();
    }
  });
});
