import type { webApi } from '@slack/bolt';
import { businessDayHours, businessHoursBetween } from '../../domain/businessHours.js';
import { formatBusinessDuration } from '../../domain/format.js';
import { sameLogin } from '../../domain/reviews.js';
import { pullRequestKey } from '../../domain/suggest.js';
import { listLinksOf } from '../../store/people.js';
import { buildHome, type HomeModel, type HomeOwnPullRequest, type HomeTeam } from '../blocks/home.js';
import { personRef } from '../blocks/outgoing.js';
import type { ListenerDeps } from './deps.js';
import { activeClaimsOf, loadTeamView, nextSuggestionOf, type TeamView } from '../../app/teamView.js';

// A person's App Home: the teams they linked their GitHub login in (no users.conversations, so no
// extra scope, and a channel they are only a member of shows nothing to pick up anyway), each read
// from the same shared team view as /flow. Published with views.publish on app_home_opened and
// after a Pick up pressed on the tab.

async function loadHome(userId: string, deps: ListenerDeps): Promise<HomeModel> {
  const links = await listLinksOf(deps.db, userId);
  const teams: HomeTeam[] = [];
  for (const { teamId, githubLogin } of links) teams.push(homeTeam(await loadTeamView(teamId, deps), githubLogin));
  return { teams };
}

function homeTeam(view: TeamView, login: string): HomeTeam {
  const awaiting = view.assessment.queue.filter((pr) => pr.queue === 'awaiting_review');
  const hours = view.snapshot.settings.workingHours;
  const claims = activeClaimsOf(view);
  // What they already picked up is listed as theirs; the next review is the one after those.
  const mine = new Set([...claims].filter(([, claim]) => sameLogin(claim.login, login)).map(([key]) => key));
  const pickedUp = awaiting.filter((pr) => mine.has(pullRequestKey(pr.facts.repo, pr.facts.number))).map((pr) => pr.facts);
  const { first, count } = nextSuggestionOf(view, login, mine);
  const own: HomeOwnPullRequest[] = awaiting
    .filter((pr) => sameLogin(pr.facts.author, login))
    .map((pr) => {
      const claim = claims.get(pullRequestKey(pr.facts.repo, pr.facts.number));
      const waitedHours = pr.awaitingReviewSince ? businessHoursBetween(pr.awaitingReviewSince, view.now, hours) : 0;
      return {
        facts: pr.facts,
        waited: formatBusinessDuration(waitedHours, businessDayHours(hours)),
        pickedUpBy: claim ? personRef(claim.login, view.snapshot.slackIdByLogin) : null,
      };
    });
  return {
    teamId: view.teamId,
    light: view.assessment.decision.light,
    next: first,
    pickedUp,
    none: awaiting.length === 0 ? 'queue_empty' : 'none_for_you',
    remaining: Math.max(0, count - 1),
    own,
  };
}

/** Builds the person's Home and publishes it; `notice` goes on top (e.g. what their Pick up did). */
export async function publishHome(client: webApi.WebClient, userId: string, deps: ListenerDeps, notice?: string): Promise<void> {
  const model = await loadHome(userId, deps);
  await client.views.publish({ user_id: userId, view: buildHome({ ...model, notice }) });
}
