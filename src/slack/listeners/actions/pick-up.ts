import type { App, BlockButtonAction } from '@slack/bolt';
import { pullRequestKey } from '../../../domain/suggest.js';
import { claimPullRequest } from '../../../store/claims.js';
import { loginFor } from '../../../store/people.js';
import { ACTION_IDS, parsePullRequestKey } from '../../blocks/actionIds.js';
import { buildNotice } from '../../blocks/notice.js';
import { personRef } from '../../blocks/outgoing.js';
import { pullRequestLink } from '../../blocks/pullRequestLine.js';
import { buildSuggestion } from '../../blocks/suggestion.js';
import type { SlackMessage } from '../../blocks/kit.js';
import type { ListenerDeps } from '../deps.js';
import { nextSuggestionReply } from '../nextSuggestion.js';
import { activeClaimsOf, loadTeamView } from '../teamView.js';
import { answerAction, buttonPress, OUT_OF_CHANNEL, type ButtonPress } from './answerAction.js';
import { refreshSwarmPlanAfterClaim } from './refreshSwarmPlan.js';

// Pick up: claims the PR for the presser (others' suggestions and swarm plans skip it for the claim
// window) and, while the team swarms, edits the plan message. A PR that stopped waiting, or that
// someone else picked up meanwhile, is not claimed: the presser gets their next suggestion instead.

export function registerPickUp(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTION_IDS.pickUp, async ({ ack, body, action, respond }) => {
    await ack();
    await answerAction('Pick up', respond, deps, async () => {
      const press = buttonPress(body, action);
      return press ? pickUp(press, deps) : OUT_OF_CHANNEL;
    });
  });
}

async function pickUp({ teamId, userId, value }: ButtonPress, deps: ListenerDeps): Promise<SlackMessage> {
  const target = parsePullRequestKey(value);
  if (!target) return buildNotice(':warning: This button is out of date. Run `/flow next` for a fresh suggestion.');
  const login = await loginFor(deps.db, teamId, userId);
  if (!login) return buildSuggestion({ suggestion: null, none: 'unlinked', skipped: [], remaining: 0 });

  const view = await loadTeamView(teamId, deps);
  const key = pullRequestKey(target.repo, target.number);
  const pr = view.assessment.queue.find((q) => pullRequestKey(q.facts.repo, q.facts.number) === key);
  if (!pr || pr.queue !== 'awaiting_review') {
    return nextSuggestionReply(view, login, [key], `\`${key}\` no longer waits for review. Here is your next one:`);
  }
  const claim = activeClaimsOf(view).get(key);
  if (claim && claim.login !== login) {
    return nextSuggestionReply(view, login, [key], `${personRef(claim.login, view.snapshot.slackIdByLogin)} picked up \`${key}\` first. Here is your next one:`);
  }

  const now = view.now;
  let planUpdated = false;
  await deps.db.transaction().execute(async (trx) => {
    await claimPullRequest(trx, teamId, { repo: target.repo, number: target.number, login, slackUserId: userId }, now);
    try {
      planUpdated = await refreshSwarmPlanAfterClaim(trx, teamId, view, now);
    } catch (error) {
      // The claim matters more than the plan message: the next evaluation redraws the plan anyway.
      deps.logger.warn({ err: error, channel: teamId }, 'Could not update the swarm plan after a claim');
    }
  });
  const hours = view.snapshot.settings.claimBusinessHours;
  return buildNotice(
    `:hand: You picked up ${pullRequestLink(pr.facts)}. Others' suggestions${planUpdated ? ' and the swarm plan' : ''} leave it to you for ${hours} business ${hours === 1 ? 'hour' : 'hours'}. Happy reviewing!`,
  );
}
