import type { Assessment, TeamSnapshot } from '../domain/assess.js';
import { readyAt } from '../domain/reviews.js';
import { nextReviews } from '../domain/nextReviews.js';
import { sameLogin } from '../domain/reviews.js';
import { pullRequestKey, rankQueue, suggestContextOf } from '../domain/suggest.js';
import type { SwarmAssignment } from '../domain/swarm.js';
import { buildGateDm } from '../slack/blocks/gateDm.js';
import type { Db } from '../store/open.js';
import { enqueueMessage, findMessage } from '../store/outbox.js';
import { findOpenSwarmMessage } from '../store/swarmMessages.js';

// The input gate while red: a team member whose NEW PR (ready for review after the team went red)
// enters the queue gets one DM per red period with a review to pick up first. The dedupe key
// (team, red period, person) makes it one per period across polls and restarts. Every DM names the
// person's line of the swarm plan (or says they have none, and what to pick up instead, as
// `/flow next` would), and is delivered only after the red alert carrying that plan.

export function gateDmKey(teamId: string, redSince: Date, login: string): string {
  return `gate:${teamId}:${redSince.toISOString()}:${login.toLowerCase()}`;
}

/** Enqueues the DMs owed; returns how many were new. */
export async function enqueueGateDms(
  db: Db,
  teamId: string,
  snapshot: TeamSnapshot,
  assessment: Assessment,
  plan: readonly SwarmAssignment[],
  redSince: Date,
  people: ReadonlyMap<string, string>,
  now: Date,
): Promise<number> {
  if (!snapshot.settings.gateDms) return 0;
  let sent = 0;
  const notified = new Set<string>();
  const alertKey = (await findOpenSwarmMessage(db, teamId))?.alertKey;
  for (const pr of assessment.queue) {
    const author = pr.facts.author?.toLowerCase();
    if (pr.queue !== 'awaiting_review' || !author || notified.has(author)) continue;
    const slackUserId = people.get(author);
    if (!slackUserId || readyAt(pr.facts).getTime() < redSince.getTime()) continue;
    notified.add(author);
    const dedupeKey = gateDmKey(teamId, redSince, author);
    if (await findMessage(db, dedupeKey)) continue; // already told during this red period
    const suggestion = nextReviews(rankQueue(assessment.queue, suggestContextOf(snapshot, now)), author, { limit: 1, plan }).top[0] ?? null;
    const planLine = plan.find((assignment) => sameLogin(assignment.reviewer, author)) ?? null;
    const isPlanLine = planLine !== null && suggestion !== null
      && pullRequestKey(suggestion.pr.facts.repo, suggestion.pr.facts.number) === pullRequestKey(planLine.suggestion.pr.facts.repo, planLine.suggestion.pr.facts.number);
    const message = buildGateDm({ channelId: teamId, ownPullRequest: pr.facts, suggestion, isPlanLine, planSize: plan.length });
    const inserted = await enqueueMessage(db, {
      teamId,
      dedupeKey,
      kind: 'gate_dm',
      payload: { action: 'dm', user: slackUserId, ...(alertKey ? { afterKey: alertKey } : {}), ...message },
    }, now);
    if (inserted) sent += 1;
  }
  return sent;
}
