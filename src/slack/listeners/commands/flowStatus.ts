import { businessDayHours } from '../../../domain/businessHours.js';
import { SLOW_RETRY_MS, TOKEN_RECHECK_MS } from '../../../app/outboxCauses.js';
import { formatElapsed } from '../../../domain/format.js';
import { listBacklog } from '../../../store/outbox.js';
import { loginFor } from '../../../store/people.js';
import { buildStatus, STATUS_TOP, type MySuggestion } from '../../blocks/status.js';
import { loadTeamView, rankingOf, nextSuggestionOf } from '../../../app/teamView.js';
import type { FlowHandler } from './flowRequest.js';
import { dwellEndsAt } from '../../../domain/light.js';
import { reviewAsk } from '../../../domain/reviewCadence.js';

// `/flow` and `/flow status`: everything from the store, assessed by the domain now.

export const flowStatus: FlowHandler = async ({ teamId, userId }, deps) => {
  const [view, login, backlog] = await Promise.all([
    loadTeamView(teamId, deps),
    loginFor(deps.db, teamId, userId),
    listBacklog(deps.db, teamId, deps.clock()),
  ]);
  const { assessment, snapshot } = view;
  let mine: MySuggestion = { kind: 'unlinked' };
  if (login) {
    const { first } = nextSuggestionOf(view, login);
    mine = first ? { kind: 'suggestion', suggestion: first } : { kind: 'nothing' };
  }
  return buildStatus({
    light: assessment.decision.light,
    since: assessment.decision.since,
    reasons: assessment.decision.reasons,
    metrics: assessment.metrics,
    dayHours: businessDayHours(snapshot.settings.workingHours),
    top: rankingOf(view).queue.slice(0, STATUS_TOP),
    mine,
    repoCount: snapshot.repos.length,
    backlog,
    recheck: { token: formatElapsed(TOKEN_RECHECK_MS), slow: formatElapsed(SLOW_RETRY_MS) },
    now: view.now,
    dwellEndsAt: assessment.decision.held === 'dwell' ? dwellEndsAt(assessment.decision.since, snapshot.settings) : null,
    heldByPersistence: assessment.decision.held === 'persistence',
    unreadableTeams: snapshot.unreadableTeams,
    githubBudget: deps.githubBudget?.(),
    ask: reviewAsk({ light: assessment.decision.light, queue: assessment.queue, claims: snapshot.claims, members: snapshot.members, settings: snapshot.settings, now: view.now }),
  });
};
