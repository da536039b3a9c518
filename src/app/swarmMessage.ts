import type { Assessment } from '../domain/assess.js';
import { swarmPlanEdit, type OpenSwarm } from '../domain/announcements.js';
import type { Transition } from '../domain/light.js';
import { pullRequestKey, rankQueue, suggestContextOf } from '../domain/suggest.js';
import { swarmPlan } from '../domain/swarm.js';
import type { Light, TeamSnapshot } from '../domain/types.js';
import { buildAlert } from '../slack/blocks/alert.js';
import { swarmPlanFingerprint, type SwarmPlanView } from '../slack/blocks/swarm.js';
import type { Db } from '../store/open.js';
import { enqueueMessage, findMessage, replacePendingPayload, updateKeyPrefix, type OutboxPayload } from '../store/outbox.js';
import { closeSwarmMessage, findOpenSwarmMessage, openSwarmMessage, recordPlanChange } from '../store/swarmMessages.js';

// The red alert carries the swarm plan and is edited in place while the team is red: only when the
// plan itself changes (who reviews which PR, how many are left), not when wait times tick up. When
// to post, edit or end it is decided in domain/announcements.ts; this renders and enqueues.

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

/** While red, after a claim: edits the plan message when the plan changed. True when an edit was enqueued. */
export async function refreshSwarmMessage(db: Db, teamId: string, plan: TeamPlan, now: Date): Promise<boolean> {
  const edit = swarmPlanEdit(await findOpenSwarmMessage(db, teamId), plan);
  if (!edit) return false;
  await editSwarmPlan(db, teamId, edit.swarm, plan, now);
  return true;
}

/** The plan message shows this plan (and when it changed). */
export async function editSwarmPlan(db: Db, teamId: string, swarm: OpenSwarm, plan: TeamPlan, now: Date): Promise<void> {
  const message = buildAlert({ transition: swarm.transition, plan: plan.view, planUpdatedAt: now, people: plan.view.people });
  const updates = await editAlert(db, teamId, swarm.alertKey, swarm.updates, message, now);
  await recordPlanChange(db, swarm.alertKey, plan.fingerprint, updates, now);
}

/** Leaving red: the plan message says the swarm is over, and the red period is closed. */
export async function endSwarmMessage(db: Db, teamId: string, swarm: OpenSwarm, ended: { at: Date; light: Light }, people: ReadonlyMap<string, string>, now: Date): Promise<void> {
  const message = buildAlert({ transition: swarm.transition, swarmEnded: ended, people });
  const updates = await editAlert(db, teamId, swarm.alertKey, swarm.updates, message, now);
  await recordPlanChange(db, swarm.alertKey, swarm.planFingerprint, updates, now);
  await closeSwarmMessage(db, swarm.alertKey, now);
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
