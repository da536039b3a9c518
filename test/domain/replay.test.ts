// A scripted two-week team history, replayed through assessTeam every 30 minutes, must produce
// exactly the expected transitions and no more.
//
// The team: 12 reviewers, every PR 40 lines, UTC, default settings. For the two weeks before the
// replay (Oct 19-30) 10 PRs a day arrive and are approved within 30 minutes, so throughput is
// 10 a day. In the replay, reviews keep the same 10 daily slots (09:05, 09:50, ... 15:50), so
// throughput stays exactly 10/day while arrivals double:
// - Mon Nov 2 and Tue Nov 3: 20 PRs a day (every 24 min from 08:50), 10 reviews, oldest first.
//   The queue ends Monday at 10 (expected wait 10/10 = 1 day at 16:30): the light rises once the
//   level has held for the hour-long persistence window, yellow at 17:30; Tuesday it reaches 20
//   (2 days: red at 16:30, an escalation to red never waits). PRs per reviewer stay under 2, and
//   the oldest wait under 8 hours.
// - Wed Nov 4: the team swarms: no new PRs, a review every 15 minutes from 09:05. At 11:30 the
//   queue is 10 of 12 reviewers, expected wait 10/10.6: every rule under its yellow level, but
//   PRs per reviewer, expected wait and the 2nd oldest wait (one per six reviewers) not under 50%
//   of it: red holds (it never steps down to yellow), until the queue has been under 50% of
//   yellow for the whole hour-long persistence window: red → green at 14:00.
// - From Thu Nov 5: 10 PRs a day, each reviewed 30 minutes after it arrives: green throughout.
import { describe, expect, it } from 'vitest';
import { assessTeam } from '../../src/domain/assess.js';
import type { Transition } from '../../src/domain/light.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import type { Light, PullRequestFacts, TeamSnapshot } from '../../src/domain/types.js';

const MINUTE = 60_000;
const members = Array.from({ length: 12 }, (_, i) => `dev${i + 1}`);

interface ScriptedPr { number: number; author: string; arrivedAt: number; reviewedAt: number | null; reviewer: string | null }

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const clock = (dayStart: number, hh: number, mm: number) => dayStart + (hh * 60 + mm) * MINUTE;
const workingDays = (from: string, count: number) => {
  const days: number[] = [];
  for (let t = day(from); days.length < count; t += 1440 * MINUTE) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(t);
  }
  return days;
};
const REVIEW_SLOTS = Array.from({ length: 10 }, (_, k) => [9, 5 + 45 * k] as const); // 09:05, 09:50, ... 15:50

function script(): ScriptedPr[] {
  const prs: ScriptedPr[] = [];
  const arrive = (arrivedAt: number) => {
    const author = members[prs.length % members.length]!;
    prs.push({ number: prs.length + 1, author, arrivedAt, reviewedAt: null, reviewer: null });
  };
  const reviewOldest = (at: number) => {
    const next = prs.find((pr) => pr.reviewedAt === null && pr.arrivedAt <= at);
    if (!next) return;
    next.reviewedAt = at;
    next.reviewer = members.find((login) => login !== next.author && members.indexOf(login) % 5 === prs.indexOf(next) % 5) ?? members.find((login) => login !== next.author)!;
  };
  const events: Array<[number, () => void]> = [];
  for (const d of workingDays('2026-10-19', 10)) {
    for (const [hh, mm] of REVIEW_SLOTS) {
      events.push([clock(d, hh, mm) - 30 * MINUTE, () => arrive(clock(d, hh, mm) - 30 * MINUTE)]);
      events.push([clock(d, hh, mm), () => reviewOldest(clock(d, hh, mm))]);
    }
  }
  for (const d of [day('2026-11-02'), day('2026-11-03')]) {
    for (let k = 0; k < 20; k++) events.push([clock(d, 8, 50 + 24 * k), () => arrive(clock(d, 8, 50 + 24 * k))]);
    for (const [hh, mm] of REVIEW_SLOTS) events.push([clock(d, hh, mm), () => reviewOldest(clock(d, hh, mm))]);
  }
  const wednesday = day('2026-11-04');
  for (let k = 0; k < 32; k++) events.push([clock(wednesday, 9, 5 + 15 * k), () => reviewOldest(clock(wednesday, 9, 5 + 15 * k))]);
  for (const d of workingDays('2026-11-05', 7)) {
    for (const [hh, mm] of REVIEW_SLOTS) {
      events.push([clock(d, hh, mm) - 30 * MINUTE, () => arrive(clock(d, hh, mm) - 30 * MINUTE)]);
      events.push([clock(d, hh, mm), () => reviewOldest(clock(d, hh, mm))]);
    }
  }
  events.sort((a, b) => a[0] - b[0]);
  for (const [, run] of events) run();
  return prs;
}

