// The queue's facts end to end: the GitHub simulator over loopback → pollOnce → a real SQLite store →
// the team's snapshot and assessment. Requests that no longer stand leave the queue on the next
// poll, team requests count for the team's members, and a token that may not read members is said.
import { afterEach, describe, expect, it } from 'vitest';
import { assessTeam } from '../../src/domain/assess.js';
import { nextReviews } from '../../src/domain/nextReviews.js';
import { rankQueue, suggestContextOf } from '../../src/domain/suggest.js';
import { createGitHub } from '../../src/github/index.js';
import { pollOnce, type PollDeps } from '../../src/jobs/poll.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import {
  findPullRequest, makePullRequest, makeRepository, mergePullRequest, removeReviewRequest, requestReview, startSimulator, submitReview,
  type Scenario, type Simulator, type SimulatorOptions,
} from '../../src/sim/index.js';
import { buildStatus } from '../../src/slack/blocks/status.js';
import type { Db } from '../../src/store/open.js';
import { loadTeamSnapshot } from '../../src/store/snapshot.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { tempStore } from '../helpers/tempStore.js';

const REPO = 'acme/api';
const t0 = new Date('2026-11-25T10:00:00Z'); // a Wednesday
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

interface World { sim: Simulator; db: Db; deps: PollDeps; logLines: string[]; clock: { now: Date } }
const worlds: Array<{ sim: Simulator; cleanup: () => Promise<void> }> = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.cleanup();
    await w.sim.close();
  }
});

async function startWorld(scenario: Scenario, options: SimulatorOptions = {}): Promise<World> {
  const clock = { now: t0 };
  const sim = await startSimulator(scenario, { now: () => clock.now, ...options });
  const { db, cleanup } = await tempStore();
  worlds.push({ sim, cleanup });
  await ensureTeam(db, 'C1', t0);
  await watchRepo(db, 'C1', REPO, null, t0);
  const logLines: string[] = [];
  const logger = createLogger('warn', { write: (line: string) => void logLines.push(line) });
  const github = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1 });
  return { sim, db, deps: { db, github, logger, concurrency: 2 }, logLines, clock };
}

async function queueAfterPoll(world: World, minutes: number) {
  world.clock.now = later(minutes);
  const report = await pollOnce(world.deps, world.clock.now);
  expect(report.failed).toEqual([]);
  const snapshot = await loadTeamSnapshot(world.db, 'C1', 60_000, world.clock.now);
  return { snapshot, assessment: assessTeam(snapshot, world.clock.now) };
}

const waitingNumbers = (assessment: ReturnType<typeof assessTeam>) => assessment.queue.filter((pr) => pr.queue === 'awaiting_review').map((pr) => pr.facts.number);

function scenarioWithStaleRequest(): Scenario {
  const opened = new Date('2026-11-20T09:00:00Z'); // the Friday before
  const pr = makePullRequest({ number: 1, author: 'alice', createdAt: opened, commits: [{ at: opened }] });
  requestReview(pr, 'dana', opened);
  requestReview(pr, 'acme/core', opened);
  return { repositories: [makeRepository(REPO, [pr, makePullRequest({ number: 2, author: 'alice', createdAt: new Date('2026-11-25T09:00:00Z') })])], teams: [{ org: 'acme', slug: 'core', members: ['bob', 'erin'] }] };
}

