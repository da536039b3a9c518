// What the light would have done: the team's PR history replayed through the bot's own policy.
// At each poll time the PRs are rebuilt as GitHub would have shown them then (factsAsOf), the store's
// window is applied as the bot applies it (open PRs, plus those closed within the history window),
// and assessTeam decides, carrying its previous light (hysteresis and dwell) from poll to poll.

import { assessTeam } from './assess.js';
import { businessHoursBetween, isWithinWorkingHours, localDate, startOfTrailingBusinessDays } from './businessHours.js';
import { pullRequestsAsOf } from './factsAsOf.js';
import type { Forecast } from './forecast.js';
import { decideLight, type Transition } from './light.js';
import { queueHistories } from './queueHistory.js';
import { countingReviews } from './reviews.js';
import type { RuleInputs } from './rules.js';
import type { TeamSettings } from './settingsModel.js';
import { severity } from './rules.js';
import type { Light, PullRequestFacts } from './types.js';

/** Business days of closed PRs the bot keeps for throughput (store/snapshot.ts HISTORY_BUSINESS_DAYS). */
export const REPLAY_HISTORY_BUSINESS_DAYS = 12;

export interface ReplayInput {
  /** the PRs as read today: open, closed and merged, with their reviews, requests and commits */
  pullRequests: readonly PullRequestFacts[];
  /** GitHub logins of the team (linked people); empty: reviewers are inferred, as by the bot */
  members: readonly string[];
  settings: TeamSettings;
  from: Date;
  to: Date;
  /** when the bot would have evaluated, ascending, within [from, to] (see pollTimesEvery) */
  pollTimes: readonly Date[];
  reviewersOverride?: number;
  /** the light held at `from`; null: a team's first evaluation */
  previous?: { light: Light; since: Date } | null;
}

/** One evaluation: what the rules read, and the light decided. */
export interface ReplayPoll {
  at: Date;
  light: Light;
  inputs: RuleInputs;
  /** what the bot would have forecast at this poll (absent after a relight: other levels, another forecast) */
  forecast?: Forecast;
}

export interface DailyRow {
  /** local date in the team's time zone, YYYY-MM-DD */
  date: string;
  /** the most severe light held during that day's business hours */
  light: Light;
  /** the longest queue awaiting review at a poll during that day's business hours */
  awaitingReview: number;
  /** counting reviews submitted that day */
  reviews: number;
  /** PRs entering "awaiting review" that day */
  arrivals: number;
}

export type LightHours = Record<Light, number>;

export interface ReplayResult {
  from: Date;
  to: Date;
  settings: TeamSettings;
  transitions: Transition[];
  businessHoursIn: LightHours;
  daily: DailyRow[];
  polls: ReplayPoll[];
  /** reviewers the per-reviewer rules divided by, at the last poll */
  reviewers: number;
}

export function replayTeam(input: ReplayInput): ReplayResult {
  const { settings } = input;
  const polls: ReplayPoll[] = [];
  const transitions: Transition[] = [];
  let previous = input.previous ?? null;
  let reviewers = 1;
  for (const at of input.pollTimes) {
    const cutoff = startOfTrailingBusinessDays(at, REPLAY_HISTORY_BUSINESS_DAYS, settings.workingHours).getTime();
    const pullRequests = pullRequestsAsOf(input.pullRequests, at)
      .filter((pr) => pr.state === 'OPEN' || (pr.closedAt ?? pr.mergedAt ?? new Date(0)).getTime() >= cutoff);
    const assessment = assessTeam({
      settings,
      members: [...input.members],
      slackIdByLogin: new Map(),
      pullRequests,
      claims: [],
      repos: [], // replay reads history that was readable: never stale, never grey
      previous,
      pollIntervalMs: 60_000,
      ...(input.reviewersOverride !== undefined ? { reviewersOverride: input.reviewersOverride } : {}),
    }, at);
    const { decision, metrics } = assessment;
    if (decision.transition) transitions.push(decision.transition);
    previous = { light: decision.light, since: decision.since };
    reviewers = metrics.reviewers;
    polls.push({ at, light: decision.light, inputs: ruleInputsOf(metrics), forecast: metrics.forecast });
  }
  return {
    from: input.from,
    to: input.to,
    settings,
    transitions,
    businessHoursIn: hoursInEachLight(polls, input.to, settings),
    daily: dailyRows(polls, input.pullRequests, input.to, settings),
    polls,
    reviewers,
  };
}

