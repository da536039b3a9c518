import { loadBeforeAfter, type TeamBeforeAfter } from './beforeAfterReport.js';
import { businessDayHours } from '../domain/businessHours.js';
import { buildReport } from '../slack/blocks/report.js';
import type { Db } from '../store/open.js';
import { enqueueMessage } from '../store/outbox.js';

// `/flow report`: before/after for the channel, posted in the channel through the outbox (so it
// reaches Slack exactly once, like the digest). Returns what it computed, for the chart.

export async function postReport(db: Db, teamId: string, now: Date): Promise<TeamBeforeAfter> {
  const report = await loadBeforeAfter(db, teamId, now);
  const message = buildReport(report.result, businessDayHours(report.history.settings.workingHours));
  await enqueueMessage(db, { teamId, dedupeKey: `report:${teamId}:${now.toISOString()}`, kind: 'digest', payload: { action: 'post', channel: teamId, ...message } }, now);
  return report;
}
