import { buildRepos } from '../../blocks/repos.js';
import { listRepoHealth } from '../../../store/cursors.js';
import { listWatchedRepos } from '../../../store/watchedRepos.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow repos`: what this channel watches and when each repository was last read.

export const flowRepos: FlowHandler = async ({ teamId }, { db, clock }) => {
  const repos = await listWatchedRepos(db, teamId);
  return buildRepos(await listRepoHealth(db, repos), clock());
};
