import { createPullRequestCache, type PullRequestCache } from '../store/pullRequestCache.js';
import type { TeamView } from './teamView.js';

// What /flow answers from memory: each team's shared view and the decoded PR facts the views are
// built from. One object per database, built by whoever builds the app (main.ts, the demo, the
// bench) and passed in through the deps, so two apps, two tests or two replicas never share state
// they were not handed.

export interface CachedView {
  /** teamDataVersion when the view was built */
  version: string;
  /** when it was built (the injected clock), in ms */
  at: number;
  /** the team's setting, known once the view is built */
  staleAfterPolls?: number;
  view: Promise<TeamView>;
}

export interface TeamViewCache {
  /** by team (channel) id */
  readonly views: Map<string, CachedView>;
  readonly pullRequests: PullRequestCache;
}

export function createTeamViewCache(): TeamViewCache {
  return { views: new Map(), pullRequests: createPullRequestCache() };
}
