import type { Reason } from '../../domain/light.js';
import type { TeamMetrics } from '../../domain/metrics.js';
import type { Suggestion } from '../../domain/suggest.js';
import type { Light } from '../../domain/types.js';
import { formatAgo } from '../../domain/format.js';
import { capBlocks, context, divider, fallback, header, section, type Block, type SlackMessage } from './kit.js';
import { flowLine, forecastLine, LIGHT_WORDS, metricsLine } from './lightSummary.js';
import { LIGHT_EMOJI, sectionsOf } from './outgoing.js';
import { authorOf, pullRequestLink } from './pullRequestLine.js';
import { escapeText, truncate } from './text.js';

// `/flow status`: the light and why, the numbers, the forecast, the top of the queue, the asker's
// own next review, and messages that could not be delivered (stale repos are among the grey reasons).

export type MySuggestion =
  | { kind: 'suggestion'; suggestion: Suggestion }
  | { kind: 'nothing' }
  | { kind: 'unlinked' };

export interface DeliveryProblemView {
  target: string;
  reason: string;
  at: Date;
}

export interface StatusView {
  light: Light;
  since: Date | null;
  reasons: Reason[];
  metrics: TeamMetrics;
  dayHours: number;
  top: Suggestion[];
  mine: MySuggestion;
  repoCount: number;
  problems: DeliveryProblemView[];
  now: Date;
  /** requested GitHub teams whose members flowlight cannot read: their requests count for nobody */
  unreadableTeams?: ReadonlyArray<{ slug: string; detail: string }>;
}

export const STATUS_TOP = 3;
const MAX_REASONS = 10;
const MAX_PROBLEMS = 5;

export function buildStatus(view: StatusView): SlackMessage {
  if (view.repoCount === 0) {
    const text = 'This channel watches no repositories yet. Start with `/flow watch OWNER/REPO`, then link yourselves with `/flow link GITHUB-LOGIN`.';
    return { text: fallback(text), blocks: [section(text)] };
  }
  const emoji = LIGHT_EMOJI[view.light];
  const blocks: Block[] = [
    header(`${emoji} ${view.light.toUpperCase()}`),
    section(`${LIGHT_WORDS[view.light]}${view.since ? `\n_${capitalized(view.light)} since ${formatAgo(view.since, view.now)}._` : ''}`),
  ];
  if (view.reasons.length > 0) blocks.push(...sectionsOf(atMost(view.reasons.map((r) => `• ${escapeText(truncate(r.text, 500))}`), MAX_REASONS, 'more reasons')));
  blocks.push(
    context(metricsLine(view.metrics, view.dayHours)),
    context(flowLine(view.metrics)),
    context(forecastLine(view.metrics.forecast)),
    divider(),
  );
  if (view.top.length > 0) {
    blocks.push(section(`*Top of the queue* (\`/flow queue\` for all ${view.metrics.awaitingReview}):\n${view.top.map(topLine).join('\n')}`));
  } else {
    blocks.push(section('*The review queue is empty.*'));
  }
  blocks.push(section(mineText(view.mine)));
  if (view.problems.length > 0) blocks.push(...sectionsOf(atMost(view.problems.map((p) => problemLine(p, view.now)), MAX_PROBLEMS, 'more undelivered messages')));
  if (view.unreadableTeams && view.unreadableTeams.length > 0) blocks.push(context(unreadableTeamsLine(view.unreadableTeams)));
  const reasonText = view.reasons[0] ? ` ${escapeText(truncate(view.reasons[0].text, 300))}` : '';
  const capped = capBlocks(blocks, (omitted) => `${omitted} more parts left out: /flow queue and /flow repos show the rest.`);
  return { text: fallback(`${emoji} ${view.light}: ${view.metrics.awaitingReview} awaiting review.${reasonText}`), blocks: capped };
}

const MAX_TEAMS_NAMED = 5;

function unreadableTeamsLine(teams: ReadonlyArray<{ slug: string; detail: string }>): string {
  const named = teams.slice(0, MAX_TEAMS_NAMED).map((t) => `@${escapeText(t.slug)}`).join(', ');
  const more = teams.length > MAX_TEAMS_NAMED ? ` and ${teams.length - MAX_TEAMS_NAMED} more` : '';
  return `:warning: Review requests to ${named}${more} count for nobody: ${escapeText(truncate(teams[0]!.detail, 300))}`;
}

function topLine(s: Suggestion, index: number): string {
  return `${index + 1}. ${pullRequestLink(s.pr.facts)} ${authorOf(s.pr.facts)} · ${escapeText(s.explanation)}`;
}

function mineText(mine: MySuggestion): string {
  switch (mine.kind) {
    case 'suggestion':
      return `*Your next review:* ${pullRequestLink(mine.suggestion.pr.facts)} · ${escapeText(mine.suggestion.explanation)}\n\`/flow next\` to pick it up.`;
    case 'nothing':
      return '*Your next review:* nothing for you right now (none waiting that you did not write, review already, or someone else claimed).';
    case 'unlinked':
      return '*Your next review:* link your GitHub login to get suggestions: `/flow link GITHUB-LOGIN`.';
    default: {
      const _exhaustive: never = mine;
      return String(_exhaustive);
    }
  }
}

function problemLine(p: DeliveryProblemView, now: Date): string {
  const where = /^[CG][A-Z0-9]{2,}$/.test(p.target) ? `<#${p.target}>` : 'a direct message';
  const fix = /not_in_channel|channel_not_found/.test(p.reason)
    ? ' Invite the bot: `/invite @flowlight` in the channel.'
    : /invalid_auth|token_revoked|account_inactive/.test(p.reason)
      ? ' The bot token was refused: whoever runs flowlight must set a fresh SLACK_BOT_TOKEN.'
      : '';
  return `:no_entry: A message to ${where} could not be delivered (${escapeText(truncate(p.reason, 200))}, ${formatAgo(p.at, now)}).${fix}`;
}

/** The first `max` lines, and a line saying how many were left out. */
function atMost(lines: string[], max: number, what: string): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), `_…and ${lines.length - max} ${what}._`];
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
