import type { Assessment, TeamSnapshot } from '../../../domain/assess.js';
import { pullRequestKey, type Claim } from '../../../domain/suggest.js';
import { planFor, refreshSwarmMessage } from '../../../jobs/swarmMessage.js';
import type { Db } from '../../../store/open.js';
import { findOpenSwarmMessage } from '../../../store/swarmMessages.js';

/**
 * After a claim, while the team swarms: the plan message is edited in place (through the outbox)
 * when the claim changed who reviews what. Run inside the claim's transaction, so it serializes
 * with the poller's evaluation like any other change of the team's state. The presser's view is
 * reused with the new claim in place of any earlier one on the PR (a PR has one claim): the
 * assessment does not depend on claims, so only the plan is computed here.
 */
export async function refreshSwarmPlanAfterClaim(
  db: Db,
  teamId: string,
  view: { snapshot: TeamSnapshot; assessment: Assessment },
  claim: Claim,
  now: Date,
): Promise<boolean> {
  if (!(await findOpenSwarmMessage(db, teamId))) return false;
  const key = pullRequestKey(claim.repo, claim.number);
  const claims = [...view.snapshot.claims.filter((c) => pullRequestKey(c.repo, c.number) !== key), claim];
  return refreshSwarmMessage(db, teamId, planFor({ ...view.snapshot, claims }, view.assessment, now), now);
}
