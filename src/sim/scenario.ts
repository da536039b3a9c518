import type { PullRequestState, ReviewDecision, ReviewState } from '../domain/types.js';

// The world the GitHub simulator serves: repositories and their pull requests, as plain data
// that tests, the demo and the benchmarks build and mutate. Times are Dates; the simulator
// turns them into GitHub's REST and GraphQL shapes.

export interface Scenario {
  repositories: SimRepository[];
  /** the organisations' teams (served at GET /orgs/{org}/teams/{slug}/members) */
  teams?: SimTeam[];
}

export interface SimRepository {
  owner: string;
  name: string;
  /**
   * When true the repository has branch protection requiring reviews, so GitHub computes
   * `reviewDecision`; when false (the default) `reviewDecision` is null, as on GitHub.
   */
  requireReviews?: boolean;
  /** as on GitHub; default 'private' (an internal repository is private to outsiders too) */
  visibility?: 'public' | 'private' | 'internal';
  pullRequests: SimPullRequest[];
  /**
   * Names it had before a rename ("acme/old"), oldest first. GitHub keeps answering them: REST with a
   * 301 to /repositories/ID/..., GraphQL's repository(owner, name) with the renamed repository.
   */
  formerNames?: string[];
  /** GitHub's numeric id, kept across renames; derived from the first name when absent */
  id?: number;
  /**
   * The last push to any branch (GitHub's `pushed_at`). Every pulls-list item embeds it twice (head.repo
   * and base.repo), so a push anywhere changes that list's body and ETag. Default: the latest PR commit.
   */
  pushedAt?: Date;
}

export interface SimCommit {
  at: Date;
  /** the lines this commit added and removed (GitHub's Commit.additions/deletions); 0 when not given */
  additions?: number;
  deletions?: number;
}

export interface SimReview {
  /** null for a deleted account ("ghost") */
  author: string | null;
  state: ReviewState;
  at: Date;
}

export interface SimReviewRequest {
  /** a user login, or `org/team-slug` for a team */
  reviewer: string;
  at: Date;
  /** still waiting for that reviewer (GitHub lists it under reviewRequests) */
  pending: boolean;
  /** when the request was withdrawn (a ReviewRequestRemovedEvent on the timeline); then not pending */
  removedAt?: Date;
}

/** A GitHub team of an organisation: who CODEOWNERS and team review requests ask. */
export interface SimTeam {
  org: string;
  slug: string;
  members: string[];
}

export interface SimPullRequest {
  number: number;
  title: string;
  /** null for a deleted account ("ghost") */
  author: string | null;
  createdAt: Date;
  isDraft: boolean;
  /** latest time it was marked ready for review; null when it was never a draft */
  readyForReviewAt: Date | null;
  labels: string[];
  additions: number;
  deletions: number;
  headRef: string;
  baseRef: string;
  state: PullRequestState;
  mergedAt: Date | null;
  closedAt: Date | null;
  commits: SimCommit[];
  reviews: SimReview[];
  reviewRequests: SimReviewRequest[];
  /** forces GitHub's reviewDecision; otherwise derived from the repository's `requireReviews` */
  reviewDecision?: ReviewDecision;
  /** maintained by the simulator: bumped on every change made through `update` */
  updatedAt?: Date;
}

export function fullNameOf(repo: SimRepository): string {
  return `${repo.owner}/${repo.name}`;
}

/** A pull request with sensible defaults: open, one commit at creation, no reviews. */
export function makePullRequest(partial: Partial<SimPullRequest> & Pick<SimPullRequest, 'number'>): SimPullRequest {
  const createdAt = partial.createdAt ?? new Date('2026-11-02T09:00:00Z');
  return {
    title: `Change #${partial.number}`,
    author: 'octocat',
    isDraft: false,
    readyForReviewAt: null,
    labels: [],
    additions: 10,
    deletions: 2,
    headRef: `feature-${partial.number}`,
    baseRef: 'main',
    state: 'OPEN',
    mergedAt: null,
    closedAt: null,
    commits: [{ at: createdAt }],
    reviews: [],
    reviewRequests: [],
    ...partial,
    createdAt,
  };
}

/** `makeRepository('acme/api', [makePullRequest({ number: 1 })])` */
export function makeRepository(fullName: string, pullRequests: SimPullRequest[] = [], options: { requireReviews?: boolean } = {}): SimRepository {
  const [owner, name, ...rest] = fullName.split('/');
  if (!owner || !name || rest.length > 0) throw new Error(`A repository is named OWNER/NAME, got "${fullName}"`);
  return { owner, name, pullRequests, requireReviews: options.requireReviews ?? false };
}

/** `makeScenario({ 'acme/api': [pr1, pr2], 'acme/web': [] })` */
export function makeScenario(repositories: Record<string, SimPullRequest[]>): Scenario {
  return { repositories: Object.entries(repositories).map(([fullName, prs]) => makeRepository(fullName, prs)) };
}

/** The repository by its current name only (REST answers a former name with a redirect instead). */
export function findRepository(scenario: Scenario, owner: string, name: string): SimRepository | undefined {
  const wanted = `${owner}/${name}`.toLowerCase();
  return scenario.repositories.find((repo) => fullNameOf(repo).toLowerCase() === wanted);
}

/** The repository a name resolves to on GitHub: its current name, or one it had before a rename (the latest holder wins). */
export function resolveRepository(scenario: Scenario, owner: string, name: string): SimRepository | undefined {
  const wanted = `${owner}/${name}`.toLowerCase();
  return findRepository(scenario, owner, name)
    ?? [...scenario.repositories].reverse().find((repo) => (repo.formerNames ?? []).some((former) => former.toLowerCase() === wanted));
}

/** The repository's last push: to a PR branch (its commits) or any other branch (`pushedAt`). */
export function pushedAtOf(repo: SimRepository): Date {
  const commits = repo.pullRequests.flatMap((pr) => pr.commits.map((c) => c.at.getTime()));
  return new Date(Math.max(repo.pushedAt?.getTime() ?? 0, ...commits, 0));
}

/** When the pull request last changed: the latest of every dated thing on it. */
export function updatedAtOf(pr: SimPullRequest): Date {
  const times = [
    pr.createdAt,
    pr.updatedAt,
    pr.readyForReviewAt,
    pr.mergedAt,
    pr.closedAt,
    ...pr.commits.map((c) => c.at),
    ...pr.reviews.map((r) => r.at),
    ...pr.reviewRequests.map((r) => r.at),
    ...pr.reviewRequests.map((r) => r.removedAt),
  ].filter((t): t is Date => t instanceof Date);
  return new Date(Math.max(...times.map((t) => t.getTime())));
}

/**
 * GitHub's reviewDecision under branch protection that requires one approving review: the latest
 * opinionated review of each reviewer other than the author decides.
 */
export function reviewDecisionOf(repo: SimRepository, pr: SimPullRequest): ReviewDecision {
  if (pr.reviewDecision !== undefined) return pr.reviewDecision;
  if (!repo.requireReviews) return null;
  const latestByReviewer = new Map<string, ReviewState>();
  const byTime = [...pr.reviews].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const review of byTime) {
    if (review.author === null || review.author === pr.author) continue;
    if (review.state === 'APPROVED' || review.state === 'CHANGES_REQUESTED' || review.state === 'DISMISSED') {
      latestByReviewer.set(review.author, review.state);
    }
  }
  const states = [...latestByReviewer.values()];
  if (states.includes('CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  if (states.includes('APPROVED')) return 'APPROVED';
  return 'REVIEW_REQUIRED';
}
