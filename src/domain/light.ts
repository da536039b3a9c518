// The stop light with hysteresis: red and yellow come down only when every rule is under its exit
// level (`yellow_exit`, half of yellow by default), and then straight to green: red is a swarm
// *until the queue clears*, not until it is merely under yellow (a yellow between red and green
// is one more change that says nothing new); grey whenever data is stale. Every level has a
// minimum dwell (the `cooldown` setting, two hours by default): within it the light changes
// neither down nor up, so no light goes A → B → A within the dwell, with two exceptions a team
// wants to hear at once: an escalation to red, and a queue that really emptied (nothing awaiting
// review for the whole persistence window: straight to green). On top of that, a persistence filter over the last hour (recentQueue.ts): the light
// rises to yellow only on a level the queue held for the whole hour, and comes down to green only
// once the queue stayed under the exit level for the whole hour. Both were chosen by measurement
// (the demo's fortnights and the team-policy simulator; README "How the light is decided").
//
// Decisions where the issue is silent:
// - A team's first evaluation (previous null) takes the rules' light; it is a transition (from
//   green) only when not green, so a new quiet team gets no alert.
// - Red never comes down to yellow: the swarm goes on while any rule is at or above the exit level.
//   Measured against red → yellow at the yellow level (README "How the light is decided"): fewer
//   changes in the demo, the same waits and throughput in the team-policy simulator.
// - The dwell runs from `previous.since`, the last change in either direction.
// - A light held up (or down) by the dwell says so (`held: 'dwell'`) with the rules as they stand.
// - Grey ends with fresh data by going straight to the rules' light, without hysteresis.

import { evaluateRules, lightOf, rulesAtOrAbove, severity, type Reason, type RuleInputs } from './rules.js';
import type { RuleLevels, TeamSettings } from './settingsModel.js';
import type { QueueRange } from './recentQueue.js';
import { staleReason, type StaleRepo } from './staleness.js';
import type { Light } from './types.js';
import type { TeamMetrics } from './metrics.js';

export { evaluateRules, type Reason } from './rules.js';

export interface Transition {
  from: Light;
  to: Light;
  reasons: Reason[];
  at: Date;
}

export interface LightDecision {
  light: Light;
  since: Date;
  /** why the light is what it is: firing rules, rules holding it up, or stale repositories */
  reasons: Reason[];
  transition: Transition | null;
  /**
   * set when the rules alone would give another light: the dwell holds any change, hysteresis a
   * lower one, persistence a higher one the queue has not held for the whole persistence window
   */
  held: 'dwell' | 'hysteresis' | 'persistence' | null;
}

export interface DecideLightInput {
  metrics: TeamMetrics | RuleInputs;
  settings: TeamSettings;
  previous: { light: Light; since: Date } | null;
  stale: StaleRepo[];
  now: Date;
  /**
   * How small and large the queue has been over the last `persistenceMinutes` (recentQueue.ts).
   * Absent: no persistence filter (the light reads the queue as it is now).
   */
  recent?: QueueRange;
}

export function decideLight({ metrics, settings, previous, stale, now, recent }: DecideLightInput): LightDecision {
  if (stale.length > 0) {
    const reasons = stale.map((repo) => staleReason(repo, settings.staleAfterPolls, now));
    if (previous?.light === 'grey') return { light: 'grey', since: previous.since, reasons, transition: null, held: null };
    return change(previous?.light ?? 'green', 'grey', reasons, now);
  }

  const firing = evaluateRules(metrics, settings);
  const ruled = lightOf(firing);
  if (previous === null) {
    return ruled === 'green' ? { light: 'green', since: now, reasons: [], transition: null, held: null } : change('green', ruled, firing, now);
  }
  if (previous.light === 'grey' || ruled === 'red' && previous.light !== 'red') return change(previous.light, ruled, firing, now);
  if (ruled === previous.light) return { light: ruled, since: previous.since, reasons: firing, transition: null, held: null };

  const stay = (held: LightDecision['held'], reasons: Reason[]): LightDecision => ({ light: previous.light, since: previous.since, reasons, transition: null, held });
  const withinDwell = now.getTime() < dwellEndsAt(previous.since, settings).getTime();
  if (severity(ruled) > severity(previous.light)) {
    if (withinDwell) return stay('dwell', firing);
    // Yellow (never red: an escalation is said at once) only on a level held for the whole window.
    const held = recent === undefined ? firing : evaluateRules(queueAt(metrics, recent.fewestAwaiting, recent.fewestLines), settings);
    if (severity(lightOf(held)) <= severity(previous.light)) return stay('persistence', firing);
    return change(previous.light, ruled, firing, now);
  }

  // The rules call for a lower light: a queue that stayed empty for the window clears at once;
  // otherwise come down only after the dwell and through the hysteresis band, the queue under the
  // exit level for the whole window.
  const emptied = metrics.awaitingReview === 0 && (recent === undefined || recent.mostAwaiting === 0);
  if (emptied && ruled === 'green') return change(previous.light, 'green', [], now);
  const peak = recent === undefined ? metrics : queueAt(metrics, recent.mostAwaiting, recent.mostLines);
  const holding = heldBy(previous.light, metrics, peak, settings);
  if (withinDwell) return stay('dwell', holding.length > 0 ? holding : firing);
  if (holding.length > 0) return stay('hysteresis', holding);
  return change(previous.light, 'green', [], now);
}

/**
 * What holds `light` up: nothing when the queue's peak over the window is under the exit level;
 * else the rules as they stand now, worded with today's numbers, or, when only the window's peak
 * still holds it, with the peak's.
 */
function heldBy(light: Light, now: RuleInputs, peak: RuleInputs, settings: TeamSettings): Reason[] {
  const byPeak = holdingReasons(light, peak, settings);
  if (byPeak.length === 0 || peak === now) return byPeak;
  const byNow = holdingReasons(light, now, settings);
  return byNow.length > 0 ? byNow : byPeak;
}

/** The rule inputs with the queue at another size (expected wait scales with it; the oldest wait does not). */
function queueAt(inputs: RuleInputs, awaitingReview: number, linesAwaitingReview: number): RuleInputs {
  const expected = inputs.expectedWaitBusinessDays;
  const expectedWaitBusinessDays = expected === null ? null : inputs.throughputPerDay > 0 ? awaitingReview / inputs.throughputPerDay : expected;
  return { ...inputs, awaitingReview, linesAwaitingReview, expectedWaitBusinessDays };
}

function change(from: Light, to: Light, reasons: Reason[], now: Date): LightDecision {
  return { light: to, since: now, reasons, transition: { from, to, reasons, at: now }, held: null };
}

/** Rules at or above the level red and yellow must get under to come down: the yellow exit level (half of yellow by default). */
function holdingReasons(light: Light, inputs: RuleInputs, settings: TeamSettings): Reason[] {
  if (light !== 'red' && light !== 'yellow') return [];
  const exitLevel = (levels: RuleLevels) => levels.yellow * settings.yellowExitRatio;
  return rulesAtOrAbove(inputs, settings, exitLevel, light, `${light} until under`);
}

/** Until when a light that began at `since` holds before it may change again (its minimum dwell). */
export function dwellEndsAt(since: Date, settings: Pick<TeamSettings, 'coolDownMinutes'>): Date {
  return new Date(since.getTime() + settings.coolDownMinutes * 60_000);
}
