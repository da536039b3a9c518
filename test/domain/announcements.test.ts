import { describe, expect, it } from 'vitest';
import {
  alertKey,
  decideAnnouncements,
  endsEpisode,
  gateDmKey,
  swarmMessageInPlay,
  swarmPlanEdit,
  type AnnouncementInput,
  type AnnouncementIntent,
  type OpenSwarm,
} from '../../src/domain/announcements.js';
import { classifyOpen } from '../../src/domain/classify.js';
import type { LightDecision, Transition } from '../../src/domain/light.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import type { Light, PullRequestFacts } from '../../src/domain/types.js';
import { at, pullRequest, review } from './builders.js';

// What a team's evaluation announces, as data: which alert, which edit of the swarm plan message,
// and whom the input gate DMs, for each way the light can move.

const TEAM = 'C1';
const now = at('2026-11-24T12:00:00Z');
const earlier = at('2026-11-24T08:00:00Z');
const people = new Map([['alice', 'UALICE'], ['bob', 'UBOB']]);
const plan = { fingerprint: 'plan-now' };

function decision(light: Light, from: Light | null, since = from ? now : earlier): LightDecision {
  const transition: Transition | null = from ? { from, to: light, reasons: [], at: since } : null;
  return { light, since, reasons: [], transition, held: null };
}

function swarm(fingerprint: string): OpenSwarm {
  return { alertKey: 'alert:C1:red', transition: { from: 'yellow', to: 'red', reasons: [], at: earlier }, planFingerprint: fingerprint, updates: 0 };
}

function input(overrides: {
  decision: LightDecision;
  previous?: { light: Light; since: Date } | null;
  plan?: typeof plan | null;
  openSwarm?: OpenSwarm | null;
  pullRequests?: PullRequestFacts[];
  gateDms?: boolean;
  gateDmsSent?: string[];
  episodeChanges?: Array<{ to: Light; at: Date }> | null;
}): AnnouncementInput<typeof plan> {
  const pullRequests = overrides.pullRequests ?? [];
  return {
    teamId: TEAM,
    snapshot: {
      previous: overrides.previous ?? null,
      pullRequests,
      settings: { ...DEFAULT_SETTINGS, gateDms: overrides.gateDms ?? true },
      slackIdByLogin: people,
    },
    assessment: { decision: overrides.decision, queue: classifyOpen(pullRequests, DEFAULT_SETTINGS.skipLabels) },
    plan: overrides.plan === undefined ? (overrides.decision.light === 'red' ? plan : null) : overrides.plan,
    openSwarm: overrides.openSwarm ?? null,
    episodeChanges: overrides.episodeChanges ?? null,
    gateDmsSent: new Set(overrides.gateDmsSent ?? []),
  };
}

const kinds = (intents: AnnouncementIntent[]) => intents.map((intent) => intent.kind);