/** What GitHub would have said about the team's PRs at `now`. */
function factsAt(prs: ScriptedPr[], now: number): PullRequestFacts[] {
  const facts: PullRequestFacts[] = [];
  for (const pr of prs) {
    if (pr.arrivedAt > now) continue;
    const reviewed = pr.reviewedAt !== null && pr.reviewedAt <= now;
    const mergedAt = reviewed ? pr.reviewedAt! + 5 * MINUTE : null;
    const merged = mergedAt !== null && mergedAt <= now;
    facts.push({
      repo: 'acme/api', number: pr.number, title: `Change ${pr.number}`, url: `https://github.com/acme/api/pull/${pr.number}`,
      author: pr.author, state: merged ? 'MERGED' : 'OPEN', isDraft: false, createdAt: new Date(pr.arrivedAt), readyForReviewAt: null,
      closedAt: merged ? new Date(mergedAt!) : null, mergedAt: merged ? new Date(mergedAt!) : null, labels: [], additions: 30, deletions: 10,
      headRef: `change-${pr.number}`, baseRef: 'main', reviewDecision: reviewed ? 'APPROVED' : 'REVIEW_REQUIRED', lastCommitAt: new Date(pr.arrivedAt - MINUTE),
      reviews: reviewed ? [{ id: `R${pr.number}`, author: pr.reviewer, state: 'APPROVED', submittedAt: new Date(pr.reviewedAt!) }] : [],
      pendingReviewers: [], reviewRequests: [],
    });
  }
  return facts;
}

describe('replaying two weeks of a team that outgrows its reviews, then swarms', () => {
  it('goes yellow, red, back to green, exactly once each', () => {
    const prs = script();
    const transitions: Array<Pick<Transition, 'from' | 'to'> & { at: string; rules: string[] }> = [];
    let previous: { light: Light; since: Date } | null = null;
    for (let now = day('2026-11-01'); now <= day('2026-11-15'); now += 30 * MINUTE) {
      const snapshot: TeamSnapshot = {
        settings: DEFAULT_SETTINGS, members, slackIdByLogin: new Map(), pullRequests: factsAt(prs, now), claims: [],
        repos: [{ repo: 'acme/api', lastSuccessAt: new Date(now), lastError: null }], previous, pollIntervalMs: 30 * MINUTE,
      };
      const { decision } = assessTeam(snapshot, new Date(now));
      if (decision.transition) {
        const { from, to, at, reasons } = decision.transition;
        transitions.push({ from, to, at: at.toISOString(), rules: reasons.map((r) => `${r.rule} ${r.value}/${r.threshold}`) });
      }
      previous = { light: decision.light, since: decision.since };
    }
    expect(transitions).toEqual([
      { from: 'green', to: 'yellow', at: '2026-11-02T17:30:00.000Z', rules: ['expected_wait 1/1'] },
      { from: 'yellow', to: 'red', at: '2026-11-03T16:30:00.000Z', rules: ['expected_wait 2/2', 'queue_per_reviewer 1.67/1'] },
      { from: 'red', to: 'green', at: '2026-11-04T14:00:00.000Z', rules: [] },
    ]);
    // No light came back within an hour of leaving it.
    for (let i = 2; i < transitions.length; i += 1) {
      const [before, after] = [transitions[i - 1]!, transitions[i]!];
      if (after.to === transitions[i - 2]!.to || after.to === before.from) expect(Date.parse(after.at) - Date.parse(before.at)).toBeGreaterThanOrEqual(60 * MINUTE);
    }
  });
});
