import type { Assessment } from './assess.js';
import { clearedSummary, type ClearedSummary } from './clearedSummary.js';
import type { LightDecision, Transition } from './light.js';
import { readyAt } from './reviews.js';
import type { Light, PullRequestFacts, TeamSnapshot } from './types.js';

// What to tell the channel and whom to DM after a team's light is decided, as data. The evaluation
// job reads what this depends on (the open swarm message, the episode's light changes, the gate DMs
// already sent), calls decideAnnouncements, then renders, enqueues and persists each intent in one
// transaction. While red, one swarm plan serves the red alert, its edits and the gate DMs.

/** The message carrying the swarm plan of the team's current red period. */
export interface OpenSwarm {
  alertKey: string;
  /** the transition the red alert announced (shown unchanged when the plan is edited) */
  transition: Transition;
  planFingerprint: string;
  /** how many edits of the alert were enqueued so far */
  updates: number;
}

/** A swarm plan as far as announcing it goes: the job's plan, with a fingerprint that changes when the plan does. */
export interface PlannedSwarm {
  fingerprint: string;
}

export type AnnouncementIntent<Plan extends PlannedSwarm = PlannedSwarm> =
  /** a light change other than into red; `cleared` says how a yellow/red episode that just ended went */
  | { kind: 'light_alert'; dedupeKey: string; transition: Transition; cleared: ClearedSummary | null }
  /** into red: the alert carries the swarm plan and opens the red period's swarm message */
  | { kind: 'red_alert'; dedupeKey: string; transition: Transition; plan: Plan }
  /** while red: the plan changed (who reviews what, how many are left), so its message is edited */
  | { kind: 'swarm_plan_edit'; swarm: OpenSwarm; plan: Plan }
  /** leaving red: the plan message says the swarm is over, and the red period closes */
  | { kind: 'swarm_ended'; swarm: OpenSwarm; endedAt: Date; light: Light }
  /** while red: someone whose new PR entered the queue is asked to pick up a review first */
  | { kind: 'gate_dm'; dedupeKey: string; login: string; slackUserId: string; ownPullRequest: PullRequestFacts; plan: Plan; afterKey: string | null };

export type AnnouncementKind = AnnouncementIntent['kind'];

/** One kind of intent, for the code that carries it out. */
export type IntentOf<Kind extends AnnouncementKind, Plan extends PlannedSwarm = PlannedSwarm> = Extract<AnnouncementIntent<Plan>, { kind: Kind }>;

export interface AnnouncementInput<Plan extends PlannedSwarm> {
  teamId: string;
  snapshot: Pick<TeamSnapshot, 'previous' | 'pullRequests' | 'settings' | 'slackIdByLogin'>;
  assessment: Pick<Assessment, 'decision' | 'queue'>;
  /** the current swarm plan; made only while red (swarmPlanNeeded) */
  plan: Plan | null;
  /** the open swarm message as it was before this evaluation */
  openSwarm: OpenSwarm | null;
  /** the team's earlier light changes, oldest first, when endsEpisode(transition); otherwise null */
  episodeChanges: ReadonlyArray<Pick<Transition, 'to' | 'at'>> | null;
  /** dedupe keys of the gate DMs already enqueued in this red period (gateDmKeyPrefix) */
  gateDmsSent: ReadonlySet<string>;
}

/** How far back light changes are read to find where a yellow/red episode began. */
export const EPISODE_LOOKBACK_MS = 60 * 24 * 3_600_000;

export function alertKey(teamId: string, transition: Transition): string {
  return `alert:${teamId}:${transition.at.toISOString()}:${transition.from}>${transition.to}`;
}

/** One gate DM per team, red period and person, across polls and restarts. */
export function gateDmKey(teamId: string, redSince: Date, login: string): string {
  return `${gateDmKeyPrefix(teamId, redSince)}${login.toLowerCase()}`;
}

export function gateDmKeyPrefix(teamId: string, redSince: Date): string {
  return `gate:${teamId}:${redSince.toISOString()}:`;
}