describe('what a light change announces', () => {
  it.each([
    // [light before, light now, open swarm message's plan, announcements in order]
    ['green', 'green', null, []],
    ['yellow', 'yellow', null, []],
    ['green', 'yellow', null, ['light_alert']],
    ['yellow', 'green', null, ['light_alert']],
    ['green', 'grey', null, ['light_alert']],
    ['grey', 'green', null, ['light_alert']],
    ['green', 'red', null, ['red_alert']],
    ['yellow', 'red', null, ['red_alert']],
    ['grey', 'red', null, ['red_alert']],
    ['red', 'yellow', 'plan-then', ['swarm_ended', 'light_alert']], // the plan message ends before the new light is told
    ['red', 'green', 'plan-then', ['swarm_ended', 'light_alert']],
    ['red', 'grey', 'plan-then', ['swarm_ended', 'light_alert']],
    ['red', 'yellow', null, ['light_alert']], // no plan message to end (its alert never opened one)
    ['red', 'red', 'plan-then', ['swarm_plan_edit']], // the plan changed while red
    ['red', 'red', 'plan-now', []], // same plan: no edit, however long the waits grow
    ['red', 'red', null, []], // nothing to edit
  ] as const)('%s → %s (plan message showing %s): %j', (before, light, openPlan, expected) => {
    const moved = before !== light;
    const intents = decideAnnouncements(input({
      decision: decision(light, moved ? before : null),
      previous: { light: before, since: earlier },
      openSwarm: openPlan ? swarm(openPlan) : null,
      episodeChanges: [],
    }), now);
    expect(kinds(intents)).toEqual(expected);
    // The job reads the swarm message only where it can matter: every case that uses it is one of these.
    if (openPlan && expected.length > 0) expect(swarmMessageInPlay(decision(light, moved ? before : null))).toBe(true);
  });

  it('keys an alert by team and transition, so a transition is announced once', () => {
    const intents = decideAnnouncements(input({ decision: decision('yellow', 'green') }), now);
    expect(intents).toEqual([{ kind: 'light_alert', dedupeKey: 'alert:C1:2026-11-24T12:00:00.000Z:green>yellow', transition: decision('yellow', 'green').transition, cleared: null }]);
  });

  it('puts the current plan on the red alert, and edits the open message with the new plan', () => {
    const red = decideAnnouncements(input({ decision: decision('red', 'yellow') }), now);
    expect(red[0]).toMatchObject({ kind: 'red_alert', plan, dedupeKey: alertKey(TEAM, decision('red', 'yellow').transition!) });
    const open = swarm('plan-then');
    expect(decideAnnouncements(input({ decision: decision('red', null), openSwarm: open }), now)).toEqual([{ kind: 'swarm_plan_edit', swarm: open, plan }]);
  });

  it('ends the swarm with the light it left red for, at the transition', () => {
    const open = swarm('plan-then');
    const [ended] = decideAnnouncements(input({ decision: decision('yellow', 'red'), openSwarm: open }), now);
    expect(ended).toEqual({ kind: 'swarm_ended', swarm: open, endedAt: now, light: 'yellow' });
  });
});

describe('the "back to green" summary', () => {
  it.each([
    // [from, to, sums the episode up?]
    ['yellow', 'green', true],
    ['red', 'green', true],
    ['grey', 'green', false], // stale data ended, not a busy queue
    ['green', 'yellow', false],
    ['red', 'yellow', false],
    ['yellow', 'grey', false],
  ] as const)('%s → %s: %s', (from, to, expected) => {
    const transition: Transition = { from, to, reasons: [], at: now };
    expect(endsEpisode(transition)).toBe(expected);
    const intents = decideAnnouncements(input({ decision: decision(to, from), previous: { light: from, since: earlier }, episodeChanges: [], openSwarm: null }), now);
    const alert = intents.find((intent) => intent.kind === 'light_alert');
    expect(alert?.kind === 'light_alert' && alert.cleared !== null).toBe(expected);
  });

  it('says how long the episode lasted, how high it went and who reviewed, from the earlier light changes', () => {
    const reviewed = pullRequest({ number: 3, author: 'alice', reviews: [review('bob', 'APPROVED', '2026-11-24T10:00:00Z')] });
    const intents = decideAnnouncements(input({
      decision: decision('green', 'yellow'),
      previous: { light: 'yellow', since: at('2026-11-24T09:30:00Z') },
      pullRequests: [reviewed],
      episodeChanges: [{ to: 'yellow', at: at('2026-11-24T09:00:00Z') }, { to: 'red', at: at('2026-11-24T09:15:00Z') }, { to: 'yellow', at: at('2026-11-24T09:30:00Z') }],
    }), now);
    expect(intents).toHaveLength(1);
    const [alert] = intents;
    expect(alert).toMatchObject({ kind: 'light_alert', cleared: { since: at('2026-11-24T09:00:00Z'), peak: 'red', reviewers: [{ login: 'bob', reviews: 1 }], businessHours: 3 } });
  });

  it('starts the episode at the previous light when the history read does not reach back to it', () => {
    const [alert] = decideAnnouncements(input({ decision: decision('green', 'yellow'), previous: { light: 'yellow', since: earlier }, episodeChanges: [] }), now);
    expect(alert).toMatchObject({ kind: 'light_alert', cleared: { since: earlier, peak: 'yellow' } });
  });
});

