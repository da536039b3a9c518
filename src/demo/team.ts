import { addBusinessHours, businessHoursBetween } from '../domain/businessHours.js';
import type { Light, WorkingHours } from '../domain/types.js';
import { findPullRequest, mergePullRequest, openPullRequest, pushCommit, requestReview, submitReview, type Random, type Scenario, type SimPullRequest } from '../sim/index.js';
import { branchName, changeSize, DEMO_TEAM, titleFor, type TeamMember } from './teamWorld.js';

// The simulated team: six people who build with AI assistants, so PRs arrive about three times
// faster than they get reviewed unless they review. They listen to the light like a team
// that adopted flowlight: on green they pick up a review after each PR they open (what the green
// light asks); on yellow some pick up a review before starting new work; on red
// everyone swarms (reviews, and opens no new PRs, except finn, who always finishes what he has in
// hand and so meets the input gate) until the light clears. Which PR they review is whatever
// flowlight suggests to them (the run loop asks the real app, `/flow next`, and presses Pick up).
//
// Deterministic: a seeded random source, simulated time only, and GitHub changed only through the
// scenario handed to `act` (inside sim.update).

/** Chances that set the team's habits. */
const HABITS = Object.freeze({
  /** green: after opening a PR, review one before building the next (the green light asks for it) */
  reviewAfterOpeningGreen: 1,
  /** yellow: after opening a PR, follow the alert's "pick up a review first" */
  reviewAfterOpeningYellow: 0.55,
  /** yellow: after a review, take another before going back to building */
  anotherReviewYellow: 0.35,
  /** a first review approves; otherwise it asks for changes */
  approveFirstReview: 0.65,
  /** a review after the author's fix approves */
  approveAfterFix: 0.9,
  /** the author asks someone by name for the review */
  requestReviewer: 0.4,
  hotfixLabel: 0.04,
});

type Activity =
  | { kind: 'building'; doneAt: Date }
  | { kind: 'reviewing'; repo: string; number: number; doneAt: Date }
  | { kind: 'looking' };

interface Person {
  member: TeamMember;
  activity: Activity;
  /** business hours left on the change the swarm interrupted */
  pausedBuildHours: number | null;
  /** a finished change kept back while the team swarms */
  holdingChange: boolean;
  openedThisRedPeriod: boolean;
}

type TeamEvent =
  | { at: Date; kind: 'push_fix'; repo: string; number: number; reviewer: string }
  | { at: Date; kind: 'merge'; repo: string; number: number };

export interface TeamCounts {
  opened: number;
  reviews: number;
  approvals: number;
  changesRequested: number;
  fixes: number;
  merged: number;
  openedWhileRed: number;
}

export class SimulatedTeam {
  private readonly people: Person[];
  private events: TeamEvent[] = [];
  readonly counts: TeamCounts = { opened: 0, reviews: 0, approvals: 0, changesRequested: 0, fixes: 0, merged: 0, openedWhileRed: 0 };

  constructor(
    private readonly random: Random,
    private readonly hours: WorkingHours,
    start: Date,
    members: readonly TeamMember[] = DEMO_TEAM,
  ) {
    // Everyone starts Monday in the middle of a change.
    this.people = members.map((member) => ({
      member,
      activity: { kind: 'building', doneAt: this.later(start, random.next() * member.buildHours[1]) },
      pausedBuildHours: null,
      holdingChange: false,
      openedThisRedPeriod: false,
    }));
  }

  /**
   * What the team did on GitHub up to `now`, seeing the light `light`: reviews finished, fixes
   * pushed, approved PRs merged, changes opened. Mutates `scenario` (call inside sim.update).
   */
  act(scenario: Scenario, now: Date, light: Light): void {
    const red = light === 'red';
    // 1. What was scheduled: finished reviews, fixes after requested changes, merges.
    for (const person of this.people) {
      if (person.activity.kind === 'reviewing' && person.activity.doneAt <= now) this.finishReview(scenario, person, person.activity, now, light);
    }
    const due = this.events.filter((e) => e.at <= now).sort((a, b) => a.at.getTime() - b.at.getTime());
    this.events = this.events.filter((e) => e.at > now);
    for (const event of due) this.apply(scenario, event);

    // 2. Changes finished, opened or held back; builds interrupted by a swarm.
    if (!red) for (const person of this.people) person.openedThisRedPeriod = false;
    for (const person of this.people) {
      const { activity } = person;
      if (activity.kind === 'building' && activity.doneAt <= now) {
        if (red && !this.keepsBuildingWhileRed(person)) {
          person.holdingChange = true;
          person.activity = { kind: 'looking' };
        } else {
          this.open(scenario, person, now, light);
        }
      } else if (activity.kind === 'building' && red && !this.keepsBuildingWhileRed(person)) {
        person.pausedBuildHours = businessHoursBetween(now, activity.doneAt, this.hours);
        person.activity = { kind: 'looking' };
      } else if (activity.kind === 'looking' && !red && person.holdingChange) {
        person.holdingChange = false;
        this.open(scenario, person, now, light);
      }
    }
  }

  /** The people who want a review to do now, in a fair (seeded) order. */
  lookingForReview(): TeamMember[] {
    const looking = this.people.filter((p) => p.activity.kind === 'looking').map((p) => p.member);
    return this.shuffle(looking);
  }

