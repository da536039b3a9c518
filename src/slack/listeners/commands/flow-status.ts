import { businessDayHours } from '../../../domain/businessHours.js';
import { listDeliveryProblems } from '../../../store/outbox.js';
import { loginFor } from '../../../store/people.js';
import { buildStatus, STATUS_TOP, type MySuggestion } from '../../blocks/status.js';
import { loadTeamView, queueInPriorityOrder, suggestionsFor } from '../teamView.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow` and `/flow status`: everything from the store, assessed by the domain now.

export const flowStatus: FlowHandler = async ({ teamId, userId }, deps) => {
  const [view, login, problems] = await Promise.all([
    loadTeamView(teamId, deps),
    loginFor(deps.db, teamId, userId),
    listDeliveryProblems(deps.db, teamId),
  ]);
  const { assessment, snapshot } = view;
  let mine: MySuggestion = { kind: 'unlinked' };
  if (login) {
    const { first } = suggestionsFor(view, login);
    mine = first ? { kind: 'suggestion', suggestion: first } : { kind: 'nothing' };
  }
  return buildStatus({
    light: assessment.decision.light,
    since: assessment.decision.since,
    reasons: assessment.decision.reasons,
    metrics: assessment.metrics,
    dayHours: businessDayHours(snapshot.settings.workingHours),
    top: queueInPriorityOrder(view).slice(0, STATUS_TOP),
    mine,
    repoCount: snapshot.repos.length,
    problems,
    now: view.now,
    unreadableTeams: snapshot.unreadableTeams,
  });
};
