// The one entry point the shell calls: a team's data and `now` in, everything it needs out.
// classify → metrics → staleness → light → oversized.

import { classifyOpen } from './classify.js';
import { decideLight, type LightDecision } from './light.js';
import { forecastQueue } from './forecast.js';
import { computeMetrics, TRAILING_BUSINESS_DAYS, type TeamMetrics } from './metrics.js';
import { PERSISTENCE_MINUTES, recentQueueRange } from './recentQueue.js';
import { findStaleRepos, type StaleRepo } from './staleness.js';
import { oversizedPullRequests } from './swarm.js';
import type { QueuedPullRequest, QueueState, TeamSnapshot } from './types.js';

export interface Assessment {
  /** open PRs classified: awaiting review first, longest wait first; then the other queues */
  queue: QueuedPullRequest[];
  metrics: TeamMetrics;
  stale: StaleRepo[];
  decision: LightDecision;
  oversized: QueuedPullRequest[];
}

const QUEUE_ORDER: Record<QueueState, number> = { awaiting_review: 0, awaiting_author: 1, approved: 2, draft: 3, skipped: 4 };

export function assessTeam(snapshot: TeamSnapshot, now: Date): Assessment {
  const { settings } = snapshot;
  const queue = sortQueue(classifyOpen(snapshot.pullRequests, settings.skipLabels));
  const measured = computeMetrics(queue, snapshot.pullRequests, snapshot.members, settings, now, { reviewersOverride: snapshot.reviewersOverride });
  const stale = findStaleRepos(snapshot.repos, now, snapshot.pollIntervalMs, settings.staleAfterPolls);
  const recent = recentQueueRange(snapshot.pullRequests, settings.skipLabels, now, PERSISTENCE_MINUTES, { awaiting: measured.awaitingReview, lines: measured.linesAwaitingReview });
  const decision = decideLight({ metrics: measured, settings, previous: snapshot.previous, stale, now, recent });
  // The forecast starts from the light as it is held, so a red light never says "turns red".
  const heldQueue = { awaiting: recent.fewestAwaiting, lines: recent.fewestLines };
  const forecast = forecastQueue({ ...measured, windowBusinessDays: TRAILING_BUSINESS_DAYS, enoughHistory: measured.basis.enoughHistory, heldQueue }, settings, now, decision.light);
  const metrics: TeamMetrics = { ...measured, forecast };
  return { queue, metrics, stale, decision, oversized: oversizedPullRequests(queue, settings) };
}

/** An earlier wait start is a longer business-hours wait, so this orders by wait without computing it. */
function sortQueue(queue: QueuedPullRequest[]): QueuedPullRequest[] {
  // The keys are read once per PR, not twice per comparison.
  const keyed = queue.map((item) => ({ item, rank: QUEUE_ORDER[item.queue], since: item.awaitingReviewSince?.getTime() ?? 0, repo: item.facts.repo, number: item.facts.number }));
  keyed.sort((a, b) => a.rank - b.rank || a.since - b.since || (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0) || a.number - b.number);
  return keyed.map((entry) => entry.item);
}
