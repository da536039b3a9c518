import { assessTeam } from '../../../domain/assess.js';
import { planFor, refreshSwarmMessage } from '../../../jobs/swarmMessage.js';
import type { Db } from '../../../store/open.js';
import { listPeople } from '../../../store/people.js';
import { loadTeamSnapshot } from '../../../store/snapshot.js';
import { findOpenSwarmMessage } from '../../../store/swarmMessages.js';

/**
 * After a claim, while the team swarms: the plan message is edited in place (through the outbox)
 * when the claim changed who reviews what. Run inside the claim's transaction, so it serializes
 * with the poller's evaluation like any other change of the team's state.
 */
export async function refreshSwarmPlanAfterClaim(db: Db, teamId: string, pollIntervalMs: number, now: Date): Promise<boolean> {
  if (!(await findOpenSwarmMessage(db, teamId))) return false;
  const snapshot = await loadTeamSnapshot(db, teamId, pollIntervalMs, now);
  const assessment = assessTeam(snapshot, now);
  const people = new Map((await listPeople(db, teamId)).map((p) => [p.githubLogin.toLowerCase(), p.slackUserId]));
  return refreshSwarmMessage(db, teamId, planFor(snapshot, assessment, people, now), now);
}
