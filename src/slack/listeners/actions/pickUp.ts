import type { App, BlockButtonAction } from '@slack/bolt';
import { pullRequestKey } from '../../../domain/suggest.js';
import type { QueuedPullRequest } from '../../../domain/types.js';
import { claimPullRequestIfUnchanged, findClaim } from '../../../store/claims.js';
import { loginFor } from '../../../store/people.js';
import { lockTeam } from '../../../store/teams.js';
import { ACTION_IDS, parsePullRequestKey } from '../../blocks/actionIds.js';
import { buildNotice } from '../../blocks/notice.js';
import { personRef } from '../../blocks/outgoing.js';
import { pullRequestLink } from '../../blocks/pullRequestLine.js';
import { buildSuggestion } from '../../blocks/suggestion.js';
import type { SlackMessage } from '../../blocks/kit.js';
import type { ListenerDeps } from '../deps.js';
import { nextSuggestionReply } from '../nextSuggestion.js';
import { activeClaimsOf, loadTeamView, type TeamView } from '../../../app/teamView.js';
import { answerAction, buttonPress, OUT_OF_CHANNEL } from './answerAction.js';
import { refreshSwarmPlanAfterClaim } from './refreshSwarmPlan.js';
import { acknowledge } from '../acknowledge.js';

// Pick up: claims the PR for the presser (others' suggestions and swarm plans skip it for the claim
// window) and, while the team swarms, edits the plan message. A PR that stopped waiting, or that
// someone else picked up meanwhile, is not claimed: the presser gets their next suggestion instead.
// The App Home's Pick up (homePickUp.ts) claims through the same pickUpOutcome.

export function registerPickUp(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTION_IDS.pickUp, async ({ ack, body, action, respond }) => {
    await acknowledge(ack, deps.logger, { action: 'pickUp' });
    await answerAction('Pick up', respond, deps, async () => {
      const press = buttonPress(body, action);
      return press ? pickUpReply(await pickUpOutcome(press.teamId, press.userId, parsePullRequestKey(press.value), deps)) : OUT_OF_CHANNEL;
    });
  });
}

export type PickUpOutcome =
  | { kind: 'out_of_date' }
  | { kind: 'unlinked' }
  | { kind: 'not_waiting'; key: string; login: string; view: TeamView }
  | { kind: 'taken'; key: string; login: string; by: string; view: TeamView }
  | { kind: 'claimed'; pr: QueuedPullRequest; planUpdated: boolean; claimHours: number };

export async function pickUpOutcome(
  teamId: string,
  userId: string,
  target: { repo: string; number: number } | null,
  deps: ListenerDeps,
): Promise<PickUpOutcome> {
  if (!target) return { kind: 'out_of_date' };
  const login = await loginFor(deps.db, teamId, userId);
  if (!login) return { kind: 'unlinked' };

  const view = await loadTeamView(teamId, deps);
  const key = pullRequestKey(target.repo, target.number);
  const pr = view.assessment.queue.find((q) => pullRequestKey(q.facts.repo, q.facts.number) === key);
  if (!pr || pr.queue !== 'awaiting_review') return { kind: 'not_waiting', key, login, view };
  const claim = activeClaimsOf(view).get(key);
  if (claim && claim.login !== login) return { kind: 'taken', key, login, by: personRef(claim.login, view.snapshot.slackIdByLogin), view };

  const now = view.now;
  // Claimed only if nobody claimed it since the view was read: of two presses at once, one wins.
  const seen = view.snapshot.claims.find((c) => pullRequestKey(c.repo, c.number) === key) ?? null;
  let claimed = false;
  let planUpdated = false;
  await deps.db.transaction().execute(async (trx) => {
    await lockTeam(trx, teamId); // the swarm plan message is the evaluation's too: one at a time, in one lock order
    claimed = await claimPullRequestIfUnchanged(trx, teamId, { repo: target.repo, number: target.number, login, slackUserId: userId }, seen, now);
    if (!claimed) return;
    try {
      planUpdated = await refreshSwarmPlanAfterClaim(trx, teamId, view, now);
    } catch (error) {
      // The claim matters more than the plan message: the next evaluation redraws the plan anyway.
      deps.logger.warn({ err: error, channel: teamId }, 'Could not update the swarm plan after a claim');
    }
  });
  if (!claimed) {
    const winner = await findClaim(deps.db, teamId, target.repo, target.number);
    // the same person pressing twice: their first press holds it
    if (winner && winner.login !== login) return { kind: 'taken', key, login, by: personRef(winner.login, view.snapshot.slackIdByLogin), view };
  }
  return { kind: 'claimed', pr, planUpdated, claimHours: view.snapshot.settings.claimBusinessHours };
}

/** The ephemeral reply in the channel: the confirmation, or the next suggestion when this one went. */
function pickUpReply(outcome: PickUpOutcome): SlackMessage {
  switch (outcome.kind) {
    case 'out_of_date':
      return buildNotice(':warning: This button is out of date. Run `/flow next` for a fresh suggestion.');
    case 'unlinked':
      return buildSuggestion({ suggestion: null, none: 'unlinked', skipped: [], remaining: 0 });
    case 'not_waiting':
      return nextSuggestionReply(outcome.view, outcome.login, [outcome.key], `\`${outcome.key}\` no longer waits for review. Here is your next one:`);
    case 'taken':
      return nextSuggestionReply(outcome.view, outcome.login, [outcome.key], `${outcome.by} picked up \`${outcome.key}\` first. Here is your next one:`);
    case 'claimed':
      return buildNotice(claimedText(outcome));
    default: {
      const _exhaustive: never = outcome;
      return _exhaustive;
    }
  }
}

export function claimedText(outcome: Extract<PickUpOutcome, { kind: 'claimed' }>): string {
  const hours = outcome.claimHours;
  return `:hand: You picked up ${pullRequestLink(outcome.pr.facts)}. Others' suggestions${outcome.planUpdated ? ' and the swarm plan' : ''} leave it to you for ${hours} business ${hours === 1 ? 'hour' : 'hours'}. Happy reviewing!`;
}
