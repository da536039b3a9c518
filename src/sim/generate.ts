import { submitReview } from './changes.js';
import { closedPullRequest } from './closedPullRequest.js';
import { seededRandom, type Random } from './random.js';
import { makePullRequest, makeRepository, type Scenario, type SimPullRequest } from './scenario.js';

// Large deterministic scenarios for benchmarks: every queue state in realistic proportions,
// the same world for the same seed. No Math.random, no clock: `now` is an argument.

export interface GenerateOptions {
  repos: number;
  prsPerRepo: number;
  seed: number;
  /**
   * PRs closed or merged in the last two weeks, per repository (throughput history); default 2, as a
   * real org has: without them a first read is cheaper than GitHub's would be.
   */
  closedPerRepo?: number;
  /** the moment the scenario is "now"; default 2026-11-20T12:00:00Z */
  now?: Date;
  /** organisation owning the repositories; default "bench" */
  org?: string;
  /** how many distinct authors and reviewers; default 8 */
  people?: number;
}

const HOUR = 3_600_000;
const DEFAULT_CLOSED_PER_REPO = 2;

export function generateScenario(options: GenerateOptions): Scenario {
  const random = seededRandom(options.seed);
  const now = options.now ?? new Date('2026-11-20T12:00:00Z');
  const org = options.org ?? 'bench';
  const people = Array.from({ length: options.people ?? 8 }, (_, i) => `dev-${String(i + 1).padStart(2, '0')}`);
  const width = String(options.repos).length;

  const repositories = Array.from({ length: options.repos }, (_, r) => {
    const prs: SimPullRequest[] = [];
    for (let i = 0; i < options.prsPerRepo; i += 1) prs.push(openPullRequestOfSomeShape(random, prs.length + 1, people, org, now));
    for (let i = 0; i < (options.closedPerRepo ?? DEFAULT_CLOSED_PER_REPO); i += 1) prs.push(recentlyClosedPullRequest(random, prs.length + 1, people, now));
    return makeRepository(`${org}/repo-${String(r + 1).padStart(width, '0')}`, prs);
  });
  // Team requests name `${org}/reviewers` (see 'requested' below): everyone is in it.
  return { repositories, teams: [{ org, slug: 'reviewers', members: people }] };
}

/** The kinds of open PR a generated org holds, with how often each occurs (benchmarks build the same mix). */
export type PullRequestShape = 'draft' | 'skipped' | 'approved' | 'awaiting_review' | 'requested' | 'awaiting_author' | 'pushed_after_review';

const SHAPES: Array<[PullRequestShape, number]> = [
  ['draft', 0.1],
  ['skipped', 0.05],
  ['approved', 0.15],
  ['awaiting_review', 0.2],
  ['requested', 0.2],
  ['awaiting_author', 0.2],
  ['pushed_after_review', 0.1],
];

export function pickShape(random: Random): PullRequestShape {
  let roll = random.next();
  for (const [shape, weight] of SHAPES) {
    if (roll < weight) return shape;
    roll -= weight;
  }
  return 'awaiting_review';
}

function openPullRequestOfSomeShape(random: Random, number: number, people: string[], org: string, now: Date): SimPullRequest {
  const author = random.pick(people);
  const reviewer = random.pick(people.filter((p) => p !== author));
  const createdAt = new Date(now.getTime() - random.int(1, 240) * HOUR);
  const later = (from: Date) => new Date(Math.min(now.getTime() - 60_000, from.getTime() + random.int(1, 24) * HOUR));
  const pr = makePullRequest({
    number,
    title: `Change ${number}`,
    author,
    createdAt,
    additions: random.int(1, 800),
    deletions: random.int(0, 300),
    headRef: `${author}/change-${number}`,
  });
  const shape = pickShape(random);
  switch (shape) {
    case 'draft':
      pr.isDraft = true;
      break;
    case 'skipped':
      pr.labels.push(random.pick(['wip', 'on hold', 'do not review']));
      break;
    case 'approved':
      submitReview(pr, { author: reviewer, state: 'APPROVED', at: later(createdAt) });
      break;
    case 'awaiting_review':
      break;
    case 'requested':
      pr.reviewRequests.push({ reviewer: random.chance(0.3) ? `${org}/reviewers` : reviewer, at: createdAt, pending: true });
      break;
    case 'awaiting_author':
      submitReview(pr, { author: reviewer, state: 'CHANGES_REQUESTED', at: later(createdAt) });
      break;
    case 'pushed_after_review': {
      const reviewedAt = later(createdAt);
      submitReview(pr, { author: reviewer, state: 'CHANGES_REQUESTED', at: reviewedAt });
      pr.commits.push({ at: later(reviewedAt) });
      break;
    }
    default: {
      const _exhaustive: never = shape;
      throw new Error(`unknown shape ${String(_exhaustive)}`);
    }
  }
  if (random.chance(0.05)) pr.labels.push('hotfix');
  return pr;
}

/** Closed in the last 13 days, approved an hour before. */
function recentlyClosedPullRequest(random: Random, number: number, people: string[], now: Date): SimPullRequest {
  const author = random.pick(people);
  const reviewer = random.pick(people.filter((p) => p !== author));
  const closedAt = new Date(now.getTime() - random.int(1, 13 * 24) * HOUR);
  const createdAt = new Date(closedAt.getTime() - random.int(2, 72) * HOUR);
  return closedPullRequest(random, {
    number, author, createdAt, closedAt,
    reviewed: (pr) => submitReview(pr, { author: reviewer, state: 'APPROVED', at: new Date(closedAt.getTime() - HOUR) }),
  });
}
