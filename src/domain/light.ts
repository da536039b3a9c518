// The stop light with hysteresis: red comes down only when every rule is under its yellow level;
// yellow only when every rule is under 80% of it; grey whenever data is stale. Every level has a
// minimum dwell (the `cooldown` setting, two hours by default): within it the light changes
// neither down nor up, so no light goes A → B → A within the dwell, with two exceptions a team
// wants to hear at once: an escalation to red, and a queue that really emptied (nothing awaiting
// review: straight to green). The levels themselves are the hysteresis on the way up: yellow is
// entered at 100% of a yellow level and left under 80% of it; red entered at the red level and
// left under the yellow one.
//
// Decisions where the issue is silent:
// - A team's first evaluation (previous null) takes the rules' light; it is a transition (from
//   green) only when not green, so a new quiet team gets no alert.
// - Leaving red when every rule is under yellow lands on green if every rule is also under the
//   yellow exit level, else on yellow (which then needs the usual exit to reach green).
// - The dwell runs from `previous.since`, the last change in either direction.
// - A light held up (or down) by the dwell says so (`held: 'dwell'`) with the rules as they stand.
// - Grey ends with fresh data by going straight to the rules' light, without hysteresis.

import { evaluateRules, lightOf, rulesAtOrAbove, severity, type Reason, type RuleInputs } from './rules.js';
import type { RuleLevels, TeamSettings } from './settingsModel.js';
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
  /** set when the rules alone would give another light: the dwell holds any change, hysteresis a lower one */
  held: 'dwell' | 'hysteresis' | null;
}

export interface DecideLightInput {
  metrics: TeamMetrics | RuleInputs;
  settings: TeamSettings;
  previous: { light: Light; since: Date } | null;
  stale: StaleRepo[];
  now: Date;
}

export function decideLight({ metrics, settings, previous, stale, now }: DecideLightInput): LightDecision {
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
  if (severity(ruled) > severity(previous.light)) return withinDwell ? stay('dwell', firing) : change(previous.light, ruled, firing, now);

  // The rules call for a lower light: an emptied queue clears at once; otherwise come down only
  // after the dwell and through the hysteresis band.
  if (metrics.awaitingReview === 0 && ruled === 'green') return change(previous.light, 'green', [], now);
  const holding = holdingReasons(previous.light, metrics, settings);
  if (withinDwell) return stay('dwell', holding.length > 0 ? holding : firing);
  if (previous.light === 'red' && ruled === 'yellow') return stay('hysteresis', holding);
  const holdingYellow = previous.light === 'yellow' ? holding : holdingReasons('yellow', metrics, settings);
  if (previous.light === 'yellow' && holdingYellow.length > 0) return stay('hysteresis', holding);
  return holdingYellow.length === 0 ? change(previous.light, 'green', [], now) : change(previous.light, 'yellow', holdingYellow, now);
}

function change(from: Light, to: Light, reasons: Reason[], now: Date): LightDecision {
  return { light: to, since: now, reasons, transition: { from, to, reasons, at: now }, held: null };
}

/**
 * Rules at or above the level a light must get under to come down: the yellow level for red,
 * the yellow exit level (80% of yellow) for yellow.
 */
function holdingReasons(light: Light, inputs: RuleInputs, settings: TeamSettings): Reason[] {
  if (light !== 'red' && light !== 'yellow') return [];
  const exitLevel = light === 'red' ? (levels: RuleLevels) => levels.yellow : (levels: RuleLevels) => levels.yellow * settings.yellowExitRatio;
  return rulesAtOrAbove(inputs, settings, exitLevel, light, `${light} until under`);
}

/** Until when a light that began at `since` holds before it may change again (its minimum dwell). */
export function dwellEndsAt(since: Date, settings: Pick<TeamSettings, 'coolDownMinutes'>): Date {
  return new Date(since.getTime() + settings.coolDownMinutes * 60_000);
}
