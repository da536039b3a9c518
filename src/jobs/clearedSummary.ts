import { businessDayHours, businessHoursBetween } from '../domain/businessHours.js';
import { formatBusinessDuration } from '../domain/format.js';
import type { TeamSettings } from '../domain/settings.js';
import type { Light, PullRequestFacts } from '../domain/types.js';
import type { ClearedSummary } from '../slack/blocks/alert.js';
import type { LightChange } from '../store/lights.js';
import { reviewsBetween } from './digestFigures.js';

// "Back to green": how long the yellow/red episode lasted, and who reviewed during it.

const SEVERITY: Readonly<Record<Light, number>> = { green: 0, grey: 0, yellow: 1, red: 2 };

/**
 * The episode is the run of yellow/red lights that this transition to green ends. `changes` are the
 * team's earlier light changes, oldest first; `fallback` (the previous light) is used when they do not reach back.
 */
export function clearedSummary(
  changes: readonly LightChange[],
  fallback: { light: Light; since: Date },
  pullRequests: readonly PullRequestFacts[],
  settings: TeamSettings,
  now: Date,
): ClearedSummary {
  let since: Date | null = null;
  let peak: Light = fallback.light;
  for (const change of changes) {
    if (SEVERITY[change.to] === 0) {
      since = null; // green or grey: no episode running
    } else if (since === null) {
      since = change.at;
      peak = change.to;
    } else if (SEVERITY[change.to] > SEVERITY[peak]) {
      peak = change.to;
    }
  }
  const start = since ?? fallback.since;

  const reviewers = reviewsBetween(pullRequests, start, new Date(now.getTime() + 1));
  const dayHours = businessDayHours(settings.workingHours);
  return {
    since: start,
    peak,
    reviewers,
    businessHours: businessHoursBetween(start, now, settings.workingHours),
    formatBusiness: (hours) => formatBusinessDuration(hours, dayHours),
  };
}
