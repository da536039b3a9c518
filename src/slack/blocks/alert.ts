import type { ClearedSummary } from '../../domain/clearedSummary.js';
import { formatBusinessDuration, formatElapsed } from '../../domain/format.js';
import type { Reason, Transition } from '../../domain/light.js';
import type { Light } from '../../domain/types.js';
import { context, divider, fallback, header, section, capBlocks, type Block, type SlackMessage } from './kit.js';
import { LIGHT_EMOJI, personRef } from './outgoing.js';
import { buildSwarmPlanBlocks, type SwarmPlanView } from './swarm.js';
import { escapeText } from './text.js';

// The channel alert on a light transition: what changed, why, what to do now. Going red it carries
// the swarm plan and is later edited in place (same builder, newer plan); going back to green it
// becomes the short "cleared" message.

export interface AlertInput {
  transition: Transition;
  /** the swarm plan, for a transition to red */
  plan?: SwarmPlanView | null;
  /** when the plan shown was last recomputed (an edited red alert says so) */
  planUpdatedAt?: Date | null;
  /** set when the red period this alert opened is over: the edit replaces the plan with this note */
  swarmEnded?: { at: Date; light: Light } | null;
  /** for a transition to green out of yellow or red */
  cleared?: ClearedSummary | null;
  people: ReadonlyMap<string, string>;
}

const WHAT_TO_DO: Readonly<Record<Light, string>> = Object.freeze({
  green: 'build; whenever a review waits, take it before you start something new (`/flow next`), and if one has waited long (`/flow status` says how long), break off for it. That keeps waits short with no more reviewing than the queue needs.',
  yellow: 'before starting new work, pick up a review: `/flow next`.',
  red: 'stop starting new work (everyone, the fastest AI users included) and swarm the review queue until it clears. Take your line of the plan below, or `/flow next`.',
  grey: 'whoever runs flowlight checks the GitHub token (GITHUB_TOKEN or the GitHub App) and GitHub\'s status. flowlight shows no light it cannot back with data; it keeps trying and says so when the data is fresh again.',
});

export function buildAlert(input: AlertInput): SlackMessage {
  const { from, to, at } = input.transition;
  const title = titleFor(from, to, input.cleared ?? null);
  const blocks: Block[] = [header(`${LIGHT_EMOJI[to]} ${title}`), section(`*${from} → ${to}* ${slackDate(at)}`)];

  if (to === 'green' && input.cleared) {
    blocks.push(section(clearedText(input.cleared, at, input.people)));
    blocks.push(context(`*From now on:* ${WHAT_TO_DO.green}`));
  } else {
    const reasons = reasonLines(input.transition.reasons);
    if (reasons) blocks.push(section(reasons));
    blocks.push(section(`*What to do now:* ${WHAT_TO_DO[to]}`));
  }

  if (to === 'red') {
    blocks.push(divider());
    if (input.swarmEnded) {
      blocks.push(section(`${LIGHT_EMOJI[input.swarmEnded.light]} *Swarm over* ${slackDate(input.swarmEnded.at)}: the light is ${input.swarmEnded.light} now. Thank you for reviewing.`));
    } else {
      blocks.push(section('*Swarm plan*'));
      blocks.push(...buildSwarmPlanBlocks(input.plan ?? { assignments: [], unassigned: 0, people: input.people }));
      if (input.planUpdatedAt) blocks.push(context(`Plan updated ${slackDate(input.planUpdatedAt)} as reviews and claims land.`));
    }
  }
  const text = to === 'green' && input.cleared ? `${LIGHT_EMOJI[to]} ${title}` : `${LIGHT_EMOJI[to]} ${title}: ${WHAT_TO_DO[to]}`;
  return { text: fallback(text), blocks: capBlocks(blocks, (n) => `${n} more block${n === 1 ? '' : 's'} left out: see \`/flow status\`.`) };
}

function titleFor(from: Light, to: Light, cleared: ClearedSummary | null): string {
  switch (to) {
    case 'green':
      if (from === 'grey' && !cleared) return 'Fresh data again: the review queue is clear';
      return 'Review queue cleared: back to green';
    case 'yellow':
      return from === 'red' ? 'Down to yellow: keep picking up reviews first' : from === 'grey' ? 'Fresh data again: the review queue is filling up' : 'The review queue is filling up';
    case 'red':
      return 'Review queue over the limit: stop starting, swarm';
    case 'grey':
      return 'flowlight cannot read GitHub: the light is grey';
    default: {
      const _exhaustive: never = to;
      return _exhaustive;
    }
  }
}

function reasonLines(reasons: readonly Reason[]): string {
  return reasons.map((r) => `• ${escapeText(r.text)}`).join('\n');
}

function clearedText(cleared: ClearedSummary, at: Date, people: ReadonlyMap<string, string>): string {
  const total = cleared.reviewers.reduce((sum, r) => sum + r.reviews, 0);
  const took = `${formatBusinessDuration(cleared.businessHours, cleared.dayHours)} of working time, ${formatElapsed(at.getTime() - cleared.since.getTime())} on the clock`;
  // `since` is when the light left green, which may be well before it reached its peak.
  const episode = cleared.peak === 'red' ? 'left green' : `went ${cleared.peak}`;
  const peak = cleared.peak === 'red' ? ' and reached red' : '';
  const lines = [`The queue ${episode} ${slackDate(cleared.since)}${peak}; clearing it took ${took}.`];
  if (total === 0) {
    lines.push('No reviews were needed: PRs were closed, merged or set aside.');
  } else {
    const by = cleared.reviewers.map((r) => `${personRef(r.login, people)} (${r.reviews})`).join(', ');
    lines.push(`${total} review${total === 1 ? '' : 's'} done by ${by}. Thank you!`);
  }
  return lines.join('\n');
}

/** Slack renders this in each reader's own time zone; the fallback is UTC. */
function slackDate(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  const fallbackText = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^{date_short_pretty} at {time}|${fallbackText}>`;
}
