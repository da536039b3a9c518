import type { TeamBeforeAfter } from './beforeAfterReport.js';
import { loadTeamHistory } from './teamHistory.js';
import { startOfTrailingBusinessDays } from '../domain/businessHours.js';
import { comparedPeriods } from '../domain/beforeAfter.js';
import { pollTimesEvery, replayTeam } from '../domain/replay.js';
import { weeklyWaits } from '../domain/waitTrend.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/open.js';
import { shareFile, type UploadOutcome } from '../slack/uploadFile.js';
import type { webApi } from '@slack/bolt';

// The pictures beside the digest and the report, shared into the channel after their text went to the
// outbox: an upload that fails is logged and given up, and the text is not touched by it.

/** The digest's picture covers the last 10 business days, evaluated every 15 minutes as a poll would. */
export const DIGEST_CHART_BUSINESS_DAYS = 10;
const DIGEST_CHART_STEP_MS = 15 * 60_000;

export interface ChartDeps {
  db: Db;
  /** a Web API client with the bot token (files:write) */
  client: webApi.WebClient;
  logger: Logger;
}

export type ChartOutcome = UploadOutcome | { ok: false; error: 'nothing_to_draw' };

/** The queue per business day with the light as bands and the thresholds as lines. */
export async function shareDigestChart(deps: ChartDeps, teamId: string, now: Date): Promise<ChartOutcome> {
  const history = await loadTeamHistory(deps.db, teamId);
  if (history.repos.length === 0) return { ok: false, error: 'nothing_to_draw' };
  const from = startOfTrailingBusinessDays(now, DIGEST_CHART_BUSINESS_DAYS, history.settings.workingHours);
  const replay = replayTeam({ pullRequests: history.pullRequests, members: history.members, settings: history.settings, from, to: now, pollTimes: pollTimesEvery(from, now, DIGEST_CHART_STEP_MS) });
  // Chart.js, the canvas and the fonts load at the first chart, not at every start of the bot.
  const { renderReplayChart } = await import('../chart/replayChart.js');
  const png = await renderReplayChart(replay, `Review queue, last ${DIGEST_CHART_BUSINESS_DAYS} business days`);
  return share(deps, teamId, { filename: 'review-queue.png', title: 'Review queue per business day', bytes: png, comment: 'The queue awaiting review each business day; the band is the light, the dashed lines where it turns yellow and red.' });
}

/** The median wait to a first review per week, before flowlight and since. */
export async function shareReportChart(deps: ChartDeps, teamId: string, report: TeamBeforeAfter, now: Date): Promise<ChartOutcome> {
  if (report.result.kind !== 'compared') return { ok: false, error: 'nothing_to_draw' };
  const periods = comparedPeriods(report.result.installedAt, now)!;
  const weeks = weeklyWaits(report.history.pullRequests, periods, now, report.history.settings.workingHours, report.history.settings.skipLabels);
  const { renderWaitTrendChart } = await import('../chart/waitTrendChart.js');
  const png = await renderWaitTrendChart(weeks, 'Wait to first review, per week');
  return share(deps, teamId, { filename: 'wait-before-after.png', title: 'Wait to first review, before and after flowlight', bytes: png, comment: 'Median business hours to a first review of the PRs that became ready each week: grey before flowlight, blue since.' });
}

async function share(deps: ChartDeps, channelId: string, file: { filename: string; title: string; bytes: Buffer; comment: string }): Promise<ChartOutcome> {
  const outcome = await shareFile(deps.client, { channelId, ...file });
  if (!outcome.ok) {
    deps.logger.warn({ channel: channelId, file: file.filename, error: outcome.error }, outcome.error.startsWith('missing_scope')
      ? 'chart: Slack refused the upload; reinstall the app from manifest.yml (it needs files:write). The text was posted without it'
      : 'chart: the upload failed; the text was posted without it');
  }
  return outcome;
}
