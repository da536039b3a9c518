import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RATE_LIMIT_WAIT_MS } from '../../src/domain/rateLimitWait.js';
import { checkRepositoryAccess, createGitHub } from '../../src/github/index.js';
import { evaluateAllTeams } from '../../src/jobs/evaluate.js';
import { pollOnce, type PollReport } from '../../src/jobs/poll.js';
import { startScheduler, type Scheduler } from '../../src/jobs/scheduler.js';
import { silentLogger } from '../../src/logger.js';
import { makePullRequest, makeScenario, startSimulator, type Simulator } from '../../src/sim/index.js';
import { getCursors, recordReadFailure } from '../../src/store/cursors.js';
import { shownText } from '../helpers/shownText.js';
import { flow, shownText as replyText, startHarness, type Harness } from '../slack/harness.js';
import { API, GITHUB_TOKEN, POLL_MS, startGitHubTeam, WEB, type GitHubTeam } from './support/githubTeam.js';

// The simulator's repositories are private, as on GitHub by default: the team watches them from a private channel.
const PRIVATE_TEAM_CHANNEL = { channels: { C0TEAM: { kind: 'private' as const, botIsMember: true } } };

// GitHub faults that used to stop the light: a GitHub that hangs (the grey alert waited for the poll to
// end), and a rate limit asking for a wait of a year (the repository went unread for as long, across
// restarts). Simulator over loopback, real SQLite, real scheduler, fake Slack, fixed clocks.

const NEVER = '0 0 1 1 *'; // the scheduler's cron poll stays out of the way; the test calls pollNow()
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);
const YEAR_MS = 365 * 24 * 3_600_000;

/** The light's alerts in the channel (the scheduler also posts the morning digest, owed at 10:00). */
const alerts = (t: GitHubTeam) => t.channel().map((m) => shownText(m)).filter((text) => !text.includes('Review queue digest'));

let team: GitHubTeam | null = null;
let scheduler: Scheduler | null = null;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = null;
  await team?.close();
  team = null;
});

describe('a GitHub that hangs', () => {
  it('turns the light grey after 3 poll intervals while the poll is still stuck, and the poll ends at its limit with the unread repository failed', async () => {
    // Requests never time out on their own here: only the whole-poll limit can end the poll.
    team = await startGitHubTeam({ github: { requestTimeoutMs: 3_600_000, retries: 0 } });
    const t = team;
    expect((await t.tick()).light.light).toBe('yellow');
    const lastGood = t.now();

    const reports: PollReport[] = [];
    scheduler = startScheduler({
      db: t.db,
      logger: silentLogger,
      pollCron: NEVER,
      pollIntervalMs: POLL_MS,
      poll: async (now) => reports.push(await pollOnce({ db: t.db, github: t.github, logger: silentLogger, concurrency: 2, timeLimitMs: 1_500 }, now)),
      evaluate: (now) => evaluateAllTeams(t.db, now, { pollIntervalMs: POLL_MS, logger: silentLogger }),
      deliveryClient: t.client,
      clock: t.now,
      outboxIntervalMs: 3_600_000,
    });

    t.sim.inject({ route: API, delayMs: 3_600_000 }); // acme/api answers nothing, for an hour
    t.advance(POLL_MS);
    const pollStartedAt = t.now();
    let settled = false;
    const poll = scheduler.pollNow().then(() => void (settled = true));

    // The staleness timer keeps evaluating with the current time while the poll hangs.
    for (const missed of [2, 3]) {
      t.advance(POLL_MS);
      await scheduler.checkStaleness();
      expect(settled, `the poll is still stuck after ${missed} intervals`).toBe(false);
    }
    // (A poll saves what it read when it ends, so acme/web, answered but not yet saved, is named too.)
    const transcript = alerts(t);
    expect(transcript).toHaveLength(2);
    expect(transcript[1]).toContain('yellow → grey');
    expect(transcript[1]).toMatch(/acme\/api has not been read for 3 min \(3 missed polls; grey at 3\)/);

    // The poll ends at its limit, without GitHub ever answering.
    await poll;
    const [report] = reports;
    expect(report!.timedOut).toBe(true);
    // acme/web is read in the same call as acme/api (the change feed reads an owner's repositories together):
    // the call hangs for both, and both fail at the limit, keeping their last good data.
    expect(report!.failed).toEqual([
      { repo: API, error: expect.stringMatching(/^GitHub did not answer for acme\/api before the poll timed out; flowlight keeps the last good data/) },
      { repo: WEB, error: expect.stringMatching(/^GitHub did not answer for acme\/web before the poll timed out/) },
    ]);
    expect((await t.cursor(WEB)).lastSuccessAt).not.toEqual(pollStartedAt);
    expect(await t.cursor(API)).toMatchObject({ lastSuccessAt: lastGood, consecutiveFailures: 1, retryAfter: null });
    expect((await t.cursor(API)).lastError).toMatch(/before the poll timed out/);
    // The evaluation after the poll used the time it ended: still grey, nothing announced twice.
    expect(alerts(t)).toHaveLength(2);

    // GitHub answers again: the next poll reads it and the light leaves grey.
    t.sim.clearFailures();
    t.advance(POLL_MS);
    await scheduler.pollNow();
    expect(reports[1]!.timedOut).toBe(false);
    expect(reports[1]!.failed).toEqual([]);
    const after = alerts(t);
    expect(after).toHaveLength(3);
    expect(after[2]).toContain('grey → yellow');
  });

  it('a poll within its limit is not marked as timed out', async () => {
    team = await startGitHubTeam();
    const report = await pollOnce({ db: team.db, github: team.github, logger: silentLogger, concurrency: 2, timeLimitMs: 60_000 }, team.now());
    expect(report).toMatchObject({ timedOut: false, failed: [], changed: [API, WEB] });
  });
});