  /** `login` picked up `pr` (what flowlight suggested) and reviews it for as long as its size takes. */
  startReview(login: string, pr: SimPullRequest, repo: string, now: Date): void {
    const person = this.person(login);
    const lines = pr.additions + pr.deletions;
    const effortMinutes = Math.max(15, (lines / 400) * 60);
    // The same pace whatever the light: a swarm reviews more PRs, not each one faster (a red-only
    // speed-up would credit the light with what is really rushing).
    const pace = 1 + this.random.next() * 0.6;
    person.activity = { kind: 'reviewing', repo, number: pr.number, doneAt: this.later(now, (effortMinutes * pace) / 60) };
  }

  /** flowlight had nothing for `login`: while swarming they look again next time; otherwise back to building. */
  nothingToReview(login: string, now: Date, light: Light): void {
    if (light !== 'red') this.build(this.person(login), now);
  }

  private finishReview(scenario: Scenario, person: Person, review: Extract<Activity, { kind: 'reviewing' }>, now: Date, light: Light): void {
    const pr = findPullRequest(scenario, review.repo, review.number);
    if (pr.state === 'OPEN') {
      const login = person.member.login;
      const afterFix = pr.reviews.some((r) => r.author === login && r.state === 'CHANGES_REQUESTED');
      const approve = this.random.chance(afterFix ? HABITS.approveAfterFix : HABITS.approveFirstReview);
      submitReview(pr, { author: login, state: approve ? 'APPROVED' : 'CHANGES_REQUESTED', at: now });
      this.counts.reviews += 1;
      if (approve) {
        this.counts.approvals += 1;
        this.events.push({ at: this.later(now, 0.1 + this.random.next() * 0.5), kind: 'merge', repo: review.repo, number: pr.number });
      } else {
        this.counts.changesRequested += 1;
        this.events.push({ at: this.later(now, 0.5 + this.random.next() * 1.5), kind: 'push_fix', repo: review.repo, number: pr.number, reviewer: login });
      }
    }
    const another = light === 'red' || (light === 'yellow' && this.random.chance(HABITS.anotherReviewYellow));
    if (another) person.activity = { kind: 'looking' };
    else this.build(person, now);
  }

  /** finn finishes the change in hand (once per red period) before he joins the swarm */
  private keepsBuildingWhileRed(person: Person): boolean {
    return person.member.opensWhileRed === true && !person.openedThisRedPeriod;
  }

  private apply(scenario: Scenario, event: TeamEvent): void {
    const pr = findPullRequest(scenario, event.repo, event.number);
    if (pr.state !== 'OPEN') return;
    switch (event.kind) {
      case 'push_fix':
        pushCommit(pr, event.at, { additions: this.random.int(5, 40), deletions: this.random.int(0, 15) });
        requestReview(pr, event.reviewer, event.at);
        this.counts.fixes += 1;
        break;
      case 'merge':
        mergePullRequest(pr, event.at);
        this.counts.merged += 1;
        break;
      default: {
        const _exhaustive: never = event;
        throw new Error(`unknown team event ${String(_exhaustive)}`);
      }
    }
  }

  private open(scenario: Scenario, person: Person, now: Date, light: Light): void {
    const { member } = person;
    const repo = this.random.chance(0.65) ? member.home : this.random.pick(scenario.repositories.map((r) => `${r.owner}/${r.name}`));
    const open = scenario.repositories.filter((r) => `${r.owner}/${r.name}` === repo).flatMap((r) => r.pullRequests.filter((pr) => pr.state === 'OPEN').map((pr) => pr.title));
    const title = titleFor(repo, this.random, new Set(open));
    const pr = openPullRequest(scenario, repo, { author: member.login, createdAt: now, title, ...changeSize(this.random) });
    pr.headRef = branchName(member.login, title, pr.number);
    pr.commits = [{ at: now }];
    if (this.random.chance(HABITS.hotfixLabel)) pr.labels.push('hotfix');
    if (this.random.chance(HABITS.requestReviewer)) {
      requestReview(pr, this.random.pick(this.people.filter((p) => p !== person)).member.login, now);
    }
    this.counts.opened += 1;
    if (light === 'red') {
      person.openedThisRedPeriod = true;
      this.counts.openedWhileRed += 1;
    }
    const reviewFirst = light === 'red'
      || (light === 'yellow' && this.random.chance(HABITS.reviewAfterOpeningYellow))
      || (light !== 'yellow' && this.random.chance(HABITS.reviewAfterOpeningGreen));
    if (reviewFirst) person.activity = { kind: 'looking' };
    else this.build(person, now);
  }

  private build(person: Person, now: Date): void {
    const [min, max] = person.member.buildHours;
    const hours = person.pausedBuildHours ?? min + this.random.next() * (max - min);
    person.pausedBuildHours = null;
    person.activity = { kind: 'building', doneAt: this.later(now, hours) };
  }

  private later(from: Date, businessHours: number): Date {
    return addBusinessHours(from, businessHours, this.hours);
  }

  private person(login: string): Person {
    const person = this.people.find((p) => p.member.login === login);
    if (!person) throw new Error(`${login} is not on the simulated team`);
    return person;
  }

  private shuffle<T>(items: T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = this.random.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
