import { FORECAST_COVERAGE } from '../src/domain/forecast.js';
import type { ReviewAsk } from '../src/domain/reviewCadence.js';
import type { Light } from '../src/domain/types.js';
import { markdownTable, num } from './markdown.js';
import { percentile } from './stats.js';
import { MEASURED_DAYS, runTeam, type ArrivalRate, type ForecastCheck, type Policy, type RunOutcome } from './teamPolicySim.js';

// `npm run bench -- --only team-policy`: does obeying the light beat fixed review habits? Simulated
// teams of 1, 3, 6 and 20 people, at a low and an AI-accelerated arrival rate, several seeds each,
// under each policy (see teamPolicySim.ts for the team). Reports what a team would feel (waits to a
// first review, lead time to merge, PRs merged) and what the light costs (hours red, light changes),
// and backtests the forecast on the same runs. Measures and reports; never asserts.

export interface TeamPolicyOptions {
  sizes: number[];
  arrivals: ArrivalRate[];
  seeds: number;
  log?: (line: string) => void;
}

const never = () => false;
const fixed = (reviews: number, words: string): Policy => ({ name: `fixed: ${words}`, reviewsAfterOpening: () => reviews, keepReviewing: never, stopsBuilding: never });

/** Reviews wait that the bot asks people to pick up (grey asks nothing). */
const reviewsAsked = (ask: ReviewAsk) => ask.waiting > 0 && ask.kind !== 'build' && ask.kind !== 'unknown';

/**
 * What the light asks of people (src/domain/reviewCadence.ts, the same function `/flow status` and the
 * alerts word): whenever a review waits, review before you start something new; when one has waited
 * past the break-off limit, that many people break off what they build and review; red, stop building
 * and swarm until it clears.
 */
export const OBEYS: Policy = {
  name: 'obeys the light',
  reviewsAfterOpening: (_light, ask) => (reviewsAsked(ask) ? 1 : 0),
  keepReviewing: (_light, ask) => reviewsAsked(ask),
  stopsBuilding: (_light, ask) => ask.kind === 'swarm',
  breakOffs: (_light, ask) => (ask.kind === 'break_off' ? ask.overdue : 0),
};

/** What the light asked before it read the queue: green, one review per PR opened; yellow, review first; red, swarm. */
export const OBEYS_LEVEL_ONLY: Policy = {
  name: 'obeys the light (as it asked before: green one review per PR)',
  reviewsAfterOpening: (light: Light) => (light === 'green' ? 1 : 2),
  keepReviewing: (light: Light) => light === 'yellow' || light === 'red',
  stopsBuilding: (light: Light) => light === 'red',
};

/** The demo team's habit without a light: a review after 40% of the PRs they open. */
export const IGNORES: Policy = { name: 'ignores the light', reviewsAfterOpening: () => 0.4, keepReviewing: never, stopsBuilding: never };

export const FIXED_RULES: Policy[] = [
  fixed(1, 'one review after each PR opened'),
  fixed(1.5, 'one review after each PR, another half the time'),
  fixed(2, 'two reviews after each PR'),
  fixed(3, 'three reviews after each PR'),
  { name: 'fixed: every waiting review before starting new work', reviewsAfterOpening: () => 1, keepReviewing: () => true, stopsBuilding: never },
];

interface Row {
  policy: string;
  waits: number[];
  leads: number[];
  merged: number[];
  opened: number[];
  reviews: number[];
  breaks: number[];
  red: number[];
  changes: number[];
}

export interface TeamPolicyResult {
  markdown: string;
  rows: Array<{ team: string; policy: string; p90Wait: number; medianWait: number; merged: number; changes: number }>;
  forecast: { inside: number; earlier: number; later: number; unresolved: number };
}

