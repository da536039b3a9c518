import { afterEach, describe, expect, it } from 'vitest';
import type { GitHubOptions } from '../../src/github/index.js';
import { findPullRequest, pushCommit, type Simulator } from '../../src/sim/index.js';
import { shownText } from '../helpers/shownText.js';
import { API, nullFirstPullRequestOf, POLL_MS, startGitHubTeam, WEB, type GitHubTeam } from './support/githubTeam.js';

// GitHub faults end to end: simulator (failure injection) → pollOnce → store → evaluateAllTeams
// → outbox → fake Slack, on a fixed clock that moves one poll interval per tick. For every fault class:
//   - no light from partial data: the failed repository keeps its last good data, byte for byte, and the
//     light stays what that data says (yellow; it would be green without acme/api's PRs);
//   - the other repository is still read (a change to it lands during the fault);
//   - grey after exactly 3 missed poll intervals, the reason naming the repository and the error;
//   - rate limits: no call to that repository before GitHub's reset;
//   - recovery by itself once GitHub answers: fresh data, one grey alert, one "fresh data again".

interface FaultCase {
  name: string;
  inject(sim: Simulator, at: Date): void;
  /** 'api': only acme/api fails, acme/web must still be read; 'all': every repository fails */
  scope: 'api' | 'all';
  /**
   * GraphQL faults hit every GraphQL answer (the reader may batch repositories into one query), so
   * during them only acme/api changes: acme/web is then read by its conditional probe alone (304).
   */
  graphql?: boolean;
  /** what the grey reason (and the alert) says about the error */
  error: RegExp;
  /** rate limits: GitHub asked for no call before this (from the time of the limited answer) */
  waitUntil?: (limitedAt: Date) => Date;
  github?: Partial<GitHubOptions>;
  /** a fault shaped on the wire instead of by the simulator */
  tamper?: ReturnType<typeof nullFirstPullRequestOf>;
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);
const SECONDARY = JSON.stringify({ message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' });

const FAULTS: FaultCase[] = [
  ...[500, 502, 503].map((status): FaultCase => ({
    name: `${status} from every endpoint of acme/api`,
    inject: (sim) => sim.inject({ route: API, status }),
    scope: 'api',
    error: new RegExp(`GitHub did not answer for acme/api \\(HTTP ${status}\\)`),
  })),
  {
    name: 'no answer within the request timeout',
    inject: (sim) => sim.inject({ route: API, delayMs: 60_000 }),
    scope: 'api',
    error: /GitHub did not answer for acme\/api \(GitHub did not answer within 300 ms\)/,
    // Cut at the timeout and not retried: each retry would wait the timeout again, and that a timed-out
    // request is retried is test/github/failures.test.ts's to show.
    github: { requestTimeoutMs: 300, retries: 0 },
  },
  {
    name: 'connection reset',
    inject: (sim) => sim.inject({ route: API, resetConnection: true }),
    scope: 'api',
    error: /GitHub did not answer for acme\/api/,
  },
  {
    name: '401: the token was revoked (every repository)',
    inject: (sim) => {
      sim.inject({ route: 'rest', status: 401, body: JSON.stringify({ message: 'Bad credentials' }) });
      sim.inject({ route: 'graphql', status: 401, body: JSON.stringify({ message: 'Bad credentials' }) });
    },
    scope: 'all',
    error: /the token is invalid or expired: create a new one .* set GITHUB_TOKEN/,
  },
  {
    name: '403 primary rate limit with x-ratelimit-reset',
    inject: (sim, at) =>
      sim.inject({
        route: API, status: 403, times: 1,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(seconds(plus(at, 6 * 60_000))) },
        body: JSON.stringify({ message: 'API rate limit exceeded for user ID 1.' }),
      }),
    // Every repository of an owner is read in one call (the change feed): a rate limit answers them all.
    scope: 'all',
    error: /GitHub's rate limit is used up; flowlight reads acme\/api again after 2026-11-23T10:07:00.000Z/,
    waitUntil: (at) => plus(at, 6 * 60_000),
  },
  {
    name: '403 secondary rate limit with retry-after',
    inject: (sim) => sim.inject({ route: API, status: 403, times: 1, headers: { 'retry-after': '300' }, body: SECONDARY }),
    scope: 'all',
    error: /rate limit is used up; flowlight reads acme\/api again after 2026-11-23T10:06:00.000Z/,
    waitUntil: (at) => plus(at, 300_000),
  },
  {
    name: '429 secondary rate limit with retry-after',
    inject: (sim) => sim.inject({ route: API, status: 429, times: 1, headers: { 'retry-after': '240' }, body: JSON.stringify({ message: 'Too many requests' }) }),
    scope: 'all',
    error: /rate limit is used up; flowlight reads acme\/api again after 2026-11-23T10:05:00.000Z/,
    waitUntil: (at) => plus(at, 240_000),
  },
  {
    name: 'malformed JSON from GraphQL',
    inject: (sim) => sim.inject({ route: 'graphql', body: '{"data": {"repository": {"pullRequests": {"nodes": [' }),
    // Every repository is read through GraphQL now (no REST probe): a GraphQL that answers nothing fails them all.
    scope: 'all',
    graphql: true,
    error: /GitHub sent an incomplete or malformed answer for acme\/api/,
  },
  {
    name: 'GraphQL errors beside partial data',
    inject: (sim) => sim.inject({ route: 'graphql', graphqlErrors: true }),
    scope: 'all',
    graphql: true,
    error: /incomplete or malformed answer for acme\/api \(GraphQL error/,
  },
  // Both repositories changed, so their lists may travel in one GraphQL answer: only acme/api's part is lost.
  {
    name: 'GraphQL error (FORBIDDEN) on acme/api\'s part, acme/web\'s data whole beside it',
    inject: () => {},
    tamper: nullFirstPullRequestOf(API, { type: 'FORBIDDEN', message: 'Resource not accessible by integration' }),
    scope: 'api',
    error: /incomplete or malformed answer for acme\/api \(GraphQL error at [\w.]+\.0: Resource not accessible by integration\)/,
  },
  {
    name: 'GraphQL "Something went wrong" (GitHub\'s timeout) on acme/api\'s part',
    inject: () => {},
    tamper: nullFirstPullRequestOf(API, { type: 'INTERNAL', message: 'Something went wrong while executing your query. This may be the result of a timeout.' }),
    scope: 'api',
    error: /GitHub did not answer for acme\/api/,
  },
  {
    name: '404: acme/api vanished for the token while acme/web is read',
    inject: (sim) => sim.inject({ route: API, status: 404, body: JSON.stringify({ message: 'Not Found' }) }),
    scope: 'api',
    error: /acme\/api does not exist or the token cannot see it/,
  },
];

/** The fault classes this file injects, for the README table. */
export const GITHUB_FAULT_CLASSES = FAULTS.length;

describe('GitHub faults, end to end: the light tells the truth', () => {
  let team: GitHubTeam | null = null;
  afterEach(async () => {
    await team?.close();
    team = null;
  });

  it.each(FAULTS.map((f) => [f.name, f] as const))('%s', async (_name, fault) => {
    team = await startGitHubTeam({ github: fault.github });
    const t = team;

    // Before: both repositories read, five PRs for three reviewers → yellow, announced once.
    expect((await t.tick()).light.light).toBe('yellow');
    const apiBefore = await t.rows(API);
    expect(apiBefore.map((r) => r.number)).toEqual([1, 2, 3, 4]);

    // GitHub changes while it fails: acme/api's #2 is renamed and #3 gets a push; acme/web's PR is renamed.
    t.sim.update((s) => {
      findPullRequest(s, API, 2).title = 'Renamed during the outage';
      pushCommit(findPullRequest(s, API, 3), t.now(), { additions: 5 });
      if (!fault.graphql) findPullRequest(s, WEB, 1).title = 'Renamed during the outage';
    });
    const faultAt = plus(t.now(), POLL_MS);
    fault.inject(t.sim, faultAt);
    t.tamperGraphql = fault.tamper ?? null;

    // Missed polls 1 and 2: the light still comes from acme/api's last good data, untouched.
    for (const missed of [1, 2]) {
      const { report, light } = await t.tick();
      expect(report.failed.map((f) => f.repo).concat(report.waiting)).toContain(API);
      expect(light.light, `after ${missed} missed poll(s)`).toBe('yellow');
      expect(await t.rows(API)).toEqual(apiBefore);
      if (fault.scope === 'api') {
        expect((await t.cursor(WEB)).lastSuccessAt).toEqual(t.now());
        const web = await t.rows(WEB);
        if (!fault.graphql) expect(JSON.parse(web[0]!.facts).title).toBe('Renamed during the outage');
      }
    }
    expect(t.channel()).toHaveLength(1);
    const callsAfterLimit = t.callsFor(API).length;

    // Missed poll 3: grey, and it says which repository and why.
    const grey = await t.tick();
    expect(grey.light.light).toBe('grey');
    const reason = grey.light.reasons.find((r) => r.repo === API);
    expect(reason?.text).toMatch(/^acme\/api has not been read for 3 min \(3 missed polls; grey at 3\): /);
    expect(reason?.text).toMatch(fault.error);
    expect(grey.light.reasons.some((r) => r.repo === WEB)).toBe(fault.scope === 'all');
    expect(await t.rows(API)).toEqual(apiBefore);
    expect(t.channel()).toHaveLength(2);
    const greyAlert = shownText(t.channel()[1]!);
    expect(greyAlert).toContain('yellow → grey');
    expect(greyAlert).toContain('acme/api has not been read for 3 min');
    expect(greyAlert.replace(/&amp;/g, '&')).toMatch(fault.error);

    if (fault.waitUntil) {
      // Backing off as GitHub asked: not one call to acme/api before the reset.
      const until = fault.waitUntil(faultAt);
      while (plus(t.now(), POLL_MS) < until) {
        const { report, light } = await t.tick();
        expect(report.waiting).toEqual(fault.scope === 'all' ? expect.arrayContaining([API, WEB]) : [API]);
        expect(light.light).toBe('grey');
      }
      expect(t.callsFor(API).length).toBe(callsAfterLimit);
      expect(t.callsFor(API).every((c) => c.at < faultAt.getTime() + 1 || c.at >= until.getTime())).toBe(true);
    } else {
      // Still failing one more poll: grey stays, nothing more is posted.
      expect((await t.tick()).light.light).toBe('grey');
      t.sim.clearFailures();
      t.tamperGraphql = null;
    }

    // GitHub is back: the next poll reads fresh data and the light leaves grey by itself.
    const recovered = await t.tick();
    expect(recovered.report.failed).toEqual([]);
    expect(recovered.light.light).toBe('yellow');
    expect(recovered.light.reasons.every((r) => r.light !== 'grey')).toBe(true);
    const apiAfter = await t.rows(API);
    expect(apiAfter).not.toEqual(apiBefore);
    expect(apiAfter.map((r) => JSON.parse(r.facts).title)).toEqual(['Change #1', 'Renamed during the outage', 'Change #3', 'Change #4']);
    expect(JSON.parse(apiAfter[2]!.facts).additions).toBe(15);
    expect(await t.cursor(API)).toMatchObject({ lastError: null, consecutiveFailures: 0, retryAfter: null, lastSuccessAt: t.now() });

    await t.tick(); // and it stays put
    const transcript = t.channel().map((m) => shownText(m));
    expect(transcript).toHaveLength(3);
    expect(transcript[0]).toContain('green → yellow');
    expect(transcript[1]).toContain('yellow → grey');
    expect(transcript[2]).toContain('grey → yellow');
    expect(transcript[2]).toContain('Fresh data again');
    expect(t.slack.rejections).toEqual([]);
  });
});
