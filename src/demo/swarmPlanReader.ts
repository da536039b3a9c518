import { pullRequestKey } from '../domain/suggest.js';

// What a team member reads in the channel while swarming: their own line of the swarm plan
// ("@carl → flowlight-demo/web#16 …") in the red alert, as the bot last edited it.

const PLAN_LINE = /<@([UW][A-Z0-9]+)> → <[^|>]*\|([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)#(\d+)/g;

/** The PR key the newest swarm plan gives `slackUserId`, or null when it gives them none. */
export function plannedReviewFor(messages: ReadonlyArray<{ blocks: unknown[] }>, slackUserId: string): string | null {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const shown = JSON.stringify(messages[i]!.blocks);
    if (!shown.includes('Swarm plan')) continue;
    for (const match of shown.matchAll(PLAN_LINE)) {
      if (match[1] === slackUserId) return pullRequestKey(match[2]!, Number(match[3]));
    }
    return null; // the newest plan is the one people follow
  }
  return null;
}
