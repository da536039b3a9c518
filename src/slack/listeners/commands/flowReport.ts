import { shareReportChart } from '../../../app/teamCharts.js';
import { postReport } from '../../../app/postReport.js';
import { takeChannelPostSlot } from '../../../store/channelPosts.js';
import { listWatchedRepos } from '../../../store/watchedRepos.js';
import { buildNotice } from '../../blocks/notice.js';
import { postLimitReply } from '../announce.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow report`: before and after flowlight, posted in the channel (within the channel's limit on
// posts people trigger), then its picture, the weekly wait before and since. A picture Slack refuses
// leaves the report's text posted and says why.

export const flowReport: FlowHandler = async ({ teamId, userId, args, slack }, deps) => {
  if (args.length > 0) return buildNotice(':warning: `/flow report` takes nothing after it: it compares the time since this channel started watching with as long before. Type just `/flow report`.');
  if ((await listWatchedRepos(deps.db, teamId)).length === 0) {
    return buildNotice('Nothing to report: this channel watches no repositories. `/flow watch OWNER/REPO` starts, and reads its last 12 weeks of history.');
  }
  const now = deps.clock();
  const slot = await takeChannelPostSlot(deps.db, { teamId, slackUserId: userId, kind: 'digest' }, now);
  if (!slot.allowed) return postLimitReply('digest', slot.retryAt, now);
  const report = await postReport(deps.db, teamId, now);
  await deps.onDeliveryUnblocked?.();
  if (!slack) return buildNotice(':bar_chart: The report is on its way to this channel.');
  const chart = await shareReportChart({ db: deps.db, client: slack, logger: deps.logger }, teamId, report, now);
  if (chart.ok || chart.error === 'nothing_to_draw') return buildNotice(':bar_chart: The report is on its way to this channel.');
  return buildNotice(chart.error.startsWith('missing_scope')
    ? ':bar_chart: The report is on its way to this channel, without its picture: Slack refused the upload because the app lacks `files:write`. Whoever runs flowlight can reinstall it from manifest.yml.'
    : `:bar_chart: The report is on its way to this channel, without its picture: Slack refused the upload (\`${chart.error.slice(0, 60)}\`). Try \`/flow report\` again later.`);
};