describe('requests that no longer stand leave the queue on the next poll', () => {
  const changes: Array<[string, (s: Scenario, at: Date) => void, number[]]> = [
    ['carol approves and the PR is merged', (s, at) => {
      const pr = findPullRequest(s, REPO, 1);
      submitReview(pr, { author: 'carol', state: 'APPROVED', at }, s.teams);
      mergePullRequest(pr, at);
    }, [2]],
    ['carol approves (dana and the team still requested): approved, not waiting since Friday', (s, at) => {
      submitReview(findPullRequest(s, REPO, 1), { author: 'carol', state: 'APPROVED', at }, s.teams);
    }, [2]],
    ['bob asks for changes: his review answers the team\'s request, dana\'s older one waits on the fix', (s, at) => {
      submitReview(findPullRequest(s, REPO, 1), { author: 'bob', state: 'CHANGES_REQUESTED', at }, s.teams);
    }, [2]],
    ['both requests are withdrawn after a comment', (s, at) => {
      const pr = findPullRequest(s, REPO, 1);
      submitReview(pr, { author: 'carol', state: 'COMMENTED', at }, s.teams);
      removeReviewRequest(pr, 'dana', new Date(at.getTime() + 60_000));
      removeReviewRequest(pr, 'acme/core', new Date(at.getTime() + 60_000));
    }, [2]],
  ];

  it.each(changes)('%s', async (_name, change, waiting) => {
    const world = await startWorld(scenarioWithStaleRequest());
    const before = await queueAfterPoll(world, 0);
    expect(waitingNumbers(before.assessment)).toEqual([1, 2]);
    world.sim.update((s) => change(s, later(30)));
    const after = await queueAfterPoll(world, 31);
    expect(waitingNumbers(after.assessment)).toEqual(waiting);
  });

  it('a PR GitHub no longer has (deleted) leaves the queue', async () => {
    const world = await startWorld(scenarioWithStaleRequest());
    await queueAfterPoll(world, 0);
    world.sim.update((s) => {
      const repo = s.repositories[0]!;
      repo.pullRequests = repo.pullRequests.filter((pr) => pr.number !== 2);
      submitReview(findPullRequest(s, REPO, 1), { author: 'carol', state: 'COMMENTED', at: later(30) }, s.teams); // changes the list's ETag
    });
    const { assessment } = await queueAfterPoll(world, 31);
    expect(assessment.queue.map((pr) => pr.facts.number)).toEqual([1]);
  });

  it('a comment while a request still stands restarts this round at the comment', async () => {
    const world = await startWorld(scenarioWithStaleRequest());
    await queueAfterPoll(world, 0);
    world.sim.update((s) => submitReview(findPullRequest(s, REPO, 1), { author: 'carol', state: 'COMMENTED', at: later(30) }, s.teams));
    const { assessment } = await queueAfterPoll(world, 31);
    expect(assessment.queue.find((pr) => pr.facts.number === 1)?.awaitingReviewSince).toEqual(later(30));
  });
});

describe('team review requests', () => {
  it('count for the team\'s members after a poll: "you were requested (via @acme/core)"', async () => {
    const world = await startWorld(scenarioWithStaleRequest());
    const { snapshot, assessment } = await queueAfterPoll(world, 0);
    const ctx = suggestContextOf(snapshot, later(0));
    const forBob = nextReviews(rankQueue(assessment.queue, ctx), 'bob').top.find((s) => s.pr.facts.number === 1);
    const forCarol = nextReviews(rankQueue(assessment.queue, ctx), 'carol').top.find((s) => s.pr.facts.number === 1);
    expect(forBob).toMatchObject({ requested: 'team', requestedVia: 'acme/core' });
    expect(forBob!.explanation).toContain('you were requested (via @acme/core)');
    expect(forCarol).toMatchObject({ requested: null });
    expect(snapshot.unreadableTeams).toEqual([]);
  });

  it('are read again at most once an hour', async () => {
    const world = await startWorld(scenarioWithStaleRequest());
    await queueAfterPoll(world, 0);
    world.sim.update((s) => submitReview(findPullRequest(s, REPO, 2), { author: 'carol', state: 'COMMENTED', at: later(5) }));
    world.sim.resetStats();
    await queueAfterPoll(world, 10);
    expect(world.sim.stats().byRoute['GET /orgs/{org}/teams/{team_slug}/members']).toBeUndefined();
    await queueAfterPoll(world, 61);
    expect(world.sim.stats().byRoute['GET /orgs/{org}/teams/{team_slug}/members']).toBe(1);
  });

  it('without the members permission: count for nobody, logged once, and /flow status says what to grant', async () => {
    const world = await startWorld(scenarioWithStaleRequest(), { readsOrgMembers: false });
    const first = await queueAfterPoll(world, 0);
    await queueAfterPoll(world, 61);
    const { snapshot, assessment } = await queueAfterPoll(world, 122);
    const forBob = nextReviews(rankQueue(assessment.queue, suggestContextOf(snapshot, later(122))), 'bob').top.find((s) => s.pr.facts.number === 1);
    expect(forBob).toMatchObject({ requested: null });
    expect(first.snapshot.unreadableTeams).toEqual([{ slug: 'acme/core', detail: expect.stringContaining('Organization → Members: Read') }]);
    const warnings = world.logLines.filter((line) => line.includes('count for nobody'));
    expect(warnings).toHaveLength(1);
    const status = buildStatus({
      light: assessment.decision.light, since: assessment.decision.since, reasons: assessment.decision.reasons, metrics: assessment.metrics,
      dayHours: 8, top: [], mine: { kind: 'unlinked' }, repoCount: 1, backlog: [], recheck: { token: '5 min', slow: '30 min' }, now: later(122), unreadableTeams: snapshot.unreadableTeams,
    });
    expect(JSON.stringify(status.blocks)).toContain('Review requests to @acme/core count for nobody: GitHub refused to list the members of @acme/core: give the token Organization → Members: Read');
  });
});
