import { pullRequestKey } from '../../domain/suggest.js';
import type { SwarmAssignment } from '../../domain/swarm.js';
import { context, type Block } from './kit.js';
import { personRef, sectionsOf } from './outgoing.js';
import { pullRequestLink } from './pullRequestLine.js';
import { escapeText } from './text.js';

// The swarm plan as people read it: "@person → PR link, why", one line per assignment.

export interface SwarmPlanView {
  assignments: readonly SwarmAssignment[];
  /** PRs awaiting review that nobody in the plan got (more PRs than reviewers) */
  unassigned: number;
  /** linked reviewers: GitHub login (lower-case) → Slack user id */
  people: ReadonlyMap<string, string>;
}

/** Room for the rest of the alert around the plan (header, reasons, what to do, context). */
const MAX_PLAN_SECTIONS = 30;

function swarmPlanLines(assignments: readonly SwarmAssignment[], people: ReadonlyMap<string, string>): string[] {
  return assignments.map(({ reviewer, suggestion }) =>
    `${personRef(reviewer, people)} → ${pullRequestLink(suggestion.pr.facts)}, ${escapeText(suggestion.explanation)}`);
}

export function buildSwarmPlanBlocks(view: SwarmPlanView): Block[] {
  if (view.assignments.length === 0) {
    return [context(view.people.size === 0
      ? 'No reviewers are linked yet, so there is no plan: each person runs `/flow link GITHUB-LOGIN`, then `/flow next`.'
      : 'Nothing left to hand out: every PR awaiting review is claimed or in review.')];
  }
  const sections = sectionsOf(swarmPlanLines(view.assignments, view.people));
  const shown = sections.slice(0, MAX_PLAN_SECTIONS);
  const blocks: Block[] = [...shown];
  const notes: string[] = [];
  if (sections.length > shown.length) notes.push('The plan is longer than one message holds: `/flow next` gives each person theirs.');
  if (view.unassigned > 0) {
    notes.push(`${view.unassigned} more PR${view.unassigned === 1 ? ' is' : 's are'} waiting: when you finish, \`/flow next\` picks your next one.`);
  }
  if (notes.length > 0) blocks.push(context(...notes));
  return blocks;
}

/** A fingerprint of what the plan says, so the message is only edited when the plan changed. */
export function swarmPlanFingerprint(assignments: readonly SwarmAssignment[]): string {
  return assignments
    .map(({ reviewer, suggestion }) => `${reviewer.toLowerCase()}>${pullRequestKey(suggestion.pr.facts.repo, suggestion.pr.facts.number)}`)
    .join(',');
}
