import type { Assessment, TeamSnapshot } from '../domain/assess.js';
import { readyAt } from '../domain/reviews.js';
import { nextReviewsFor } from '../domain/nextReviews.js';
import { suggestContextOf } from '../domain/suggest.js';
import type { SwarmAssignment } from '../domain/swarm.js';
import { buildGateDm } from '../slack/blocks/gateDm.js';
import type { Db } from '../store/open.js';
import { enqueueMessage, findMessage } from '../store/outbox.js';

// The input gate while red: a team member whose NEW PR (ready for review after the team went red)
// enters the queue gets one DM per red period with a review to pick up first. The dedupe key
// (team, red period, person) makes it one per period across polls and restarts. The review it
// names is the person's line of the swarm plan when they have one, as `/flow next` would say.

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
  for (const pr of assessment.queue) {
    const author = pr.facts.author?.toLowerCase();
    if (pr.queue !== 'awaiting_review' || !author || notified.has(author)) continue;
    const slackUserId = people.get(author);
    if (!slackUserId || readyAt(pr.facts).getTime() < redSince.getTime()) continue;
    notified.add(author);
    const dedupeKey = gateDmKey(teamId, redSince, author);
    if (await findMessage(db, dedupeKey)) continue; // already told during this red period
    const suggestion = nextReviewsFor(author, assessment.queue, suggestContextOf(snapshot, now), plan)[0] ?? null;
    const message = buildGateDm({ channelId: teamId, ownPullRequest: pr.facts, suggestion });
    const inserted = await enqueueMessage(db, {
      teamId,
      dedupeKey,
      kind: 'gate_dm',
      payload: { action: 'dm', user: slackUserId, ...message },
    }, now);
    if (inserted) sent += 1;
  }
  return sent;
}
