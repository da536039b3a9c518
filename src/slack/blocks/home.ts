import type { types } from '@slack/bolt';
import { pullRequestKey, type Suggestion } from '../../domain/suggest.js';
import type { Light, PullRequestFacts } from '../../domain/types.js';
import { ACTION_IDS, homePickUpValue } from './actionIds.js';
import { actions, button, context, divider, header, section, type Block } from './kit.js';
import { LIGHT_EMOJI } from './outgoing.js';
import { authorOf, pullRequestLink } from './pullRequestLine.js';
import { escapeText } from './text.js';

// The App Home tab: for each team the person is linked in, the channel's light, their next review
// with Pick up, and their own PRs waiting for review and for how long. Home views allow 100 blocks.

export const HOME_BLOCK_LIMIT = 100;
/** own PRs listed per team; the rest are counted */
const HOME_OWN_SHOWN = 10;

export interface HomeOwnPullRequest {
  facts: PullRequestFacts;
  /** e.g. "1.5 business days" */
  waited: string;
  /** who picked it up, as mrkdwn (a mention), when someone did */
  pickedUpBy: string | null;
}

export interface HomeTeam {
  teamId: string;
  light: Light;
  next: Suggestion | null;
  /** PRs waiting for review that they picked up (claimed) and have not reviewed yet */
  pickedUp: PullRequestFacts[];
  /** when there is no next review: whether nothing waits at all, or nothing waits for them */
  none: 'queue_empty' | 'none_for_you';
  /** suggestions after the next one */
  remaining: number;
  own: HomeOwnPullRequest[];
}

export interface HomeModel {
  teams: HomeTeam[];
  /** a line above everything (already escaped), e.g. the outcome of a Pick up pressed here */
  notice?: string;
}

export function buildHome(model: HomeModel): types.HomeView {
  const blocks: Block[] = [header('flowlight: your review flow')];
  if (model.notice) blocks.push(section(model.notice));
  if (model.teams.length === 0) {
    blocks.push(section('You are not linked in any team yet. In your team\'s channel, run `/flow link GITHUB-LOGIN`: this tab then shows the channel\'s light, your next review and your own PRs waiting.'));
    return { type: 'home', blocks };
  }
  const perTeam = model.teams.map(teamBlocks);
  let shown = 0;
  for (const teamBlocksList of perTeam) {
    // one block stays free for the note of the teams left out
    if (blocks.length + teamBlocksList.length > HOME_BLOCK_LIMIT - 1) break;
    blocks.push(...teamBlocksList);
    shown += 1;
  }
  if (shown < perTeam.length) blocks.push(context(`${perTeam.length - shown} more teams are not shown (a Home tab holds ${HOME_BLOCK_LIMIT} blocks): run \`/flow\` in their channels.`));
  return { type: 'home', blocks };
}

function teamBlocks(team: HomeTeam): Block[] {
  const blocks: Block[] = [divider(), section(`${LIGHT_EMOJI[team.light]} *<#${team.teamId}>* is *${team.light}*`)];
  if (team.pickedUp.length > 0) {
    const lines = team.pickedUp.slice(0, HOME_OWN_SHOWN).map((facts) => `• ${pullRequestLink(facts)} ${authorOf(facts)}`);
    blocks.push(section(`:hand: *You picked up:*\n${lines.join('\n')}`));
  }
  if (team.next) {
    const key = pullRequestKey(team.next.pr.facts.repo, team.next.pr.facts.number);
    blocks.push(
      section(`*Your next review:* ${pullRequestLink(team.next.pr.facts)} ${authorOf(team.next.pr.facts)}\n${escapeText(team.next.explanation)}`),
      actions(`home_next_${team.teamId}`, button('Pick up', ACTION_IDS.homePickUp, homePickUpValue(team.teamId, key), 'primary')),
      context(team.remaining > 0 ? `${team.remaining} more after this one (\`/flow next\` in the channel to skip).` : 'The last one for you right now.'),
    );
  } else {
    blocks.push(section(team.none === 'queue_empty' ? ':tada: Nothing is waiting for review.' : 'Nothing for you to review right now.'));
  }
  if (team.own.length === 0) {
    blocks.push(context('None of your PRs waits for review.'));
  } else {
    const lines = team.own.slice(0, HOME_OWN_SHOWN).map((own) => `• ${pullRequestLink(own.facts)}: waiting ${escapeText(own.waited)}${own.pickedUpBy ? ` · :hand: picked up by ${own.pickedUpBy}` : ''}`);
    const more = team.own.length - HOME_OWN_SHOWN;
    blocks.push(section(`*Your PRs waiting for review (${team.own.length}):*\n${lines.join('\n')}${more > 0 ? `\n…and ${more} more (\`/flow queue\`)` : ''}`));
  }
  return blocks;
}