describe('a rate limit asking for a wait of a year', () => {
  const cases = [
    {
      name: '403 secondary limit with retry-after: 99999999',
      inject: (sim: Simulator) => sim.inject({ route: API, status: 403, times: 1, headers: { 'retry-after': '99999999' }, body: JSON.stringify({ message: 'You have exceeded a secondary rate limit.' }) }),
    },
    {
      name: '429 with retry-after: 99999999',
      inject: (sim: Simulator) => sim.inject({ route: API, status: 429, times: 1, headers: { 'retry-after': '99999999' }, body: JSON.stringify({ message: 'Too many requests' }) }),
    },
    {
      name: '403 primary limit with x-ratelimit-reset a year ahead',
      inject: (sim: Simulator, at: Date) => sim.inject({
        route: API, status: 403, times: 1,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor((at.getTime() + YEAR_MS) / 1000)) },
        body: JSON.stringify({ message: 'API rate limit exceeded for user ID 1.' }),
      }),
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s: the next attempt comes within an hour', async (_name, fault) => {
    team = await startGitHubTeam();
    const t = team;
    await t.tick();
    const limitedAt = plus(t.now(), POLL_MS);
    fault.inject(t.sim, limitedAt);

    const limited = await t.tick();
    // acme/web is read in the same call as acme/api (the change feed reads an owner's repositories together).
    expect(limited.report.failed.map((f) => f.repo)).toEqual([API, WEB]);
    const until = (await t.cursor(API)).retryAfter!;
    expect(until).toEqual(plus(limitedAt, MAX_RATE_LIMIT_WAIT_MS));
    expect(limited.report.failed[0]!.error).toContain(`flowlight reads acme/api again after ${until.toISOString()}`);
    const callsWhileLimited = t.callsFor(API).length;

    // Within the hour: left alone, as asked.
    t.advance(MAX_RATE_LIMIT_WAIT_MS - 2 * POLL_MS);
    expect((await t.tick()).report.waiting).toEqual([API, WEB]);
    expect(t.callsFor(API)).toHaveLength(callsWhileLimited);

    // An hour after the limited answer: read again, and fresh.
    const next = await t.tick();
    expect(t.now()).toEqual(until);
    expect(next.report.waiting).toEqual([]);
    expect(next.report.failed).toEqual([]);
    expect(t.callsFor(API).length).toBeGreaterThan(callsWhileLimited);
    expect(await t.cursor(API)).toMatchObject({ retryAfter: null, lastError: null, lastSuccessAt: until });
  });

  it('a stored wait of a year (as an older version saved it) does not stop polling', async () => {
    team = await startGitHubTeam();
    const t = team;
    await t.tick();
    await recordReadFailure(t.db, API, 'GitHub\'s rate limit is used up', plus(t.now(), YEAR_MS), t.now());
    const next = await t.tick();
    expect(next.report.waiting).toEqual([]);
    expect(next.report.failed).toEqual([]);
    expect((await t.cursor(API)).retryAfter).toBeNull();
  });
});

describe('/flow watch of a repository already watched', () => {
  let h: Harness | null = null;
  let sim: Simulator | null = null;
  afterEach(async () => {
    await h?.close();
    await sim?.close();
    h = null;
    sim = null;
  });

  it('clears the wait GitHub asked for, so the next poll reads it', async () => {
    const createdAt = new Date('2026-11-25T09:00:00Z');
    sim = await startSimulator(makeScenario({ [API]: [makePullRequest({ number: 1, createdAt, commits: [{ at: createdAt }] })] }), { token: GITHUB_TOKEN, now: () => new Date('2026-11-25T10:00:00Z') });
    const github = createGitHub({ auth: { kind: 'token', token: GITHUB_TOKEN }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retries: 0 });
    h = await startHarness({ slack: PRIVATE_TEAM_CHANNEL, deps: { github: { checkRepositoryAccess: (repo) => checkRepositoryAccess(github, repo, h!.clock.now()) } } });
    const poll = () => pollOnce({ db: h!.db, github, logger: silentLogger, concurrency: 2 }, h!.clock.now());

    expect(replyText(await flow(h, 'watch acme/api'))).toContain('Watching `acme/api`');
    expect((await poll()).changed).toEqual([API]);
    sim.inject({ route: API, status: 429, times: 1, headers: { 'retry-after': '1800' }, body: JSON.stringify({ message: 'Too many requests' }) });
    h.clock.advance(POLL_MS);
    expect((await poll()).failed.map((f) => f.repo)).toEqual([API]);
    h.clock.advance(POLL_MS);
    expect((await poll()).waiting).toEqual([API]);

    const reply = replyText(await flow(h, 'watch acme/api'));
    expect(reply).toContain('`acme/api` is already watched here. It was waiting for GitHub\'s rate limit; the next poll reads it again.');
    expect((await getCursors(h.db, [API])).get(API)!.retryAfter).toBeNull();
    const after = await poll();
    expect(after.waiting).toEqual([]);
    expect(after.failed).toEqual([]);
    // Asked again with nothing to clear: just "already watched".
    const again = replyText(await flow(h, 'watch acme/api'));
    expect(again).toContain('`acme/api` is already watched here.');
    expect(again).not.toContain('rate limit');
  });
});
