import type { Transition } from '../domain/light.js';
import type { Db } from './open.js';

// The red periods and the channel message carrying each one's swarm plan.

export interface SwarmMessage {
  alertKey: string;
  teamId: string;
  startedAt: Date;
  endedAt: Date | null;
  /** the transition the red alert announced (re-rendered unchanged when the plan is edited) */
  transition: Transition;
  planFingerprint: string;
  updates: number;
}

export async function openSwarmMessage(db: Db, teamId: string, alertKey: string, transition: Transition, planFingerprint: string, now: Date): Promise<void> {
  await db
    .insertInto('swarm_messages')
    .values({
      alert_key: alertKey,
      team_id: teamId,
      started_at: transition.at.toISOString(),
      transition: JSON.stringify(transition),
      plan_fingerprint: planFingerprint,
      updated_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('alert_key').doNothing())
    .execute();
}

/** The swarm message of the team's current red period, if one is open. */
export async function findOpenSwarmMessage(db: Db, teamId: string): Promise<SwarmMessage | null> {
  const row = await db
    .selectFrom('swarm_messages')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('ended_at', 'is', null)
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  const stored = JSON.parse(row.transition) as Transition & { at: string };
  const transition: Transition = {
    ...stored,
    at: new Date(stored.at),
  };
  return {
    alertKey: row.alert_key,
    teamId: row.team_id,
    startedAt: new Date(row.started_at),
    endedAt: row.ended_at ? new Date(row.ended_at) : null,
    transition,
    planFingerprint: row.plan_fingerprint,
    updates: row.updates,
  };
}

export async function recordPlanChange(db: Db, alertKey: string, planFingerprint: string, updates: number, now: Date): Promise<void> {
  await db
    .updateTable('swarm_messages')
    .set({ plan_fingerprint: planFingerprint, updates, updated_at: now.toISOString() })
    .where('alert_key', '=', alertKey)
    .execute();
}

export async function closeSwarmMessage(db: Db, alertKey: string, now: Date): Promise<void> {
  await db
    .updateTable('swarm_messages')
    .set({ ended_at: now.toISOString(), updated_at: now.toISOString() })
    .where('alert_key', '=', alertKey)
    .execute();
}
