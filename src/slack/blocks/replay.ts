import { formatNumber } from '../../domain/format.js';
import type { LightHours } from '../../domain/replay.js';
import type { LightOutcome, TeamReplay } from '../../app/teamReplay.js';
import { ACTION_IDS } from './actionIds.js';
import { actions, button, context, header, section, type Block, type SlackMessage } from './kit.js';
import { escapeText } from './text.js';

// `/flow replay`: how often the light would have been yellow and red, and how many changes, under
// the channel's levels and under levels suggested from its own history, with one button to apply them.

const share = (hours: LightHours, light: 'yellow' | 'red') => {
  const total = hours.green + hours.yellow + hours.red + hours.grey;
  return total > 0 ? `${Math.round((hours[light] / total) * 100)}%` : '0%';
};

function outcomeLine(label: string, outcome: LightOutcome): string {
  return `*${label}:* yellow ${share(outcome.hours, 'yellow')} and red ${share(outcome.hours, 'red')} of business hours, ${outcome.changes} light ${outcome.changes === 1 ? 'change' : 'changes'}`;
}

/** The button's value: the `/flow set` changes, as JSON. */
export function suggestionValue(changes: Record<string, number>): string {
  return JSON.stringify(changes);
}

export function parseSuggestionValue(value: string): Array<[string, string]> | null {
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (entries.length === 0 || entries.length > 16 || entries.some(([k, v]) => !/^(yellow|red)\.[a-z_]{1,40}$/.test(k) || typeof v !== 'number' || !Number.isFinite(v))) return null;
    return entries.map(([k, v]) => [k, String(v)]);
  } catch {
    return null;
  }
}

export function buildReplay(replay: TeamReplay): SlackMessage {
  switch (replay.kind) {
    case 'no_repositories':
      return { text: 'No repositories to replay', blocks: [section(':information_source: This channel watches no repositories yet, so there is no history to replay. Start with `/flow watch OWNER/REPO`.')] };
    case 'no_history':
      return { text: 'No history yet', blocks: [section(':information_source: No pull requests are stored for this channel\'s repositories yet, so there is nothing to replay. Try again after the next poll.')] };
    case 'replayed':
      break;
    default: {
      const _exhaustive: never = replay;
      throw new Error(`unknown replay ${String(_exhaustive)}`);
    }
  }
  const weeks = replay.weeksStored ?? replay.weeksAsked;
  const lines = [outcomeLine('With the current levels', replay.current)];
  const blocks: Block[] = [header(`What the light would have done: the last ${weeks} ${weeks === 1 ? 'week' : 'weeks'}`)];
  if (replay.weeksStored !== null) {
    lines.unshift(`:information_source: You asked for ${replay.weeksAsked} weeks; the stored history covers ${replay.weeksStored === 0 ? 'less than a week' : `${replay.weeksStored} ${replay.weeksStored === 1 ? 'week' : 'weeks'}`} (since ${replay.from.toISOString().slice(0, 10)}), so that is what was replayed.`);
  }
  const { suggestion } = replay;
  if (suggestion.kind === 'suggested' && replay.suggested && Object.keys(suggestion.changes).length > 0) {
    lines.push(outcomeLine('With the suggested levels', replay.suggested));
    blocks.push(section(lines.join('\n')));
    const sets = Object.entries(suggestion.changes).map(([key, value]) => `\`${key} ${formatNumber(value, 2)}\``);
    blocks.push(section(`*Suggested:* ${sets.join(', ')}\n${escapeText(suggestion.explanation)}`));
    blocks.push(actions('flow_replay_suggestion', button('Apply the suggested levels', ACTION_IDS.applySuggestion, suggestionValue(suggestion.changes), 'primary')));
    blocks.push(context(`Applying is a \`/flow set\` for each level (admins only), announced in the channel. Replayed from ${escapeText(replay.repos.join(', '))}.`));
  } else {
    blocks.push(section(lines.join('\n')));
    blocks.push(section(suggestion.kind === 'suggested' ? `The current levels already fit this history. ${escapeText(suggestion.explanation)}` : escapeText(suggestion.explanation)));
  }
  return { text: `Replay of the last ${weeks} weeks: yellow ${share(replay.current.hours, 'yellow')}, red ${share(replay.current.hours, 'red')} of business hours`, blocks };
}
