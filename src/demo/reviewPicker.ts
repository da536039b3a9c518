import { ACTION_IDS, parsePullRequestKey } from '../slack/blocks/actionIds.js';
import { buttonsIn, type SlackRequests } from './slackRequests.js';
import type { StandInReply } from './slackStandIn.js';

// How a simulated person chooses a review: the way the alerts tell them to. They type `/flow next`
// and press Pick up on what the real app suggests; while swarming, they take their line of the
// swarm plan, pressing Skip until `/flow next` offers that PR. So the claims, everyone's
// suggestions and the plan message all move exactly as they would in Slack.

export type Pick = { kind: 'picked'; repo: string; number: number } | { kind: 'nothing' };

/** Skips before giving up on the planned PR and taking what /flow next offers first. */
const MAX_SKIPS = 8;

export async function pickUpSuggestedReview(
  requests: SlackRequests,
  slackUserId: string,
  options: { show: boolean; planned?: string | null },
): Promise<Pick> {
  const quiet = !options.show;
  let answer = await requests.flow(slackUserId, 'next', { quiet });
  if (options.planned) {
    for (let skips = 0; skips < MAX_SKIPS && offered(answer) && offered(answer)!.value !== options.planned; skips += 1) {
      const skip = buttonsIn(answer.blocks).find((b) => b.actionId === ACTION_IDS.skip);
      if (!skip) break;
      answer = await requests.press(slackUserId, skip, { quiet });
    }
    // The planned PR was not offered (claimed meanwhile, say): take the best one after all.
    if (offered(answer)?.value !== options.planned) answer = await requests.flow(slackUserId, 'next', { quiet: true });
  }
  const pickUp = offered(answer);
  const target = pickUp ? parsePullRequestKey(pickUp.value) : null;
  if (!pickUp || !target) return { kind: 'nothing' };
  const confirmation = await requests.press(slackUserId, pickUp, { quiet });
  // Someone else may have taken it a moment earlier: the answer then offers another one instead.
  if (offered(confirmation)) return { kind: 'nothing' };
  // Anything but the confirmation (a warning, say) means no claim was made.
  return /you picked up/i.test(confirmation.text) ? { kind: 'picked', ...target } : { kind: 'nothing' };
}

function offered(answer: StandInReply) {
  return buttonsIn(answer.blocks).find((b) => b.actionId === ACTION_IDS.pickUp);
}
