import type { Suggestion } from '../../domain/suggest.js';
import type { PullRequestFacts } from '../../domain/types.js';
import { context, fallback, section, type SlackMessage } from './kit.js';
import { LIGHT_EMOJI } from './outgoing.js';
import { pullRequestLink } from './pullRequestLine.js';
import { escapeText } from './text.js';

// The input gate: while the team is red, someone whose new PR enters the queue gets one DM per red
// period saying the team is swarming and which review to pick up first.

export interface GateDmInput {
  /** the team's channel */
  channelId: string;
  /** the PR that just entered the queue */
  ownPullRequest: Pick<PullRequestFacts, 'url' | 'repo' | 'number' | 'title'>;
  /** the best review for this person right now; null when there is none to give */
  suggestion: Suggestion | null;
  /** whether `suggestion` is the person's line of the swarm plan */
  isPlanLine?: boolean;
  /** how many lines the plan has (to say why the person has none) */
  planSize?: number;
}

export function buildGateDm(input: GateDmInput): SlackMessage {
  const channel = channelRef(input.channelId);
  const blocks = [
    section(`${LIGHT_EMOJI.red} *Your team is swarming* in ${channel}: the review queue is over its limit, so everyone reviews before starting new work.`),
    section(`Your new PR ${pullRequestLink(input.ownPullRequest)} is in the queue too. It moves faster once the queue clears.`),
    section(planLineText(input)),
    context(`Claim it with \`/flow next\` in ${channel}. You get this message once per red period.`),
  ];
  return { text: fallback(`${LIGHT_EMOJI.red} Your team is swarming: pick up a review before starting new work.`), blocks };
}

function planLineText(input: GateDmInput): string {
  const { suggestion } = input;
  // The plan line's explanation begins "your line of the swarm plan · ".
  if (suggestion && input.isPlanLine) return `*Pick up first:* ${pullRequestLink(suggestion.pr.facts)}, ${escapeText(suggestion.explanation)}`;
  const noLine = `*You have no line in the swarm plan* (${input.planSize ?? 0} ${input.planSize === 1 ? 'line' : 'lines'}: every PR in it has a reviewer, or yours is the only one left).`;
  return suggestion
    ? `${noLine}\n*Pick up first:* ${pullRequestLink(suggestion.pr.facts)}, ${escapeText(suggestion.explanation)}`
    : `${noLine}\n*Pick up first:* nothing is free for you right now (every PR is yours, claimed or reviewed by you). Ask in the channel who could use a second pair of eyes.`;
}

function channelRef(channelId: string): string {
  return /^[CG][A-Z0-9]{2,}$/.test(channelId) ? `<#${channelId}>` : `channel ${escapeText(channelId)}`;
}
