import { assessTeam } from '../domain/assess.js';
import { clearedSummary } from '../domain/clearedSummary.js';
import type { Transition } from '../domain/light.js';
import type { Logger } from '../logger.js';
import { buildAlert } from '../slack/blocks/alert.js';
import { listLightChanges, saveTeamLight } from '../store/lights.js';
import type { Db } from '../store/open.js';
import { enqueueMessage } from '../store/outbox.js';
import { loadTeamSnapshot } from '../store/snapshot.js';
import { listTeamIds } from '../store/teams.js';
import { enqueueGateDms } from './gateDms.js';
import { endSwarmMessage, planFor, redAlertPayload, refreshSwarmMessage, startSwarmMessage } from '../app/swarmMessage.js';

// After each poll, per team: read the store → decide (pure domain) → save the light and enqueue what
// to tell the channel, all in ONE transaction, so a message exists exactly when the state that caused
// it does. Concurrent evaluations (a poll and a claim) serialize on the transaction, so each
// transition is seen, and announced, once.

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

/** How far back light changes are read to find where a yellow/red episode began. */
const EPISODE_LOOKBACK_MS = 60 * 24 * 3_600_000;

export function alertKey(teamId: string, transition: Transition): string {
  return `alert:${teamId}:${transition.at.toISOString()}:${transition.from}>${transition.to}`;
}

export async function evaluateTeam(db: Db, teamId: string, now: Date, deps: EvaluateDeps): Promise<TeamEvaluation | null> {
  return db.transaction().execute(async (trx) => {
    // 1. Read.
    const snapshot = await loadTeamSnapshot(trx, teamId, deps.pollIntervalMs, now);
    if (snapshot.repos.length === 0) return null; // a channel without repositories has no light
    const people = snapshot.slackIdByLogin;

    // 2. Decide.
    const assessment = assessTeam(snapshot, now);
    const { decision } = assessment;
    const { transition } = decision;
    const result: TeamEvaluation = { teamId, light: decision.light, transition, alerts: 0, planUpdated: false, gateDms: 0 };

    // 3. Say what changed. While red, one swarm plan serves the alert, its edits and the gate DMs.
    const plan = decision.light === 'red' ? planFor(snapshot, assessment, now) : null;
    if (transition) {
      const key = alertKey(teamId, transition);
      if (transition.from === 'red') await endSwarmMessage(trx, teamId, transition.at, transition.to, people, now);
      if (plan) {
        if (await enqueueMessage(trx, { teamId, dedupeKey: key, kind: 'alert', payload: redAlertPayload(teamId, transition, plan, null) }, now)) result.alerts += 1;
        await startSwarmMessage(trx, teamId, key, transition, plan, now);
      } else {
        const cleared = transition.to === 'green' && (transition.from === 'yellow' || transition.from === 'red')
          ? clearedSummary(await listLightChanges(trx, teamId, new Date(now.getTime() - EPISODE_LOOKBACK_MS)), snapshot.previous ?? { light: transition.from, since: transition.at }, snapshot.pullRequests, snapshot.settings, now)
          : null;
        const message = buildAlert({ transition, cleared, people });
        if (await enqueueMessage(trx, { teamId, dedupeKey: key, kind: 'alert', payload: { action: 'post', channel: teamId, ...message } }, now)) result.alerts += 1;
      }
    } else if (plan) {
      // 4. While red: keep the plan message current.
      result.planUpdated = await refreshSwarmMessage(trx, teamId, plan, now);
    }

    // 5. While red: the input gate.
    if (plan) {
      result.gateDms = await enqueueGateDms(trx, teamId, snapshot, assessment, plan.view.assignments, transition?.at ?? decision.since, people, now);
    }

    // 6. Save the light (and its change) with the messages it caused.
    await saveTeamLight(trx, teamId, decision, now);
    return result;
  });
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
