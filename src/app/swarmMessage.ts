import type { Assessment, TeamSnapshot } from '../domain/assess.js';
import type { Transition } from '../domain/light.js';
import { pullRequestKey, rankQueue, suggestContextOf } from '../domain/suggest.js';
import { swarmPlan } from '../domain/swarm.js';
import type { Light } from '../domain/types.js';
import { buildAlert } from '../slack/blocks/alert.js';
import { swarmPlanFingerprint, type SwarmPlanView } from '../slack/blocks/swarm.js';
import type { Db } from '../store/open.js';
import { enqueueMessage, findMessage, replacePendingPayload, updateKeyPrefix, type OutboxPayload } from '../store/outbox.js';
import { closeSwarmMessage, findOpenSwarmMessage, openSwarmMessage, recordPlanChange } from '../store/swarmMessages.js';

// The red alert carries the swarm plan and is edited in place while the team is red: only when the
// plan itself changes (who reviews which PR, how many are left), not when wait times tick up.

export interface TeamPlan {
  view: SwarmPlanView;
  fingerprint: string;
}

export function planFor(snapshot: TeamSnapshot, assessment: Assessment, now: Date): TeamPlan {
  const assignments = swarmPlan(snapshot.members, rankQueue(assessment.queue, suggestContextOf(snapshot, now)));
  const planned = new Set(assignments.map((a) => pullRequestKey(a.suggestion.pr.facts.repo, a.suggestion.pr.facts.number)));
  const unassigned = assessment.queue.filter((pr) => pr.queue === 'awaiting_review' && !planned.has(pullRequestKey(pr.facts.repo, pr.facts.number))).length;
  return { view: { assignments, unassigned, people: snapshot.slackIdByLogin }, fingerprint: `${swarmPlanFingerprint(assignments)}|${unassigned}` };
}

/** The message a red alert shows, with this plan. */
export function redAlertPayload(teamId: string, transition: Transition, plan: TeamPlan, planUpdatedAt: Date | null): OutboxPayload {
  return { action: 'post', channel: teamId, ...buildAlert({ transition, plan: plan.view, planUpdatedAt, people: plan.view.people }) };
}

/** Remembers which alert carries the plan of the red period that just began. */
export async function startSwarmMessage(db: Db, teamId: string, alertKey: string, transition: Transition, plan: TeamPlan, now: Date): Promise<void> {
  await openSwarmMessage(db, teamId, alertKey, transition, plan.fingerprint, now);
}

/** While red: edits the plan message when the plan changed. True when an edit was enqueued. */
export async function refreshSwarmMessage(db: Db, teamId: string, plan: TeamPlan, now: Date): Promise<boolean> {
  const open = await findOpenSwarmMessage(db, teamId);
  if (!open || open.planFingerprint === plan.fingerprint) return false;
  const message = buildAlert({ transition: open.transition, plan: plan.view, planUpdatedAt: now, people: plan.view.people });
  const updates = await editAlert(db, teamId, open.alertKey, open.updates, message, now);
  await recordPlanChange(db, open.alertKey, plan.fingerprint, updates, now);
  return true;
}

/** Leaving red: the plan message says the swarm is over, and the red period is closed. */
export async function endSwarmMessage(db: Db, teamId: string, endedAt: Date, light: Light, people: ReadonlyMap<string, string>, now: Date): Promise<void> {
  const open = await findOpenSwarmMessage(db, teamId);
  if (!open) return;
  const message = buildAlert({ transition: open.transition, swarmEnded: { at: endedAt, light }, people });
  const updates = await editAlert(db, teamId, open.alertKey, open.updates, message, now);
  await recordPlanChange(db, open.alertKey, open.planFingerprint, updates, now);
  await closeSwarmMessage(db, open.alertKey, now);
}

/**
 * A not-yet-sent alert simply says the newer thing; a sent one gets a chat.update. At most one
 * update per alert waits unsent: a newer plan replaces it rather than queueing behind it.
 * Returns how many update messages the alert has now.
 */
async function editAlert(db: Db, teamId: string, alertKey: string, updates: number, message: { text: string; blocks: unknown[] }, now: Date): Promise<number> {
  if (await replacePendingPayload(db, alertKey, { action: 'post', channel: teamId, ...message }, now)) return updates;
  const update: OutboxPayload = { action: 'update', targetKey: alertKey, ...message };
  if (updates > 0 && (await replacePendingPayload(db, `${updateKeyPrefix(alertKey)}${updates}`, update, now))) return updates;
  const alert = await findMessage(db, alertKey);
  if (!alert || alert.status === 'parked' || alert.status === 'dropped') return updates; // nothing in the channel to edit
  await enqueueMessage(db, { teamId, dedupeKey: `${updateKeyPrefix(alertKey)}${updates + 1}`, kind: 'swarm_update', payload: update }, now);
  return updates + 1;
}