export function benchTeamPolicy(options: TeamPolicyOptions): TeamPolicyResult {
  const policies = [OBEYS, OBEYS_LEVEL_ONLY, IGNORES, ...FIXED_RULES];
  const sections: string[] = [];
  const flat: TeamPolicyResult['rows'] = [];
  const checks: ForecastCheck[] = [];
  const unsaidChecks: ForecastCheck[] = [];
  for (const arrival of options.arrivals) {
    for (const size of options.sizes) {
      const rows: Row[] = policies.map((policy) => ({ policy: policy.name, waits: [], leads: [], merged: [], opened: [], reviews: [], breaks: [], red: [], changes: [] }));
      for (let seed = 1; seed <= options.seeds; seed += 1) {
        policies.forEach((policy, i) => {
          const outcome: RunOutcome = runTeam({ people: size, arrival, seed }, policy);
          const row = rows[i]!;
          row.waits.push(...outcome.waitsToFirstReview);
          row.leads.push(...outcome.leadTimesToMerge);
          row.merged.push(outcome.merged);
          row.opened.push(outcome.opened);
          row.reviews.push(outcome.reviewsDone);
          row.breaks.push(outcome.breaks / size / MEASURED_DAYS);
          row.red.push(outcome.hoursRed);
          row.changes.push(outcome.lightChanges);
          if (policy === OBEYS || policy === IGNORES) {
            checks.push(...outcome.forecasts);
            unsaidChecks.push(...outcome.unsaid);
          }
        });
      }
      const team = `${size} ${size === 1 ? 'person' : 'people'}, ${arrival === 'ai' ? 'AI-accelerated' : 'low'} arrivals`;
      options.log?.(`team-policy: ${team} done`);
      const fixedRows = rows.filter((row) => row.policy.startsWith('fixed'));
      const best = bestFixed(fixedRows);
      const table = rows.map((row) => {
        const waits = sorted(row.waits);
        const leads = sorted(row.leads);
        const label = row === best ? `${row.policy} (best fixed rule)` : row.policy;
        flat.push({ team, policy: label, p90Wait: percentile(waits, 90), medianWait: percentile(waits, 50), merged: mean(row.merged), changes: mean(row.changes) });
        const reviewsPerPr = sum(row.reviews) / sum(row.opened);
        return [label, num(percentile(waits, 50)), num(percentile(waits, 90)), num(percentile(leads, 50)), num(percentile(leads, 90)), num(mean(row.merged)), num(reviewsPerPr), num(mean(row.breaks)), num(mean(row.red)), num(mean(row.changes))];
      });
      sections.push(`### ${team}`, '', markdownTable(['policy', 'wait to 1st review, median (h)', 'p90 (h)', 'lead time to merge, median (h)', 'p90 (h)', 'PRs merged', 'reviews per PR opened', 'break-offs per person a day', 'hours red', 'light changes'], table), '');
    }
  }
  const forecast = backtest(checks);
  const unsaid = backtest(unsaidChecks);
  const unsaidResolved = unsaid.inside + unsaid.earlier + unsaid.later;
  const unsaidShare = (n: number) => (unsaidResolved === 0 ? 'n/a' : `${Math.round((100 * n) / unsaidResolved)}%`);
  const resolved = forecast.inside + forecast.earlier + forecast.later;
  const share = (n: number) => (resolved === 0 ? 'n/a' : `${Math.round((100 * n) / resolved)}%`);
  return {
    rows: flat,
    forecast,
    markdown: [
      `${options.seeds} seeds per team; each run is a warm-up week and two measured weeks (10 business days, polled every 15 minutes). ` +
        'Waits and lead times in business hours, pooled over the seeds (a PR still unreviewed at the end counts with the wait it had); ' +
        'PRs merged, hours red and light changes are per run (two weeks).',
      '',
      ...sections,
      '### The forecast, backtested on these runs',
      '',
      `These are the seeds the forecast's model was chosen on; the held-out seeds are in the forecast benchmark. Of ${resolved} forecasts whose crossing could be seen within the run (the "obeys" and "ignores" runs; ${forecast.unresolved} more ran out of time before their range ended), ` +
        `the real crossing fell inside the stated ${Math.round(FORECAST_COVERAGE * 100)}% range ${forecast.inside} times (${share(forecast.inside)}), before it ${forecast.earlier} times (${share(forecast.earlier)}) ` +
        `and after it, or never, ${forecast.later} times (${share(forecast.later)}).`,
      '',
      `The point estimates it withheld as too uncertain (what it used to say, "turns red in about N business days"), at every poll where it withheld one: ` +
        `of ${unsaidResolved} that could be checked (${unsaid.unresolved} ran out of time), the crossing came within half to twice the time named ${unsaid.inside} times (${unsaidShare(unsaid.inside)}), ` +
        `sooner ${unsaid.earlier} times (${unsaidShare(unsaid.earlier)}), later or never ${unsaid.later} times (${unsaidShare(unsaid.later)}).`,
    ].join('\n'),
  };
}

/** The fixed rule with the lowest p90 wait among those merging at least as much as the median fixed rule. */
function bestFixed(rows: Row[]): Row | undefined {
  const merged = sorted(rows.map((row) => mean(row.merged)));
  const floor = percentile(merged, 50);
  return rows.filter((row) => mean(row.merged) >= floor).sort((a, b) => percentile(sorted(a.waits), 90) - percentile(sorted(b.waits), 90))[0];
}

function backtest(checks: ForecastCheck[]): TeamPolicyResult['forecast'] {
  const result = { inside: 0, earlier: 0, later: 0, unresolved: 0 };
  for (const check of checks) {
    if (check.actual === null) {
      if (check.remaining > check.latest) result.later += 1;
      else result.unresolved += 1;
    } else if (check.actual < check.earliest) result.earlier += 1;
    else if (check.actual > check.latest) result.later += 1;
    else result.inside += 1;
  }
  return result;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);
const mean = (values: number[]) => (values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length);
