import type { Assessment } from '../../../domain/assess.js';
import type { TeamSnapshot } from '../../../domain/types.js';
import { planFor, refreshSwarmMessage } from '../../../app/swarmMessage.js';
import { listClaims } from '../../../store/claims.js';
import type { Db } from '../../../store/open.js';
import { findOpenSwarmMessage } from '../../../store/swarmMessages.js';

/**
 * After a claim, while the team swarms: the plan message is edited in place (through the outbox)
 * when the claim changed who reviews what. Run inside the claim's transaction, so it serializes
 * with the poller's evaluation like any other change of the team's state. The presser's view is
 * reused for the assessment (it does not depend on claims), but the claims are read inside the
 * transaction: two people pressing at once must each see the other's claim in the plan.
 */
export async function refreshSwarmPlanAfterClaim(
  db: Db,
  teamId: string,
  view: { snapshot: TeamSnapshot; assessment: Assessment },
  now: Date,
): Promise<boolean> {
  if (!(await findOpenSwarmMessage(db, teamId))) return false;
  const claims = await listClaims(db, teamId);
  return refreshSwarmMessage(db, teamId, planFor({ ...view.snapshot, claims }, view.assessment, now), now);
}
