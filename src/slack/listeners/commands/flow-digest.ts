import { buildNotice } from '../../blocks/notice.js';
import { listWatchedRepos } from '../../../store/watchedRepos.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow digest`: post the daily digest now (the jobs' digest builder does the work and the posting).

export const flowDigest: FlowHandler = async ({ teamId }, { db, onDigestRequested }) => {
  if ((await listWatchedRepos(db, teamId)).length === 0) {
    return buildNotice('Nothing to digest: this channel watches no repositories. Add one with `/flow watch OWNER/REPO`.');
  }
  if (!onDigestRequested) return buildNotice('The digest is not switched on in this flowlight; ask whoever runs it.');
  await onDigestRequested(teamId);
  return buildNotice(':newspaper: The digest is on its way to this channel.');
};
