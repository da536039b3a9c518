import { personRef } from '../blocks/outgoing.js';
import { buildQueuePage } from '../blocks/queue.js';
import type { SlackMessage } from '../blocks/kit.js';
import type { ListenerDeps } from './deps.js';
import { activeClaimsOf, loadTeamView, rankingOf } from '../../app/teamView.js';

/** One page of the team's queue in priority order, with who picked up what. */
export async function queuePageReply(teamId: string, page: number, deps: ListenerDeps): Promise<SlackMessage> {
  const view = await loadTeamView(teamId, deps);
  const claimedBy = new Map([...activeClaimsOf(view)].map(([key, claim]) => [key, personRef(claim.login, view.snapshot.slackIdByLogin)]));
  const { metrics } = view.assessment;
  return buildQueuePage({ items: rankingOf(view).queue, page, claimedBy, awaitingAuthor: metrics.awaitingAuthor, approved: metrics.approved });
}
