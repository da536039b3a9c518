// The swarm plan for a red light: distinct PRs to distinct reviewers, in priority order, each PR
// to the eligible reviewer with the least review effort so far, requested reviewers first.
//
// Decisions the design brief leaves open:
// - One PR per reviewer per plan (a plan line per person); the plan is rebuilt as reviews land.
// - A PR someone on the team has claimed is shown as theirs and counts as their assignment; a PR
//   claimed by someone outside the plan is left alone.
// - Oversized PRs (more than settings.oversizedLines changed lines) get a second reviewer only
//   when every PR has one and reviewers are left; that line says so, and why.
// - Requested reviewers first: by name, then through a requested team they are in.

import { formatNumber } from './format.js';
import { changedLines, sameLogin } from './reviews.js';
import type { TeamSettings } from './settingsModel.js';
import { hasReviewedSinceLastCommit, requestOf, scoredFor, type Ranking, type SuggestContext, type Suggestion } from './suggest.js';
import type { QueuedPullRequest } from './types.js';

/** Why the person has this line: a claim they made, the plan's pick, or a second pair of eyes on a large PR. */
export type AssignmentRole = 'claimed' | 'planned' | 'second_reviewer';

export interface SwarmAssignment {
  reviewer: string;
  suggestion: Suggestion;
  role: AssignmentRole;
}

export const SECOND_REVIEWER_PREFIX = 'second reviewer: ';

/** The plan for these reviewers over the team's ranking (rankQueue). */
export function swarmPlan(reviewers: string[], ranking: Ranking): SwarmAssignment[] {
  const ctx = ranking.context;
  const people = distinctLogins(reviewers);
  const free = new Set(people.map((login) => login.toLowerCase()));
  const effort = new Map<string, number>(people.map((login) => [login.toLowerCase(), 0]));
  const plan: SwarmAssignment[] = [];
  const assign = (login: string, ranked: Suggestion, role: AssignmentRole) => {
    const pr = ranked.pr;
    const scored = scoredFor(ranked, requestOf(login, pr, ctx.githubTeams), ctx.settings);
    const suggestion = role === 'second_reviewer'
      ? { ...scored, explanation: `${SECOND_REVIEWER_PREFIX}a large PR (${formatNumber(changedLines(pr.facts), 0)} lines, over the team's ${formatNumber(ctx.settings.oversizedLines, 0)}) · ${scored.explanation}` }
      : scored;
    plan.push({ reviewer: login, suggestion, role });
    free.delete(login.toLowerCase());
    effort.set(login.toLowerCase(), (effort.get(login.toLowerCase()) ?? 0) + suggestion.effortMinutes);
  };

  const open: Suggestion[] = [];
  ranking.queue.forEach((ranked, i) => {
    const claimer = ranking.claims.get(ranking.keys[i]!)?.login;
    if (claimer === undefined) open.push(ranked);
    else {
      const person = people.find((login) => sameLogin(login, claimer));
      if (person && free.has(person.toLowerCase())) assign(person, ranked, 'claimed');
    }
  });

  for (const ranked of open) {
    if (free.size === 0) break;
    const reviewer = pickReviewer(ranked.pr, people, free, effort, ctx);
    if (reviewer) assign(reviewer, ranked, 'planned');
  }

  const assigned = new Set(plan.map((assignment) => assignment.suggestion.pr));
  for (const ranked of open) {
    if (free.size === 0) break;
    if (!assigned.has(ranked.pr) || !isOversized(ranked.pr, ctx.settings)) continue;
    const reviewer = pickReviewer(ranked.pr, people, free, effort, ctx);
    if (reviewer) assign(reviewer, ranked, 'second_reviewer');
  }
  return plan;
}

/** Open PRs in review with more changed lines than the team's limit, largest first. */
export function oversizedPullRequests(queue: QueuedPullRequest[], settings: TeamSettings): QueuedPullRequest[] {
  return queue
    .filter((pr) => (pr.queue === 'awaiting_review' || pr.queue === 'awaiting_author') && isOversized(pr, settings))
    .sort((a, b) => changedLines(b.facts) - changedLines(a.facts) || a.facts.number - b.facts.number);
}

const isOversized = (pr: QueuedPullRequest, settings: TeamSettings) => changedLines(pr.facts) > settings.oversizedLines;

const REQUEST_RANK = { direct: 0, team: 1 } as const;

function pickReviewer(pr: QueuedPullRequest, people: string[], free: Set<string>, effort: Map<string, number>, ctx: SuggestContext): string | null {
  let best: string | null = null;
  let bestRank: [number, number] = [Infinity, Infinity];
  for (const login of people) {
    if (!free.has(login.toLowerCase()) || sameLogin(pr.facts.author, login) || hasReviewedSinceLastCommit(login, pr.facts)) continue;
    const { requested } = requestOf(login, pr, ctx.githubTeams);
    const rank: [number, number] = [requested ? REQUEST_RANK[requested] : 2, effort.get(login.toLowerCase()) ?? 0];
    if (rank[0] < bestRank[0] || (rank[0] === bestRank[0] && rank[1] < bestRank[1])) {
      best = login;
      bestRank = rank;
    }
  }
  return best;
}

function distinctLogins(logins: string[]): string[] {
  const seen = new Set<string>();
  return logins.map((login) => login.trim()).filter((login) => login !== '' && !seen.has(login.toLowerCase()) && Boolean(seen.add(login.toLowerCase())));
}
