import { compareBeforeAfter, comparedPeriods, type BeforeAfter, type Period } from '../domain/beforeAfter.js';
import { pollTimesEvery, replayTeam, type LightHours, type ReplayResult } from '../domain/replay.js';
import { getFirstWatch } from '../store/historyBackfills.js';
import type { Db } from '../store/open.js';
import { loadTeamHistory, type TeamHistory } from './teamHistory.js';

// Before/after for one channel, from the store: its stored history (the poll's PRs and the backfill's),
// the time it first watched a repository, and each side replayed through the bot's own policy for the
// hours in each light. The replay evaluates once an hour: a light held for less than an hour between
// two evaluations is not seen, which moves hours between lights by less than one each time.

export const REPORT_REPLAY_STEP_MS = 3_600_000;

export interface TeamBeforeAfter {
  history: TeamHistory;
  result: BeforeAfter;
  /** the "after" side replayed (daily rows for the chart); null when nothing was compared */
  afterReplay: ReplayResult | null;
}

export async function loadBeforeAfter(db: Db, teamId: string, now: Date, options: { replay?: boolean } = {}): Promise<TeamBeforeAfter> {
  const history = await loadTeamHistory(db, teamId);
  const installedAt = await firstWatchOf(db, teamId);
  const periods = installedAt ? comparedPeriods(installedAt, now) : null;
  const replayed = options.replay !== false && periods && history.repos.length > 0
    ? { before: replaySide(history, periods.before), after: replaySide(history, periods.after) }
    : null;
  const hoursInLights: { before: LightHours; after: LightHours } | null = replayed ? { before: replayed.before.businessHoursIn, after: replayed.after.businessHoursIn } : null;
  const result = compareBeforeAfter({
    pullRequests: history.pullRequests,
    installedAt: history.repos.length > 0 ? installedAt : null,
    now,
    hours: history.settings.workingHours,
    skipLabels: history.settings.skipLabels,
    hoursInLights,
  });
  return { history, result, afterReplay: result.kind === 'compared' ? replayed?.after ?? null : null };
}

function replaySide(history: TeamHistory, period: Period): ReplayResult {
  return replayTeam({
    pullRequests: history.pullRequests,
    members: history.members,
    settings: history.settings,
    from: period.from,
    to: period.to,
    pollTimes: pollTimesEvery(period.from, period.to, REPORT_REPLAY_STEP_MS),
  });
}

/** The team's first watch; for a channel that watched before it was recorded, its oldest watched repository. */
async function firstWatchOf(db: Db, teamId: string): Promise<Date | null> {
  const recorded = await getFirstWatch(db, teamId);
  if (recorded) return recorded;
  const row = await db.selectFrom('watched_repos').select((eb) => eb.fn.min('added_at').as('first')).where('team_id', '=', teamId).executeTakeFirst();
  return row?.first ? new Date(row.first) : null;
}
