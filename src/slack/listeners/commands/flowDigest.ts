import { buildNotice } from '../../blocks/notice.js';
import { takeChannelPostSlot } from '../../../store/channelPosts.js';
import { listWatchedRepos } from '../../../store/watchedRepos.js';
import { postLimitReply } from '../announce.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow digest`: post the daily digest now (the jobs' digest builder does the work and the posting),
// within the channel's limit on posts people can trigger.

export const flowDigest: FlowHandler = async ({ teamId, userId }, { db, clock, onDigestRequested }) => {
  if ((await listWatchedRepos(db, teamId)).length === 0) {
    return buildNotice('Nothing to digest: this channel watches no repositories. Add one with `/flow watch OWNER/REPO`.');
  }
  if (!onDigestRequested) return buildNotice('The digest is not switched on in this flowlight; ask whoever runs it.');
  const now = clock();
  const slot = await takeChannelPostSlot(db, { teamId, slackUserId: userId, kind: 'digest' }, now);
  if (!slot.allowed) return postLimitReply('digest', slot.retryAt, now);
  await onDigestRequested(teamId);
  return buildNotice(':newspaper: The digest is on its way to this channel.');
};
