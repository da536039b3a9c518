import { requestReview, submitReview } from './changes.js';
import { closedPullRequest } from './closedPullRequest.js';
import { seededRandom } from './random.js';
import type { Scenario } from './scenario.js';

// Weeks of closed and merged PRs behind a scenario's open ones, for the history backfill: each with a
// review request, a first review some business hours later, sometimes a round of changes, and a merge
// (nine in ten) or a close. Deterministic for a seed; `now` is an argument.

export interface HistoryOptions {
  weeks: number;
  /** closed or merged PRs per repository per week */
  perWeek: number;
  seed: number;
  now: Date;
  /** authors and reviewers; default dev-01 … dev-08 */
  people?: string[];
}

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/** Adds the history to every repository of the scenario, numbered after its PRs. */
export function addClosedHistory(scenario: Scenario, options: HistoryOptions): void {
  const random = seededRandom(options.seed);
  const people = options.people ?? Array.from({ length: 8 }, (_, i) => `dev-${String(i + 1).padStart(2, '0')}`);
  for (const repo of scenario.repositories) {
    let number = Math.max(0, ...repo.pullRequests.map((pr) => pr.number));
    for (let i = 0; i < options.weeks * options.perWeek; i += 1) {
      const author = random.pick(people);
      const reviewer = random.pick(people.filter((p) => p !== author));
      // Spread evenly over the weeks, closing no later than an hour ago.
      const closedAt = new Date(options.now.getTime() - HOUR - random.next() * options.weeks * WEEK);
      const leadHours = random.int(2, 96);
      const createdAt = new Date(closedAt.getTime() - leadHours * HOUR);
      number += 1;
      repo.pullRequests.push(closedPullRequest(random, {
        number, author, createdAt, closedAt, headRef: `${author}/change-${number}`,
        reviewed: (pr) => {
          requestReview(pr, reviewer, createdAt);
          const firstReviewAt = new Date(createdAt.getTime() + random.next() * (leadHours - 1) * HOUR * 0.6);
          if (random.chance(0.3)) {
            submitReview(pr, { author: reviewer, state: 'CHANGES_REQUESTED', at: firstReviewAt });
            const pushedAt = new Date((firstReviewAt.getTime() + closedAt.getTime()) / 2);
            pr.commits.push({ at: pushedAt });
            submitReview(pr, { author: reviewer, state: 'APPROVED', at: new Date((pushedAt.getTime() + closedAt.getTime()) / 2) });
          } else {
            submitReview(pr, { author: reviewer, state: 'APPROVED', at: firstReviewAt });
          }
        },
      }));
    }
  }
}
