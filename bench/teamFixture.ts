import type { PullRequestFacts, Review } from '../src/domain/types.js';
import { pickShape } from '../src/sim/generate.js';
import { seededRandom, type Random } from '../src/sim/random.js';

// A big team's review queue as PullRequestFacts, the way the poller stores them: every queue state
// in realistic proportions (as the simulator's generator), some urgent labels, some stacked PRs,
// and a history of recently merged PRs for throughput. Deterministic for a seed; `now` is given.

export interface TeamFixtureOptions {
  openPullRequests: number;
  /** merged in the trailing two weeks: throughput history */
  closedPullRequests: number;
  people: number;
  repos: number;
  seed: number;
  now: Date;
}

export interface TeamFixture {
  now: Date;
  /** GitHub logins, lower case: dev-01 … */
  members: string[];
  repos: string[];
  pullRequests: PullRequestFacts[];
}

const HOUR = 3_600_000;
export const FIXTURE_ORG = 'bench';
export const FIXTURE_TEAM_SLUG = `${FIXTURE_ORG}/reviewers`;

export function teamFixture(options: TeamFixtureOptions): TeamFixture {
  const random = seededRandom(options.seed);
  const members = Array.from({ length: options.people }, (_, i) => `dev-${String(i + 1).padStart(2, '0')}`);
  const repos = Array.from({ length: options.repos }, (_, i) => `${FIXTURE_ORG}/repo-${String(i + 1).padStart(3, '0')}`);
  const nextNumber = new Map<string, number>();
  const number = (repo: string) => {
    const n = (nextNumber.get(repo) ?? 0) + 1;
    nextNumber.set(repo, n);
    return n;
  };
  const ids = { review: 0 };
  const pullRequests: PullRequestFacts[] = [];
  for (let i = 0; i < options.openPullRequests; i += 1) {
    const repo = repos[i % repos.length]!;
    pullRequests.push(openPullRequest(random, repo, number(repo), members, options.now, ids));
  }
  stackSome(random, pullRequests);
  for (let i = 0; i < options.closedPullRequests; i += 1) {
    const repo = repos[i % repos.length]!;
    pullRequests.push(mergedPullRequest(random, repo, number(repo), members, options.now, ids));
  }
  return { now: options.now, members, repos, pullRequests };
}

function base(repo: string, number: number, author: string, createdAt: Date, random: Random): PullRequestFacts {
  return {
    repo,
    number,
    title: `Change ${number}: ${random.pick(['fix', 'add', 'refactor', 'remove', 'speed up'])} ${random.pick(['billing', 'search', 'login', 'export', 'the importer'])}`,
    url: `https://github.com/${repo}/pull/${number}`,
    author,
    state: 'OPEN',
    isDraft: false,
    createdAt,
    readyForReviewAt: null,
    closedAt: null,
    mergedAt: null,
    labels: random.chance(0.05) ? ['hotfix'] : [],
    additions: random.int(1, 800),
    deletions: random.int(0, 300),
    headRef: `${author}/change-${number}`,
    baseRef: 'main',
    reviewDecision: null,
    lastCommitAt: createdAt,
    reviews: [],
    pendingReviewers: [],
    reviewRequests: [],
  };
}


function openPullRequest(random: Random, repo: string, number: number, members: string[], now: Date, ids: { review: number }): PullRequestFacts {
  const author = random.pick(members);
  const reviewer = random.pick(members.filter((m) => m !== author));
  const createdAt = new Date(now.getTime() - random.int(1, 240) * HOUR);
  const later = (from: Date) => new Date(Math.min(now.getTime() - 60_000, from.getTime() + random.int(1, 24) * HOUR));
  const review = (state: Review['state'], at: Date): Review => ({ id: `PRR_${(ids.review += 1)}`, author: reviewer, state, submittedAt: at });
  const pr = base(repo, number, author, createdAt, random);
  const shape = pickShape(random);
  switch (shape) {
    case 'draft':
      pr.isDraft = true;
      break;
    case 'skipped':
      pr.labels = [...pr.labels, random.pick(['wip', 'on hold', 'do not review'])];
      break;
    case 'approved':
      pr.reviews = [review('APPROVED', later(createdAt))];
      break;
    case 'awaiting_review':
      break;
    case 'requested':
      pr.pendingReviewers = [random.chance(0.3) ? { kind: 'team', slug: FIXTURE_TEAM_SLUG } : { kind: 'user', login: reviewer }];
      pr.reviewRequests = [{ at: createdAt, reviewer: pr.pendingReviewers[0]!.kind === 'team' ? FIXTURE_TEAM_SLUG : reviewer }];
      break;
    case 'awaiting_author':
      pr.reviews = [review('CHANGES_REQUESTED', later(createdAt))];
      break;
    case 'pushed_after_review': {
      const reviewedAt = later(createdAt);
      pr.reviews = [review('CHANGES_REQUESTED', reviewedAt)];
      pr.lastCommitAt = later(reviewedAt);
      break;
    }
    default: {
      const _exhaustive: never = shape;
      throw new Error(`unknown shape ${String(_exhaustive)}`);
    }
  }
  return pr;
}

/** About 5% of PRs are stacked on an earlier open PR of the same repository (its head is their base). */
function stackSome(random: Random, pullRequests: PullRequestFacts[]): void {
  for (let i = 1; i < pullRequests.length; i += 1) {
    if (!random.chance(0.05)) continue;
    const below = pullRequests[random.int(0, i - 1)]!;
    const pr = pullRequests[i]!;
    if (below.repo === pr.repo) pr.baseRef = below.headRef;
  }
}

function mergedPullRequest(random: Random, repo: string, number: number, members: string[], now: Date, ids: { review: number }): PullRequestFacts {
  const author = random.pick(members);
  const reviewer = random.pick(members.filter((m) => m !== author));
  const mergedAt = new Date(now.getTime() - random.int(1, 13 * 24) * HOUR);
  const createdAt = new Date(mergedAt.getTime() - random.int(2, 72) * HOUR);
  const pr = base(repo, number, author, createdAt, random);
  return {
    ...pr,
    state: 'MERGED',
    mergedAt,
    closedAt: mergedAt,
    reviews: [{ id: `PRR_${(ids.review += 1)}`, author: reviewer, state: 'APPROVED', submittedAt: new Date(mergedAt.getTime() - HOUR) }],
  };
}
