import { assessTeam } from '../src/domain/assess.js';
import { addBusinessHours, businessHoursBetween } from '../src/domain/businessHours.js';
import { classifyOpen } from '../src/domain/classify.js';
import { reviewAsk, type ReviewAsk } from '../src/domain/reviewCadence.js';
import { DEFAULT_SETTINGS, type TeamSettings } from '../src/domain/settingsModel.js';
import type { Claim, Light, PullRequestFacts, Review } from '../src/domain/types.js';
import { changeSize } from '../src/demo/teamWorld.js';
import { seededRandom, type Random } from '../src/sim/index.js';

// One simulated team working for three weeks (one to warm the rates up, two measured) under one
// review policy, with the real light (assessTeam, hysteresis and dwell included) evaluated every
// poll. The same seed gives the same people, change sizes and review outcomes under every policy.
//
// What the team does is the same under every policy except WHEN people choose to review:
// - a review takes max(15 min, lines / 400 h) × a pace drawn from 1–1.6, whatever the light;
// - a first review approves 65% of the time (else changes are asked, fixed in 0.5–2 h, and the
//   PR waits for review again), a review after a fix 90%; approved PRs merge in 0.1–0.6 h;
// - a reviewer takes the PR that has waited longest, never their own nor one someone is reviewing;
// - a solo developer's PRs are reviewed by someone outside the team at 11:00 and 15:00;
// - breaking off a change to review (red's swarm, or a policy's break-off) costs a quarter hour of
//   getting back into it, added to the change's remaining build time.
// People see what the bot would show them at each poll: the light, and what it asks (reviewCadence.ts,
// from the queue as classified now and the claims of whoever is reviewing).

export type ArrivalRate = 'low' | 'ai';
export type PolicyName = `obeys the light${string}` | 'ignores the light' | `fixed: ${string}`;

export interface Policy {
  name: PolicyName;
  /** reviews to do after opening a PR (fractional: the remainder is a chance of one more) */
  reviewsAfterOpening: (light: Light, ask: ReviewAsk) => number;
  /** keep reviewing after a review, as long as one is waiting */
  keepReviewing: (light: Light, ask: ReviewAsk) => boolean;
  /** drop the change in hand and hold finished ones while the light says so */
  stopsBuilding: (light: Light, ask: ReviewAsk) => boolean;
  /** how many people building should break off now to review (the rest keep building) */
  breakOffs?: (light: Light, ask: ReviewAsk) => number;
}

export interface TeamConfig {
  people: number;
  arrival: ArrivalRate;
  seed: number;
  /** the team's light settings (default: the defaults) */
  settings?: TeamSettings;
}

export interface ForecastCheck {
  /** business hours from now to the crossing: the range said (FORECAST_COVERAGE), and what happened (null: not within the run) */
  earliest: number;
  latest: number;
  actual: number | null;
  /** business hours left in the run after the forecast: a crossing later than this could not be seen */
  remaining: number;
}

export interface RunOutcome {
  waitsToFirstReview: number[];
  leadTimesToMerge: number[];
  opened: number;
  merged: number;
  /** reviews the team submitted during the measured weeks (the outside reviewer's not counted) */
  reviewsDone: number;
  /** times someone broke off a change to review (red's swarm included), during the measured weeks */
  breaks: number;
  hoursRed: number;
  lightChanges: number;
  forecasts: ForecastCheck[];
  /** the point estimates the forecast withheld as too uncertain: how they would have fared */
  unsaid: ForecastCheck[];
}

/** Business hours to build a change (an AI assistant makes it about 2.5x faster). */
const BUILD_HOURS: Record<ArrivalRate, readonly [number, number]> = { low: [6, 12], ai: [2, 5] };
const POLL_MINUTES = 15;
const WARM_UP_DAYS = 5;
export const MEASURED_DAYS = 10;
const DAY_HOURS = 8;
export const START = new Date('2026-11-02T09:00:00Z'); // a Monday
const HOURS = DEFAULT_SETTINGS.workingHours;
const REPO = 'sim/app';
const OUTSIDE_REVIEWER = 'outside-reviewer';
/** Business hours to get back into a change after breaking off from it. */
export const SWITCH_HOURS = 0.25;