describe('the input gate while red', () => {
  const redSince = at('2026-11-24T10:00:00Z');
  const afterRed = at('2026-11-24T11:00:00Z');
  const beforeRed = at('2026-11-24T09:00:00Z');
  const stillRed = decision('red', null, redSince);
  const gateDms = (intents: AnnouncementIntent[]) => intents.flatMap((intent) => (intent.kind === 'gate_dm' ? [intent] : []));

  it('DMs each linked author of a PR that became ready after the team went red, once, after the plan message', () => {
    const intents = decideAnnouncements(input({
      decision: stillRed,
      openSwarm: swarm('plan-now'),
      pullRequests: [
        pullRequest({ number: 1, author: 'alice', createdAt: afterRed }),
        pullRequest({ number: 2, author: 'Alice', createdAt: afterRed }), // the same person: one DM
        pullRequest({ number: 3, author: 'bob', createdAt: beforeRed }), // in the queue before red: not new work
        pullRequest({ number: 4, author: 'bob', createdAt: beforeRed, readyForReviewAt: afterRed }), // out of draft while red
        pullRequest({ number: 5, author: 'carol', createdAt: afterRed }), // not linked: no one to DM
      ],
    }), now);
    expect(gateDms(intents).map(({ login, slackUserId, ownPullRequest, dedupeKey, afterKey }) => ({ login, slackUserId, pr: ownPullRequest.number, dedupeKey, afterKey }))).toEqual([
      { login: 'alice', slackUserId: 'UALICE', pr: 1, dedupeKey: gateDmKey(TEAM, redSince, 'alice'), afterKey: 'alert:C1:red' },
      { login: 'bob', slackUserId: 'UBOB', pr: 4, dedupeKey: gateDmKey(TEAM, redSince, 'bob'), afterKey: 'alert:C1:red' },
    ]);
  });

  it.each([
    // [case, DMs expected, input overrides]
    ['already told this red period', 0, { gateDmsSent: [gateDmKey(TEAM, redSince, 'alice')] }],
    ['told in an earlier red period', 1, { gateDmsSent: [gateDmKey(TEAM, earlier, 'alice')] }],
    ['gate DMs switched off', 0, { gateDms: false }],
    ['not red', 0, { decision: decision('yellow', null, redSince), plan: null }],
    ['the PR waits for its author', 0, { pullRequests: [pullRequest({ number: 1, author: 'alice', createdAt: afterRed, reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-24T11:30:00Z')] })] }],
    ['a draft', 0, { pullRequests: [pullRequest({ number: 1, author: 'alice', createdAt: afterRed, isDraft: true })] }],
    ['no author (a deleted account)', 0, { pullRequests: [pullRequest({ number: 1, author: null, createdAt: afterRed })] }],
  ] as const)('%s: %s DMs', (_case, expected, overrides) => {
    const intents = decideAnnouncements(input({
      decision: stillRed,
      pullRequests: [pullRequest({ number: 1, author: 'alice', createdAt: afterRed })],
      ...(overrides as Partial<Parameters<typeof input>[0]>),
    }), now);
    expect(gateDms(intents)).toHaveLength(expected);
  });

  it('follows the red alert that starts the period, and dates the period from the transition', () => {
    const intents = decideAnnouncements(input({
      decision: decision('red', 'yellow'),
      pullRequests: [pullRequest({ number: 1, author: 'alice', createdAt: now }), pullRequest({ number: 2, author: 'bob', createdAt: afterRed })],
    }), now);
    expect(kinds(intents)).toEqual(['red_alert', 'gate_dm']);
    const [alert, dm] = intents;
    expect(dm).toMatchObject({ afterKey: alert!.kind === 'red_alert' ? alert!.dedupeKey : 'none', dedupeKey: gateDmKey(TEAM, now, 'alice') });
  });

  it('is not waited on without a plan message (nothing to follow)', () => {
    const [dm] = decideAnnouncements(input({ decision: stillRed, openSwarm: null, pullRequests: [pullRequest({ number: 1, author: 'alice', createdAt: afterRed })] }), now);
    expect(dm).toMatchObject({ kind: 'gate_dm', afterKey: null });
  });
});

describe('editing the plan after a claim', () => {
  it('edits only an open message showing another plan', () => {
    expect(swarmPlanEdit(null, plan)).toBeNull();
    expect(swarmPlanEdit(swarm('plan-now'), plan)).toBeNull();
    expect(swarmPlanEdit(swarm('plan-then'), plan)).toEqual({ kind: 'swarm_plan_edit', swarm: swarm('plan-then'), plan });
  });
});
