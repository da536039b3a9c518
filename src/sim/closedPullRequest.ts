import { closePullRequest, mergePullRequest } from './changes.js';
import type { Random } from './random.js';
import { makePullRequest, type SimPullRequest } from './scenario.js';

// A pull request of a team's past: opened, reviewed, then merged (nine in ten) or closed. The generated
// benchmark orgs and the weeks of history behind a scenario both build theirs here, each telling its own
// review story in between.

export interface ClosedPullRequestStory {
  number: number;
  author: string;
  createdAt: Date;
  closedAt: Date;
  headRef?: string;
  /** what happened between opening and closing: review requests, reviews, pushes */
  reviewed: (pr: SimPullRequest) => void;
}

/**
 * Draws its size (1–400 lines added, 0–100 deleted), tells `reviewed`, then draws merged or closed: in
 * that order, so a seed gives the same world it always gave.
 */
export function closedPullRequest(random: Random, story: ClosedPullRequestStory): SimPullRequest {
  const pr = makePullRequest({
    number: story.number, title: `Change ${story.number}`, author: story.author, createdAt: story.createdAt,
    additions: random.int(1, 400), deletions: random.int(0, 100), ...(story.headRef !== undefined ? { headRef: story.headRef } : {}),
  });
  story.reviewed(pr);
  if (random.chance(0.9)) mergePullRequest(pr, story.closedAt);
  else closePullRequest(pr, story.closedAt);
  return pr;
}