type Activity = { kind: 'building'; doneAt: number } | { kind: 'reviewing'; number: number; doneAt: number; reviewsLeft: number } | { kind: 'looking'; reviewsLeft: number } | { kind: 'holding' };

interface Person {
  login: string;
  index: number;
  /** this person's build times */
  random: Random;
  activity: Activity;
  pausedBuildHours: number | null;
}

interface Pending { at: number; kind: 'fix' | 'merge'; number: number }

export function runTeam(config: TeamConfig, policy: Policy): RunOutcome {
  // Common random numbers: each person's build times and each of their PRs' size, review outcomes, fixes and
  // review paces come from streams of their own, so every policy meets the same work and only its choices
  // (who reviews what, when) differ; those draw from a separate stream.
  const base = config.seed * 1_000 + config.people * 10 + (config.arrival === 'ai' ? 1 : 0);
  const random = seededRandom(mixSeed(base, 0, 0));
  const personRandom = (i: number) => seededRandom(mixSeed(base, i + 1, 0));
  const prRandom = new Map<number, Random>();
  const builtBy = new Map<string, number>();
  const buildHours = BUILD_HOURS[config.arrival];
  const at = (hours: number) => addBusinessHours(START, hours, HOURS);
  const people: Person[] = Array.from({ length: config.people }, (_, i) => {
    const own = personRandom(i);
    return { login: `dev${i + 1}`, index: i, random: own, activity: { kind: 'building', doneAt: own.next() * buildHours[1] }, pausedBuildHours: null };
  });
  const members = people.map((p) => p.login);
  const prs: PullRequestFacts[] = [];
  const reviewing = new Set<number>();
  let pending: Pending[] = [];
  let previous: { light: Light; since: Date } | null = null;
  let light: Light = 'green';
  let ask: ReviewAsk = { kind: 'build', waiting: 0, overdue: 0, breakOffAfterHours: 0 };
  const settings = config.settings ?? DEFAULT_SETTINGS;
  const claimedAt = new Map<number, { login: string; at: number }>();
  const measureFrom = WARM_UP_DAYS * DAY_HOURS;
  const end = (WARM_UP_DAYS + MEASURED_DAYS) * DAY_HOURS;
  const outcome: RunOutcome = { waitsToFirstReview: [], leadTimesToMerge: [], opened: 0, merged: 0, reviewsDone: 0, breaks: 0, hoursRed: 0, lightChanges: 0, forecasts: [], unsaid: [] };
  // Facts are values, as the bot's store hands them over: a change is a new object, never an edit in
  // place (the domain memoizes each PR's queue history per facts object, so an edited one would keep
  // the history it had when first read, e.g. a merged PR still waiting for review).
  const replace = (pr: PullRequestFacts) => {
    prs[pr.number - 1] = pr;
  };
  const openedAt = new Map<number, number>();
  const closedT = new Map<number, number>();
  const lightAt: Array<{ t: number; light: Light }> = [];
  const said: Array<{ t: number; next: Light; earliest: number; latest: number }> = [];
  const unsaid: Array<{ t: number; next: Light; earliest: number; latest: number }> = [];

  const awaiting = (login: string) => prs
    .filter((pr) => pr.state === 'OPEN' && pr.author !== login && !reviewing.has(pr.number) && needsReview(pr))
    .sort((a, b) => waitingSince(a) - waitingSince(b))[0];

  // What `/flow next` would offer this person, if it has waited at least `limit` business hours.
  const overdueFor = (login: string, t: number, limit: number) => {
    const pr = awaiting(login);
    return pr !== undefined && t - businessHour(waitingSince(pr)) >= limit;
  };
  const businessHour = (ms: number) => businessHoursBetween(START, new Date(ms), HOURS);
  const startBuilding = (person: Person, t: number) => {
    const hours = person.pausedBuildHours ?? buildHours[0] + person.random.next() * (buildHours[1] - buildHours[0]);
    person.pausedBuildHours = null;
    person.activity = { kind: 'building', doneAt: t + hours };
  };
  const lookOrBuild = (person: Person, t: number, reviews: number) => {
    const whole = Math.floor(reviews) + (random.chance(reviews - Math.floor(reviews)) ? 1 : 0);
    if (whole > 0) person.activity = { kind: 'looking', reviewsLeft: whole };
    else startBuilding(person, t);
  };
  const open = (person: Person, t: number) => {
    const number = prs.length + 1;
    const nth = (builtBy.get(person.login) ?? 0) + 1;
    builtBy.set(person.login, nth);
    const own = seededRandom(mixSeed(base, person.index + 1, nth));
    prRandom.set(number, own);
    const size = changeSize(own);
    const createdAt = at(t);
    prs.push({
      repo: REPO, number, title: `Change ${number}`, url: `https://github.com/${REPO}/pull/${number}`, author: person.login, state: 'OPEN', isDraft: false,
      createdAt, readyForReviewAt: null, closedAt: null, mergedAt: null, labels: [], ...size, headRef: `change-${number}`, baseRef: 'main',
      reviewDecision: null, lastCommitAt: createdAt, reviews: [], pendingReviewers: [], reviewRequests: [],
    });
    openedAt.set(number, t);
    if (t >= measureFrom) outcome.opened += 1;
    lookOrBuild(person, t, policy.reviewsAfterOpening(light, askNow(t)));
  };
  const review = (login: string, pr: PullRequestFacts, t: number) => {
    const afterFix = pr.reviews.some((r) => r.author === login && r.state === 'CHANGES_REQUESTED');
    const own = prRandom.get(pr.number)!;
    const approve = own.chance(afterFix ? 0.9 : 0.65);
    const first = pr.reviews.length === 0;
    const submitted: Review = { id: `R${pr.number}-${pr.reviews.length}`, author: login, state: approve ? 'APPROVED' : 'CHANGES_REQUESTED', submittedAt: at(t) };
    replace({ ...pr, reviews: [...pr.reviews, submitted] });
    if (login !== OUTSIDE_REVIEWER && t >= measureFrom) outcome.reviewsDone += 1;
    if (first && openedAt.get(pr.number)! >= measureFrom) outcome.waitsToFirstReview.push(t - openedAt.get(pr.number)!);
    pending.push(approve ? { at: t + 0.1 + own.next() * 0.5, kind: 'merge', number: pr.number } : { at: t + 0.5 + own.next() * 1.5, kind: 'fix', number: pr.number });
  };
  const effortHours = (pr: PullRequestFacts) => (Math.max(15, ((pr.additions + pr.deletions) / 400) * 60) / 60) * (1 + prRandom.get(pr.number)!.next() * 0.6);

  // What the bot asks at `t` (`/flow status`, `/flow next`): from the open PRs and claims as they are then.
  const askNow = (t: number): ReviewAsk => {
    const claims: Claim[] = [...claimedAt].map(([number, c]) => ({ repo: REPO, number, login: c.login, claimedAt: at(c.at) }));
    return reviewAsk({ light, queue: classifyOpen(prs.filter((pr) => pr.state === 'OPEN'), settings.skipLabels), claims, members, settings, now: at(t) });
  };
  const breakOff = (person: Person, t: number, doneAt: number) => {
    person.pausedBuildHours = doneAt - t + SWITCH_HOURS;
    if (t >= measureFrom) outcome.breaks += 1;
  };

  for (let t = 0; t < end; t += POLL_MINUTES / 60) {
    const tEnd = t + POLL_MINUTES / 60;
    // 0. What the bot asks now, from the queue as it stands and who is reviewing what.
    ask = askNow(t);
    // 1. What was due: finished reviews, fixes, merges.
    for (const person of people) {
      const a = person.activity;
      if (a.kind === 'reviewing' && a.doneAt <= t) {
        reviewing.delete(a.number);
        claimedAt.delete(a.number);
        const pr = prs[a.number - 1]!;
        if (pr.state === 'OPEN') review(person.login, pr, a.doneAt);
        const left = policy.keepReviewing(light, askNow(t)) ? Math.max(1, a.reviewsLeft - 1) : a.reviewsLeft - 1;
        if (left > 0) person.activity = { kind: 'looking', reviewsLeft: left };
        else startBuilding(person, t);
      }
    }
    const due = pending.filter((p) => p.at <= t).sort((a, b) => a.at - b.at);
    pending = pending.filter((p) => p.at > t);
    for (const event of due) {
      const pr = prs[event.number - 1]!;
      if (event.kind === 'merge') {
        replace({ ...pr, state: 'MERGED', mergedAt: at(event.at), closedAt: at(event.at) });
        closedT.set(pr.number, event.at);
        if (openedAt.get(pr.number)! >= measureFrom) {
          outcome.merged += 1;
          outcome.leadTimesToMerge.push(event.at - openedAt.get(pr.number)!);
        }
      } else {
        replace({ ...pr, lastCommitAt: at(event.at), additions: pr.additions + prRandom.get(pr.number)!.int(5, 40) });
      }
    }
    // 2. The outside reviewer of a solo developer, twice a day.
    const hourOfDay = t % DAY_HOURS;
    if (config.people === 1 && (hourOfDay === 2 || hourOfDay === 6)) {
      const pr = awaiting(OUTSIDE_REVIEWER);
      if (pr) review(OUTSIDE_REVIEWER, pr, t);
    }
    // 3. Builds finished, interrupted or resumed.
    const stop = policy.stopsBuilding(light, ask);
    for (const person of people) {
      const a = person.activity;
      if (a.kind === 'building' && a.doneAt <= t) {
        if (stop) person.activity = { kind: 'holding' };
        else open(person, t);
      } else if (a.kind === 'building' && stop) {
        breakOff(person, t, a.doneAt);
        person.activity = { kind: 'looking', reviewsLeft: Number.POSITIVE_INFINITY };
      } else if (a.kind === 'holding' && !stop) {
        open(person, t);
      } else if (a.kind === 'holding' && stop) {
        person.activity = { kind: 'looking', reviewsLeft: Number.POSITIVE_INFINITY };
        person.pausedBuildHours = 0; // the finished change opens as soon as they go back to building
      } else if (a.kind === 'looking' && !stop && a.reviewsLeft === Number.POSITIVE_INFINITY) {
        a.reviewsLeft = 1; // the swarm is over: finish one more, then back to building
      }
    }
    // 3b. Reviews waiting too long, by the policy's measure: that many people building break off for them
    // (less those already looking for a review), picked at random among those who may review one.
    if (!stop && policy.breakOffs) {
      let wanted = policy.breakOffs(light, ask) - people.filter((p) => p.activity.kind === 'looking').length;
      for (const person of shuffled(people, random)) {
        if (wanted <= 0) break;
        const a = person.activity;
        if (a.kind !== 'building' || a.doneAt <= t || !overdueFor(person.login, t, ask.breakOffAfterHours)) continue;
        breakOff(person, t, a.doneAt);
        person.activity = { kind: 'looking', reviewsLeft: 1 };
        wanted -= 1;
      }
    }
    // 4. Whoever looks for a review takes the longest-waiting one they may review; nothing: back to building.
    for (const person of shuffled(people, random)) {
      const a = person.activity;
      if (a.kind !== 'looking') continue;
      const pr = awaiting(person.login);
      if (!pr) {
        if (!stop) startBuilding(person, t); // swarming: look again next poll
        continue;
      }
      reviewing.add(pr.number);
      claimedAt.set(pr.number, { login: person.login, at: t });
      person.activity = { kind: 'reviewing', number: pr.number, doneAt: t + effortHours(pr), reviewsLeft: a.reviewsLeft };
    }
    // 5. The light, as the bot would decide it at this poll.
    const now = at(t);
    // Closed PRs older than the rates' window plus a margin change nothing: leave them out (speed).
    const recent = prs.filter((pr) => pr.state === 'OPEN' || t - (closedT.get(pr.number) ?? t) < 12 * DAY_HOURS);
    const { decision, metrics } = assessTeam({
      settings, members, slackIdByLogin: new Map(), pullRequests: recent, claims: [],
      repos: [{ repo: REPO, lastSuccessAt: now, lastError: null }], previous, pollIntervalMs: POLL_MINUTES * 60_000,
    }, now);
    if (decision.transition && t >= measureFrom) outcome.lightChanges += 1;
    previous = { light: decision.light, since: decision.since };
    light = decision.light;
    if (t >= measureFrom && light === 'red') outcome.hoursRed += tEnd - t;
    lightAt.push({ t, light });
    const f = metrics.forecast;
    // Forecasts are checked over the whole run, warm-up included: that is when queues still grow.
    if (f.kind === 'growing' && f.nextLight && f.earliestBusinessDays !== null && f.latestBusinessDays !== null) {
      said.push({ t, next: f.nextLight, earliest: f.earliestBusinessDays * DAY_HOURS, latest: f.latestBusinessDays * DAY_HOURS });
    }
    // A withheld point estimate counts as right when the crossing came within half to twice the time it named.
    if (f.kind === 'growing' && f.nextLight && f.unsaidBusinessDays !== undefined) {
      unsaid.push({ t, next: f.nextLight, earliest: (f.unsaidBusinessDays * DAY_HOURS) / 2, latest: f.unsaidBusinessDays * DAY_HOURS * 2 });
    }
  }
  // Unreviewed PRs opened in the measured window still count, with the wait they had so far.
  for (const pr of prs) {
    const t0 = openedAt.get(pr.number)!;
    if (t0 >= measureFrom && pr.reviews.length === 0) outcome.waitsToFirstReview.push(end - t0);
  }
  const severity: Record<Light, number> = { green: 0, yellow: 1, red: 2, grey: 3 };
  const check = (s: { t: number; next: Light; earliest: number; latest: number }): ForecastCheck => {
    const crossing = lightAt.find((l) => l.t > s.t && severity[l.light] >= severity[s.next]);
    return { earliest: s.earliest, latest: s.latest, actual: crossing ? crossing.t - s.t : null, remaining: end - s.t };
  };
  outcome.forecasts.push(...said.map(check));
  outcome.unsaid.push(...unsaid.map(check));
  return outcome;
}

/** Ready for a reviewer: no review yet, or the author pushed after the latest changes-requested review. */
function needsReview(pr: PullRequestFacts): boolean {
  const latest = pr.reviews[pr.reviews.length - 1];
  if (!latest) return true;
  if (latest.state === 'APPROVED') return false;
  return pr.lastCommitAt !== null && pr.lastCommitAt > latest.submittedAt;
}

function waitingSince(pr: PullRequestFacts): number {
  const latest = pr.reviews[pr.reviews.length - 1];
  return (latest ? pr.lastCommitAt ?? pr.createdAt : pr.createdAt).getTime();
}

/** A seed for one stream of a run: well spread even for neighbouring inputs (a 32-bit integer hash). */
function mixSeed(base: number, who: number, nth: number): number {
  let h = Math.imul(base ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(who + 1, 0xc2b2ae35) ^ Math.imul(nth + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
