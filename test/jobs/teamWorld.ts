// A team in a real SQLite store with a fake Slack on loopback, driven on a fixed clock:
// add PRs, evaluate, deliver, and read what landed in the channel.
import { evaluateTeam } from '../../src/jobs/evaluate.js';
import { deliverDue } from '../../src/jobs/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { recordReadFailure, recordReadSuccess } from '../../src/store/cursors.js';
import type { Db } from '../../src/store/open.js';
import { linkPerson } from '../../src/store/people.js';
import { savePullRequests } from '../../src/store/pullRequests.js';
import { ensureTeam, saveSettingsOverrides } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import type { PullRequestFacts } from '../../src/domain/types.js';
import { pullRequest } from '../domain/builders.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { SLACK_ID_BY_LOGIN } from '../helpers/people.js';
import { tempStore } from '../helpers/tempStore.js';
import { deliveryClient, fixedClock } from './support.js';

export const TEAM = 'C0TEAM';
export const REPO = 'acme/api';
/** GitHub login → Slack user id of the shared test people */
export const PEOPLE = SLACK_ID_BY_LOGIN;

export interface TeamWorld {
  db: Db;
  slack: FakeSlack;
  clock: ReturnType<typeof fixedClock>;
  prs: Map<number, PullRequestFacts>;
  /** adds or replaces PRs (as a poll would) and marks the repository freshly read */
  put(...facts: PullRequestFacts[]): Promise<void>;
  /** a PR opened by `author` now, ready for review */
  open(number: number, author: string, overrides?: Partial<PullRequestFacts>): Promise<PullRequestFacts>;
  /** a non-author review now */
  review(number: number, reviewer: string, state?: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED'): Promise<void>;
  evaluate(): ReturnType<typeof evaluateTeam>;
  deliver(): ReturnType<typeof deliverDue>;
  /** the poll reads the repository (or fails to), then evaluate and deliver what it enqueued */
  tick(minutes?: number, read?: 'fresh' | { failed: string }): ReturnType<typeof evaluateTeam>;
  channel(): FakeSlack['messages'];
  close(): Promise<void>;
}

export async function startTeamWorld(startIso = '2026-03-02T10:00:00Z', settings: object = {}): Promise<TeamWorld> {
  const store = await tempStore();
  const clock = fixedClock(startIso);
  const slack = await startFakeSlack({ clock: clock.ms });
  const client = deliveryClient(slack);
  const { db } = store;
  await ensureTeam(db, TEAM, clock.now());
  await watchRepo(db, TEAM, REPO, null, clock.now());
  await saveSettingsOverrides(db, TEAM, settings);
  for (const [login, slackId] of Object.entries(PEOPLE)) await linkPerson(db, TEAM, slackId, login, clock.now());
  const prs = new Map<number, PullRequestFacts>();
  let reviewId = 0;

  const world: TeamWorld = {
    db,
    slack,
    clock,
    prs,
    async put(...facts) {
      for (const pr of facts) prs.set(pr.number, pr);
      await savePullRequests(db, facts, clock.now());
      await recordReadSuccess(db, REPO, null, clock.now());
    },
    async open(number, author, overrides = {}) {
      const now = clock.now();
      const pr = pullRequest({ repo: REPO, number, author, url: `https://github.com/${REPO}/pull/${number}`, createdAt: now, lastCommitAt: new Date(now.getTime() - 60_000), ...overrides });
      await world.put(pr);
      return pr;
    },
    async review(number, reviewer, state = 'APPROVED') {
      const pr = prs.get(number);
      if (!pr) throw new Error(`no PR #${number}`);
      reviewId += 1;
      await world.put({ ...pr, reviews: [...pr.reviews, { id: `R${reviewId}`, author: reviewer, state, submittedAt: clock.now() }], reviewDecision: state === 'APPROVED' ? 'APPROVED' : pr.reviewDecision });
    },
    evaluate: () => evaluateTeam(db, TEAM, clock.now(), { pollIntervalMs: 60_000, logger: silentLogger }),
    deliver: () => deliverDue(db, client, clock.now(), { logger: silentLogger }),
    async tick(minutes = 0, read = 'fresh') {
      clock.advance(minutes * 60_000);
      if (read === 'fresh') await recordReadSuccess(db, REPO, null, clock.now());
      else await recordReadFailure(db, REPO, read.failed, null, clock.now());
      const result = await world.evaluate();
      await world.deliver();
      return result;
    },
    channel: () => slack.transcript(TEAM),
    async close() {
      await slack.close();
      await store.cleanup();
    },
  };
  return world;
}
