import {
  decideAnnouncements,
  endsEpisode,
  EPISODE_LOOKBACK_MS,
  gateDmKeyPrefix,
  redPeriodStart,
  swarmMessageInPlay,
  swarmPlanNeeded,
  type AnnouncementIntent,
} from '../domain/announcements.js';
import { assessTeam, type Assessment } from '../domain/assess.js';
import type { Transition } from '../domain/light.js';
import type { TeamSnapshot } from '../domain/types.js';
import type { Logger } from '../logger.js';
import { buildAlert } from '../slack/blocks/alert.js';
import { listLightChanges, saveTeamLight } from '../store/lights.js';
import type { Db } from '../store/open.js';
import { enqueueMessage, listMessagesByKeyPrefix } from '../store/outbox.js';
import { loadTeamSnapshot } from '../store/snapshot.js';
import { findOpenSwarmMessage } from '../store/swarmMessages.js';
import { listTeamIds, lockTeam } from '../store/teams.js';
import { enqueueGateDm } from './gateDms.js';
import { editSwarmPlan, endSwarmMessage, planFor, redAlertPayload, startSwarmMessage, type TeamPlan } from '../app/swarmMessage.js';

// After each poll, per team: read the store → decide (pure domain: the light, then what to announce)
// → save the light and enqueue the announcements, all in ONE transaction, so a message exists exactly
// when the state that caused it does. Concurrent evaluations (a poll and a claim) serialize on the
// transaction, so each transition is seen, and announced, once.

export interface EvaluateDeps {
  pollIntervalMs: number;
  logger: Logger;
}

export interface TeamEvaluation {
  teamId: string;
  light: string;
  transition: Transition | null;
  alerts: number;
  planUpdated: boolean;
  gateDms: number;
}

export async function evaluateTeam(db: Db, teamId: string, now: Date, deps: EvaluateDeps): Promise<TeamEvaluation | null> {
  return db.transaction().execute(async (trx) => {
    // 1. Read, alone: another evaluation of this team waits until this one committed its light.
    await lockTeam(trx, teamId);
    const snapshot = await loadTeamSnapshot(trx, teamId, deps.pollIntervalMs, now);
    if (snapshot.repos.length === 0) return null; // a channel without repositories has no light

    // 2. Decide the light, and while red, the swarm plan.
    const assessment = assessTeam(snapshot, now);
    const { decision } = assessment;
    const plan = swarmPlanNeeded(decision) ? planFor(snapshot, assessment, now) : null;

    // 3. Read what the announcements depend on, and decide them.
    const openSwarm = swarmMessageInPlay(decision) ? await findOpenSwarmMessage(trx, teamId) : null;
    const episodeChanges = endsEpisode(decision.transition)
      ? await listLightChanges(trx, teamId, new Date(now.getTime() - EPISODE_LOOKBACK_MS))
      : null;
    const gateDmsSent = plan && snapshot.settings.gateDms
      ? new Set((await listMessagesByKeyPrefix(trx, gateDmKeyPrefix(teamId, redPeriodStart(decision)))).map((message) => message.dedupeKey))
      : new Set<string>();
    const intents = decideAnnouncements({ teamId, snapshot, assessment, plan, openSwarm, episodeChanges, gateDmsSent }, now);

    // 4. Enqueue them, and save the light (and its change) with the messages it caused.
    const result: TeamEvaluation = { teamId, light: decision.light, transition: decision.transition, alerts: 0, planUpdated: false, gateDms: 0 };
    for (const intent of intents) await carryOut(trx, teamId, intent, { snapshot, assessment }, result, now);
    await saveTeamLight(trx, teamId, decision, now);
    return result;
  });
}

/** Renders and enqueues one announcement, counting what was new in `result`. */
async function carryOut(
  db: Db,
  teamId: string,
  intent: AnnouncementIntent<TeamPlan>,
  team: { snapshot: TeamSnapshot; assessment: Assessment },
  result: TeamEvaluation,
  now: Date,
): Promise<void> {
  const people = team.snapshot.slackIdByLogin;
  switch (intent.kind) {
    case 'light_alert': {
      const message = buildAlert({ transition: intent.transition, cleared: intent.cleared, people });
      if (await enqueueMessage(db, { teamId, dedupeKey: intent.dedupeKey, kind: 'alert', payload: { action: 'post', channel: teamId, ...message } }, now)) result.alerts += 1;
      return;
    }
    case 'red_alert':
      if (await enqueueMessage(db, { teamId, dedupeKey: intent.dedupeKey, kind: 'alert', payload: redAlertPayload(teamId, intent.transition, intent.plan, null) }, now)) result.alerts += 1;
      await startSwarmMessage(db, teamId, intent.dedupeKey, intent.transition, intent.plan, now);
      return;
    case 'swarm_plan_edit':
      await editSwarmPlan(db, teamId, intent.swarm, intent.plan, now);
      result.planUpdated = true;
      return;
    case 'swarm_ended':
      await endSwarmMessage(db, teamId, intent.swarm, { at: intent.endedAt, light: intent.light }, people, now);
      return;
    case 'gate_dm':
      if (await enqueueGateDm(db, teamId, intent, team.snapshot, team.assessment, now)) result.gateDms += 1;
      return;
    default: {
      const _exhaustive: never = intent;
      throw new Error(`unknown announcement ${String(_exhaustive)}`);
    }
  }
}

/** Evaluates every team; one team's failure is logged and does not stop the others. */
export async function evaluateAllTeams(db: Db, now: Date, deps: EvaluateDeps): Promise<TeamEvaluation[]> {
  const results: TeamEvaluation[] = [];
  for (const teamId of await listTeamIds(db)) {
    try {
      const evaluation = await evaluateTeam(db, teamId, now, deps);
      if (!evaluation) continue;
      results.push(evaluation);
      if (evaluation.transition) {
        deps.logger.info({ teamId, from: evaluation.transition.from, to: evaluation.transition.to }, 'light changed');
      }
    } catch (error) {
      deps.logger.error({ err: error, teamId }, 'evaluating the team failed; its light stays as it was');
    }
  }
  return results;
}
