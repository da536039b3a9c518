import type { Reason } from '../../domain/light.js';
import type { TeamMetrics } from '../../domain/metrics.js';
import type { Suggestion } from '../../domain/suggest.js';
import type { Light } from '../../domain/types.js';
import { formatAgo, formatElapsed } from '../../domain/format.js';
import { describeGitHubBudget, type GitHubBudgetView } from '../../domain/githubBudget.js';
import { capBlocks, context, divider, fallback, header, section, type Block, type SlackMessage } from './kit.js';
import type { ReviewAsk } from '../../domain/reviewCadence.js';
import { askLine, basisLine, flowLine, forecastLine, LIGHT_WORDS, metricsLine } from './lightSummary.js';
import { LIGHT_EMOJI, sectionsOf } from './outgoing.js';
import { backlogLine, type BacklogView, type RecheckWords } from './backlog.js';
import { authorOf, pullRequestLink } from './pullRequestLine.js';
import { escapeText, truncate } from './text.js';

// `/flow status`: the light and why, the numbers, the forecast, the top of the queue, the asker's
// own next review, and the channel's messages still waiting for Slack (stale repos are among the grey reasons).

export type MySuggestion =
  | { kind: 'suggestion'; suggestion: Suggestion }
  | { kind: 'nothing' }
  | { kind: 'unlinked' };

export interface StatusView {
  light: Light;
  since: Date | null;
  reasons: Reason[];
  metrics: TeamMetrics;
  dayHours: number;
  top: Suggestion[];
  mine: MySuggestion;
  repoCount: number;
  /** messages not in Slack yet, grouped by why (src/store/outbox.ts listBacklog) */
  backlog: BacklogView[];
  recheck: RecheckWords;
  now: Date;
  /** set while the light's minimum dwell holds it although the rules alone say otherwise: when it may change */
  dwellEndsAt?: Date | null;
  /** set while the persistence filter holds the light: the rules call for a higher light the queue has not held for the whole hour */
  heldByPersistence?: boolean;
  /** requested GitHub teams whose members flowlight cannot read: their requests count for nobody */
  unreadableTeams?: ReadonlyArray<{ slug: string; detail: string }>;
  /** what the light asks of people right now, from the queue (src/domain/reviewCadence.ts) */
  ask?: ReviewAsk;
  /** points left of GitHub's hourly and per-minute limits (absent: not shown) */
  githubBudget?: GitHubBudgetView;
}

export const STATUS_TOP = 3;
const MAX_REASONS = 10;
const MAX_PROBLEMS = 5;

export function buildStatus(view: StatusView): SlackMessage {
  if (view.repoCount === 0) {
    const text = 'This channel watches no repositories yet. Start with `/flow watch OWNER/REPO`, then link yourselves with `/flow link GITHUB-LOGIN`.';
    return { text: fallback(text), blocks: [section(text), ...backlogSections(view)] };
  }
  const emoji = LIGHT_EMOJI[view.light];
  const blocks: Block[] = [
    header(`${emoji} ${view.light.toUpperCase()}`),
    section(`${LIGHT_WORDS[view.light]}${view.since ? `\n_${capitalized(view.light)} since ${formatAgo(view.since, view.now)}._` : ''}`),
  ];
  if (view.dwellEndsAt && view.dwellEndsAt.getTime() > view.now.getTime()) {
    blocks.push(context(`The rules alone would change the light; it holds for its minimum dwell (\`/flow set cooldown\`; only a rise to red or a queue empty for the last hour does not wait) for ${formatElapsed(view.dwellEndsAt.getTime() - view.now.getTime())} more.`));
  }
  if (view.heldByPersistence) {
    blocks.push(context('The rules below call for a higher light; it rises once the queue has held that level for a whole hour, so a PR picked up minutes after it arrived does not flip it (a rise to red does not wait).'));
  }
  if (view.ask) blocks.push(section(askLine(view.ask, view.dayHours)));
  if (view.reasons.length > 0) blocks.push(...sectionsOf(atMost(view.reasons.map((r) => `• ${escapeText(truncate(r.text, 500))}`), MAX_REASONS, 'more reasons')));
  blocks.push(
    context(metricsLine(view.metrics, view.dayHours)),
    context(flowLine(view.metrics)),
    context(forecastLine(view.metrics.forecast)),
    context(basisLine(view.metrics)),
    divider(),
  );
  if (view.top.length > 0) {
    blocks.push(section(`*Top of the queue* (\`/flow queue\` for all ${view.metrics.awaitingReview}):\n${view.top.map(topLine).join('\n')}`));
  } else {
    blocks.push(section('*The review queue is empty.*'));
  }
  blocks.push(section(mineText(view.mine)));
  blocks.push(...backlogSections(view));
  if (view.unreadableTeams && view.unreadableTeams.length > 0) blocks.push(context(unreadableTeamsLine(view.unreadableTeams)));
  if (view.githubBudget) blocks.push(context(describeGitHubBudget(view.githubBudget, view.now)));
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

function backlogSections(view: StatusView): Block[] {
  if (view.backlog.length === 0) return [];
  return sectionsOf(atMost(view.backlog.map((b) => backlogLine(b, view.now, view.recheck)), MAX_PROBLEMS, 'more places with messages waiting'));
}

/** The first `max` lines, and a line saying how many were left out. */
function atMost(lines: string[], max: number, what: string): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), `_…and ${lines.length - max} ${what}._`];
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
