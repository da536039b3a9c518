import { buildRepos } from '../../blocks/repos.js';
import { listRepoHealth } from '../../../store/cursors.js';
import { listWatchedRepos } from '../../../store/watchedRepos.js';
import { getBackfills } from '../../../store/historyBackfills.js';
import { describeHistory } from '../../../domain/historyProgress.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow repos`: what this channel watches and when each repository was last read.

export const flowRepos: FlowHandler = async ({ teamId }, { db, clock }) => {
  const repos = await listWatchedRepos(db, teamId);
  const now = clock();
  const history = await getBackfills(db, repos);
  const lines = (await listRepoHealth(db, repos)).map((line) => ({ ...line, history: describeHistory(history.get(line.repo), line.repo, now) }));
  return buildRepos(lines, now);
};