/**
 * The same polls decided again under other levels (a what-if): the queue and its metrics do not
 * depend on the rules' levels, so only the light's decision runs again, with its hysteresis and dwell.
 */
export function relight(polls: readonly ReplayPoll[], settings: TeamSettings, previous: { light: Light; since: Date } | null = null): { polls: ReplayPoll[]; transitions: Transition[] } {
  const transitions: Transition[] = [];
  const relit: ReplayPoll[] = [];
  let held = previous;
  for (const poll of polls) {
    const decision = decideLight({ metrics: poll.inputs, settings, previous: held, stale: [], now: poll.at });
    if (decision.transition) transitions.push(decision.transition);
    held = { light: decision.light, since: decision.since };
    relit.push({ at: poll.at, light: decision.light, inputs: poll.inputs });
  }
  return { polls: relit, transitions };
}

/** Every `stepMs` from `from` to `to`, both ends included: how often a deployed bot evaluates. */
export function pollTimesEvery(from: Date, to: Date, stepMs: number): Date[] {
  if (!(stepMs > 0)) throw new RangeError('the poll step must be positive');
  const times: Date[] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += stepMs) times.push(new Date(t));
  if (times.length > 0 && times.at(-1)!.getTime() < to.getTime()) times.push(new Date(to.getTime()));
  return times;
}

/** Business hours each light was held: from each poll to the next (the last one to `to`). */
export function hoursInEachLight(polls: readonly ReplayPoll[], to: Date, settings: TeamSettings): LightHours {
  const hours: LightHours = { green: 0, yellow: 0, red: 0, grey: 0 };
  polls.forEach((poll, i) => {
    const end = polls[i + 1]?.at ?? to;
    hours[poll.light] += businessHoursBetween(poll.at, end, settings.workingHours);
  });
  for (const light of Object.keys(hours) as Light[]) hours[light] = Math.round(hours[light] * 100) / 100;
  return hours;
}

function ruleInputsOf(metrics: RuleInputs): RuleInputs {
  return {
    awaitingReview: metrics.awaitingReview,
    linesAwaitingReview: metrics.linesAwaitingReview,
    oldestWaitBusinessHours: metrics.oldestWaitBusinessHours,
    expectedWaitBusinessDays: metrics.expectedWaitBusinessDays,
    throughputPerDay: metrics.throughputPerDay,
    reviewers: metrics.reviewers,
    ...(metrics.waitRank !== undefined ? { waitRank: metrics.waitRank } : {}),
    ...(metrics.rankedWaitBusinessHours !== undefined ? { rankedWaitBusinessHours: metrics.rankedWaitBusinessHours } : {}),
    ...(metrics.reviewersKnown !== undefined ? { reviewersKnown: metrics.reviewersKnown } : {}),
    ...(metrics.anyoneToSwarm !== undefined ? { anyoneToSwarm: metrics.anyoneToSwarm } : {}),
  };
}

/** One row per local day that had business hours in the range, oldest first. */
export function dailyRows(polls: readonly ReplayPoll[], pullRequests: readonly PullRequestFacts[], to: Date, settings: TeamSettings): DailyRow[] {
  const hours = settings.workingHours;
  const days = new Map<string, DailyRow>();
  polls.forEach((poll, i) => {
    const end = polls[i + 1]?.at ?? to;
    const business = businessHoursBetween(poll.at, end, hours);
    const working = isWithinWorkingHours(poll.at, hours);
    if (business <= 0 && !working) return;
    const date = localDate(poll.at, hours.timeZone);
    const row = days.get(date) ?? { date, light: 'green' as Light, awaitingReview: 0, reviews: 0, arrivals: 0 };
    if (business > 0 && severity(poll.light) > severity(row.light)) row.light = poll.light;
    row.awaitingReview = Math.max(row.awaitingReview, poll.inputs.awaitingReview);
    days.set(date, row);
  });
  const dayOf = (at: Date) => days.get(localDate(at, hours.timeZone));
  const first = polls[0]?.at.getTime() ?? to.getTime();
  const inRange = (at: Date) => at.getTime() >= first && at.getTime() <= to.getTime();
  for (const facts of pullRequests) {
    for (const review of countingReviews(facts)) {
      const row = inRange(review.submittedAt) ? dayOf(review.submittedAt) : undefined;
      if (row) row.reviews += 1;
    }
  }
  for (const transition of queueHistories([...pullRequests], settings.skipLabels)) {
    const row = transition.kind === 'entered' && inRange(transition.at) ? dayOf(transition.at) : undefined;
    if (row) row.arrivals += 1;
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
