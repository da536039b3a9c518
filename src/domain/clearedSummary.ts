import { businessDayHours, businessHoursBetween } from './businessHours.js';
import { reviewsBetween } from './digestFigures.js';
import type { Transition } from './light.js';
import { severity } from './rules.js';
import type { TeamSettings } from './settingsModel.js';
import type { Light, PullRequestFacts } from './types.js';

// "Back to green": how long the yellow/red episode lasted, and who reviewed during it.

export interface ClearedSummary {
  /** when the light left green (the start of the yellow/red episode) */
  since: Date;
  /** the highest light of the episode */
  peak: Light;
  /** reviews submitted during the episode, by reviewer login, most first */
  reviewers: ReadonlyArray<{ login: string; reviews: number }>;
  /** business hours from `since` to the transition */
  businessHours: number;
  /** hours in the team's working day, to word `businessHours` ("1.5 days") */
  dayHours: number;
}

/**
 * The episode is the run of yellow/red lights that this transition to green ends. `changes` are the
 * team's earlier light changes, oldest first; `fallback` (the previous light) is used when they do not reach back.
 */
export function clearedSummary(
  changes: ReadonlyArray<Pick<Transition, 'to' | 'at'>>,
  fallback: { light: Light; since: Date },
  pullRequests: readonly PullRequestFacts[],
  settings: TeamSettings,
  now: Date,
): ClearedSummary {
  let since: Date | null = null;
  let peak: Light = fallback.light;
  for (const change of changes) {
    if (change.to === 'green' || change.to === 'grey') {
      since = null; // no episode running
    } else if (since === null) {
      since = change.at;
      peak = change.to;
    } else if (severity(change.to) > severity(peak)) {
      peak = change.to;
    }
  }
  const start = since ?? fallback.since;
  return {
    since: start,
    peak,
    reviewers: reviewsBetween(pullRequests, start, new Date(now.getTime() + 1)),
    businessHours: businessHoursBetween(start, now, settings.workingHours),
    dayHours: businessDayHours(settings.workingHours),
  };
}