/** A swarm plan is made only while red. */
export function swarmPlanNeeded(decision: Pick<LightDecision, 'light'>): boolean {
  return decision.light === 'red';
}

/** Only while red, or when leaving it, does the red period's swarm message matter (so only then is it read). */
export function swarmMessageInPlay(decision: Pick<LightDecision, 'light' | 'transition'>): boolean {
  return decision.light === 'red' || decision.transition?.from === 'red';
}

/** When the current red period began: the gate DMs are one per person per period. */
export function redPeriodStart(decision: Pick<LightDecision, 'since' | 'transition'>): Date {
  return decision.transition?.at ?? decision.since;
}

/** Back to green after yellow or red: the alert sums the episode up, so its light changes are read. */
export function endsEpisode(transition: Transition | null): boolean {
  return transition !== null && transition.to === 'green' && (transition.from === 'yellow' || transition.from === 'red');
}

/** The edit a plan needs while red: none when its message already shows this plan (or there is none). */
export function swarmPlanEdit<Plan extends PlannedSwarm>(openSwarm: OpenSwarm | null, plan: Plan): IntentOf<'swarm_plan_edit', Plan> | null {
  if (!openSwarm || openSwarm.planFingerprint === plan.fingerprint) return null;
  return { kind: 'swarm_plan_edit', swarm: openSwarm, plan };
}

/** Everything to announce after this evaluation, in the order it should reach Slack. */
export function decideAnnouncements<Plan extends PlannedSwarm>(input: AnnouncementInput<Plan>, now: Date): Array<AnnouncementIntent<Plan>> {
  const { teamId, snapshot, assessment, plan, openSwarm } = input;
  const { transition } = assessment.decision;
  const intents: Array<AnnouncementIntent<Plan>> = [];
  let redAlertKey: string | null = null;

  if (transition) {
    // The swarm's message says it is over before the channel hears the new light.
    if (transition.from === 'red' && openSwarm) intents.push({ kind: 'swarm_ended', swarm: openSwarm, endedAt: transition.at, light: transition.to });
    const dedupeKey = alertKey(teamId, transition);
    if (plan) {
      redAlertKey = dedupeKey;
      intents.push({ kind: 'red_alert', dedupeKey, transition, plan });
    } else {
      const cleared = endsEpisode(transition)
        ? clearedSummary(input.episodeChanges ?? [], snapshot.previous ?? { light: transition.from, since: transition.at }, snapshot.pullRequests, snapshot.settings, now)
        : null;
      intents.push({ kind: 'light_alert', dedupeKey, transition, cleared });
    }
  } else if (plan) {
    const edit = swarmPlanEdit(openSwarm, plan);
    if (edit) intents.push(edit);
  }

  if (plan && snapshot.settings.gateDms) {
    const afterKey = redAlertKey ?? openSwarm?.alertKey ?? null;
    intents.push(...gateDms(input, plan, redPeriodStart(assessment.decision), afterKey));
  }
  return intents;
}

/**
 * The input gate: a linked person whose PR became ready for review after the team went red, and is
 * waiting for review, is DMed once per red period (the DM waits for the alert carrying the plan).
 */
function gateDms<Plan extends PlannedSwarm>(input: AnnouncementInput<Plan>, plan: Plan, redSince: Date, afterKey: string | null): Array<AnnouncementIntent<Plan>> {
  const intents: Array<AnnouncementIntent<Plan>> = [];
  const considered = new Set<string>();
  for (const pr of input.assessment.queue) {
    const login = pr.facts.author?.toLowerCase();
    if (pr.queue !== 'awaiting_review' || !login || considered.has(login)) continue;
    const slackUserId = input.snapshot.slackIdByLogin.get(login);
    if (!slackUserId || readyAt(pr.facts).getTime() < redSince.getTime()) continue;
    considered.add(login);
    const dedupeKey = gateDmKey(input.teamId, redSince, login);
    if (input.gateDmsSent.has(dedupeKey)) continue; // already told during this red period
    intents.push({ kind: 'gate_dm', dedupeKey, login, slackUserId, ownPullRequest: pr.facts, plan, afterKey });
  }
  return intents;
}
