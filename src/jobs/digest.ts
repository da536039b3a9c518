import { assessTeam } from '../domain/assess.js';
import { businessDayHours } from '../domain/businessHours.js';
import { arrivalsBetween, previousWorkingDay, queueTrend, reviewsBetween, sparkline, timeInLights } from '../domain/digestFigures.js';
import { queueHistories } from '../domain/queueHistory.js';
import { changedLines } from '../domain/reviews.js';
import { resolveSettings } from '../domain/settings.js';
import { localDate } from '../domain/timeZone.js';
import { buildDigest, type DigestData } from '../slack/blocks/digest.js';
import { hasDigest, lastDigestBefore, recordDigest } from '../store/digests.js';
import { getTeamLight, listLightChanges } from '../store/lights.js';
import type { Db } from '../store/open.js';
import { enqueueMessage } from '../store/outbox.js';
import { loadTeamSnapshot } from '../store/snapshot.js';
import { getSettingsOverrides } from '../store/teams.js';
import { listWatchedRepos } from '../store/watchedRepos.js';
import { topOfQueue } from './topOfQueue.js';
import { loadBeforeAfter } from '../app/beforeAfterReport.js';
import { beforeAfterLine } from '../slack/blocks/report.js';
import { isWeeklyReportDay } from '../domain/weeklyReportDay.js';

// The daily standup digest: gather the figures (buildDigestData), then enqueue the message to the
// outbox with the per-day record in one transaction (postDigest). Scheduling lives in scheduler.ts.

const DAY_MS = 86_400_000;
/** light changes read back to know the light at the start of the window */
const LIGHT_LOOKBACK_MS = 60 * DAY_MS;
const DEFAULT_POLL_INTERVAL_MS = 60_000;

async function buildDigestData(db: Db, teamId: string, now: Date, pollIntervalMs = DEFAULT_POLL_INTERVAL_MS): Promise<DigestData> {
  const snapshot = await loadTeamSnapshot(db, teamId, pollIntervalMs, now);
  const { settings } = snapshot;
  const hours = settings.workingHours;
  const assessment = assessTeam(snapshot, now);
  const { metrics } = assessment;
  const day = localDate(now, hours.timeZone);
  const stored = await getTeamLight(db, teamId);
  const light = stored?.light ?? assessment.decision.light;
  const windowStart = (await lastDigestBefore(db, teamId, day)) ?? new Date(now.getTime() - DAY_MS);
  const changes = await listLightChanges(db, teamId, new Date(windowStart.getTime() - LIGHT_LOOKBACK_MS));
  const transitions = queueHistories(snapshot.pullRequests, settings.skipLabels);
  const yesterday = previousWorkingDay(now, hours);
  const trend = queueTrend(transitions, now, hours);
  const people = snapshot.slackIdByLogin;

  return {
    day,
    light,
    reasons: stored?.reasons ?? assessment.decision.reasons,
    timeInLights: timeInLights(changes, light, windowStart, now, hours),
    queue: {
      awaitingReview: metrics.awaitingReview,
      awaitingAuthor: metrics.awaitingAuthor,
      approved: metrics.approved,
      oldestWaitBusinessHours: metrics.oldestWaitBusinessHours,
      medianWaitBusinessHours: metrics.medianWaitBusinessHours,
    },
    previousDay: {
      weekday: yesterday.weekday,
      arrivals: arrivalsBetween(transitions, yesterday.start, yesterday.end),
      reviewers: reviewsBetween(snapshot.pullRequests, yesterday.start, yesterday.end),
    },
    expectedWaitBusinessDays: metrics.expectedWaitBusinessDays,
    throughputPerDay: metrics.throughputPerDay,
    arrivalsPerDay: metrics.arrivalsPerDay,
    forecast: metrics.forecast,
    trend,
    sparkline: sparkline(trend.map((t) => t.queue)),
    oversized: assessment.oversized.map((pr) => ({ pr: pr.facts, lines: changedLines(pr.facts) })),
    topOfQueue: topOfQueue(snapshot, assessment, now),
    dayHours: businessDayHours(hours),
    people,
    // Once a week, on the team's first working day: before/after in one line (no replay: the line has no light hours).
    sinceFlowlight: isWeeklyReportDay(now, hours) ? beforeAfterLine((await loadBeforeAfter(db, teamId, now, { replay: false })).result, businessDayHours(hours)) : null,
  };
}

export type DigestOutcome =
  | { status: 'enqueued'; day: string; dedupeKey: string }
  | { status: 'already_posted'; day: string }
  | { status: 'skipped'; reason: 'no_repositories' };

/**
 * Enqueues the team's digest. Scheduled digests are once per local day (a cron tick after a restart,
 * or a second process, finds today's and does nothing); a requested one (`/flow digest`) always posts.
 */
export async function postDigest(db: Db, teamId: string, now: Date, options: { requested?: boolean; pollIntervalMs?: number } = {}): Promise<DigestOutcome> {
  return db.transaction().execute(async (trx) => {
    if ((await listWatchedRepos(trx, teamId)).length === 0) return { status: 'skipped', reason: 'no_repositories' } as const;
    const day = localDate(now, resolveSettings(await getSettingsOverrides(trx, teamId)).workingHours.timeZone);
    if (!options.requested && (await hasDigest(trx, teamId, day))) return { status: 'already_posted', day } as const;
    const data = await buildDigestData(trx, teamId, now, options.pollIntervalMs);
    const dedupeKey = options.requested ? `digest:${teamId}:${data.day}:requested:${now.toISOString()}` : `digest:${teamId}:${data.day}`;
    await enqueueMessage(trx, { teamId, dedupeKey, kind: 'digest', payload: { action: 'post', channel: teamId, ...buildDigest(data) } }, now);
    if (!options.requested) await recordDigest(trx, teamId, data.day, now);
    return { status: 'enqueued', day: data.day, dedupeKey } as const;
  });
}
