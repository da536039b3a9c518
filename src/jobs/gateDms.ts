import type { IntentOf } from '../domain/announcements.js';
import type { Assessment } from '../domain/assess.js';
import { nextReviews } from '../domain/nextReviews.js';
import { sameLogin } from '../domain/reviews.js';
import { pullRequestKey, rankQueue, suggestContextOf } from '../domain/suggest.js';
import type { TeamSnapshot } from '../domain/types.js';
import type { TeamPlan } from '../app/swarmMessage.js';
import { buildGateDm } from '../slack/blocks/gateDm.js';
import type { Db } from '../store/open.js';
import { enqueueMessage } from '../store/outbox.js';

// The input gate while red: who gets a DM, once per red period, is decided in
// domain/announcements.ts. Every DM names the person's line of the swarm plan (or says they have
// none, and what to pick up instead, as `/flow next` would), and is delivered only after the red
// alert carrying that plan.

/** Enqueues the DM; true when it was new. */
export async function enqueueGateDm(
  db: Db,
  teamId: string,
  dm: IntentOf<'gate_dm', TeamPlan>,
  snapshot: TeamSnapshot,
  assessment: Assessment,
  now: Date,
): Promise<boolean> {
  const author = dm.login;
  const plan = dm.plan.view.assignments;
  const suggestion = nextReviews(rankQueue(assessment.queue, suggestContextOf(snapshot, now)), author, { limit: 1, plan }).top[0] ?? null;
  const planLine = plan.find((assignment) => sameLogin(assignment.reviewer, author)) ?? null;
  const isPlanLine = planLine !== null && suggestion !== null
    && pullRequestKey(suggestion.pr.facts.repo, suggestion.pr.facts.number) === pullRequestKey(planLine.suggestion.pr.facts.repo, planLine.suggestion.pr.facts.number);
  const message = buildGateDm({ channelId: teamId, ownPullRequest: dm.ownPullRequest, suggestion, isPlanLine, planSize: plan.length });
  return enqueueMessage(db, {
    teamId,
    dedupeKey: dm.dedupeKey,
    kind: 'gate_dm',
    payload: { action: 'dm', user: dm.slackUserId, ...(dm.afterKey ? { afterKey: dm.afterKey } : {}), ...message },
  }, now);
}
