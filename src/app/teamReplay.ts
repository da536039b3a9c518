import { hoursInEachLight, pollTimesEvery, relight, replayTeam, type LightHours } from '../domain/replay.js';
import type { TeamSettings } from '../domain/settingsModel.js';
import { suggestLevels, type LevelSuggestion } from '../domain/suggestLevels.js';
import type { Db } from '../store/open.js';
import { loadTeamHistory } from './teamHistory.js';

// `/flow replay [WEEKS]`: the channel's stored history replayed under its current levels and under
// levels suggested from that history, as figures a Slack message can show.

export const REPLAY_STEP_MS = 10 * 60_000;
export const DEFAULT_REPLAY_WEEKS = 4;
export const MAX_REPLAY_WEEKS = 12;
const WEEK_MS = 7 * 86_400_000;

export interface LightOutcome {
  hours: LightHours;
  changes: number;
}

export type TeamReplay =
  | { kind: 'no_repositories' }
  | { kind: 'no_history' }
  | {
      kind: 'replayed';
      repos: string[];
      weeksAsked: number;
      /** whole weeks the stored history covers, when fewer than asked; null when all were there */
      weeksStored: number | null;
      from: Date;
      to: Date;
      settings: TeamSettings;
      current: LightOutcome;
      suggestion: LevelSuggestion;
      /** the same history under the suggested levels; null without a suggestion */
      suggested: LightOutcome | null;
    };

export async function replayTeamHistory(db: Db, teamId: string, weeks: number, now: Date): Promise<TeamReplay> {
  const history = await loadTeamHistory(db, teamId);
  if (history.repos.length === 0) return { kind: 'no_repositories' };
  if (history.earliest === null) return { kind: 'no_history' };
  const asked = new Date(now.getTime() - weeks * WEEK_MS);
  const from = history.earliest > asked ? history.earliest : asked;
  const weeksStored = history.earliest > asked ? Math.floor((now.getTime() - history.earliest.getTime()) / WEEK_MS) : null;
  if (from.getTime() >= now.getTime()) return { kind: 'no_history' };

  const result = replayTeam({ pullRequests: history.pullRequests, members: history.members, settings: history.settings, from, to: now, pollTimes: pollTimesEvery(from, now, REPLAY_STEP_MS) });
  const suggestion = suggestLevels(result.polls, now, history.settings);
  let suggested: LightOutcome | null = null;
  if (suggestion.kind === 'suggested') {
    const relit = relight(result.polls, suggestion.settings);
    suggested = { hours: hoursInEachLight(relit.polls, now, suggestion.settings), changes: relit.transitions.length };
  }
  return {
    kind: 'replayed', repos: history.repos, weeksAsked: weeks, weeksStored, from, to: now, settings: history.settings,
    current: { hours: result.businessHoursIn, changes: result.transitions.length }, suggestion, suggested,
  };
}
