import type { ReviewState } from '../domain/types.js';
import { repositoryId } from './rest.js';
import { findRepository, fullNameOf, makePullRequest, type Scenario, type SimPullRequest, type SimTeam } from './scenario.js';

// The things that happen to pull requests, as GitHub does them, for use inside `sim.update(...)`:
// a submitted review satisfies the reviewer's pending request; a push adds a commit; and so on.

export function openPullRequest(scenario: Scenario, repo: string, partial: Partial<SimPullRequest> & { author: string | null; createdAt: Date }): SimPullRequest {
  const [owner, name] = repo.split('/');
  const target = findRepository(scenario, owner ?? '', name ?? '');
  if (!target) throw new Error(`The scenario has no repository ${repo}`);
  const number = Math.max(0, ...target.pullRequests.map((pr) => pr.number)) + 1;
  const pr = makePullRequest({ ...partial, number });
  target.pullRequests.push(pr);
  return pr;
}

export function findPullRequest(scenario: Scenario, repo: string, number: number): SimPullRequest {
  const [owner, name] = repo.split('/');
  const pr = findRepository(scenario, owner ?? '', name ?? '')?.pullRequests.find((p) => p.number === number);
  if (!pr) throw new Error(`The scenario has no pull request ${repo}#${number}`);
  return pr;
}

/**
 * On GitHub a submitted review fulfils that person's pending request, and the pending request of
 * each team they review for (the review is "on behalf of" it): pass the scenario's teams for that.
 */
export function submitReview(pr: SimPullRequest, review: { author: string; state: Exclude<ReviewState, 'PENDING'>; at: Date }, teams: readonly SimTeam[] = []): void {
  pr.reviews.push({ ...review });
  const login = review.author.toLowerCase();
  const memberOf = new Set(teams.filter((t) => t.members.some((m) => m.toLowerCase() === login)).map((t) => `${t.org}/${t.slug}`.toLowerCase()));
  for (const request of pr.reviewRequests) {
    const reviewer = request.reviewer.toLowerCase();
    if (reviewer === login || memberOf.has(reviewer)) request.pending = false;
  }
}

export function requestReview(pr: SimPullRequest, reviewer: string, at: Date): void {
  pr.reviewRequests.push({ reviewer, at, pending: true });
}

/** The author (or anyone) withdraws a pending request: GitHub records a ReviewRequestRemovedEvent. */
export function removeReviewRequest(pr: SimPullRequest, reviewer: string, at: Date): void {
  for (const request of pr.reviewRequests) {
    if (request.pending && request.reviewer.toLowerCase() === reviewer.toLowerCase()) {
      request.pending = false;
      request.removedAt = at;
    }
  }
}

export function pushCommit(pr: SimPullRequest, at: Date, lines: { additions?: number; deletions?: number } = {}): void {
  pr.commits.push({ at, additions: lines.additions ?? 0, deletions: lines.deletions ?? 0 });
  pr.additions += lines.additions ?? 0;
  pr.deletions += lines.deletions ?? 0;
}

/** A push to a branch with no PR (or anything else that moves the repository's pushed_at): no PR changes. */
export function pushToBranch(scenario: Scenario, repo: string, at: Date): void {
  const [owner, name] = repo.split('/');
  const target = findRepository(scenario, owner ?? '', name ?? '');
  if (!target) throw new Error(`The scenario has no repository ${repo}`);
  target.pushedAt = at;
}

export function mergePullRequest(pr: SimPullRequest, at: Date): void {
  pr.state = 'MERGED';
  pr.mergedAt = at;
  pr.closedAt = at;
}

export function closePullRequest(pr: SimPullRequest, at: Date): void {
  pr.state = 'CLOSED';
  pr.closedAt = at;
}

/**
 * Renames a repository as GitHub does: same id, pull requests and history under the new name, the
 * old name still answered (REST: 301 to /repositories/ID/...; GraphQL: resolves to the new one).
 */
export function renameRepository(scenario: Scenario, from: string, to: string): void {
  const [fromOwner, fromName] = from.split('/');
  const [toOwner, toName, ...rest] = to.split('/');
  const repo = findRepository(scenario, fromOwner ?? '', fromName ?? '');
  if (!repo) throw new Error(`renameRepository: no repository ${from}`);
  if (!toOwner || !toName || rest.length > 0) throw new Error(`renameRepository: a repository is named OWNER/NAME, got "${to}"`);
  repo.id = repositoryId(repo);
  repo.formerNames = [...(repo.formerNames ?? []), fullNameOf(repo)];
  repo.owner = toOwner;
  repo.name = toName;
}
