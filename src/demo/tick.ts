import { evaluateAllTeams } from '../jobs/evaluate.js';
import { postDigest } from '../jobs/digest.js';
import { digestDueAt } from '../domain/digestSchedule.js';
import { pollOnce } from '../jobs/poll.js';
import type { Light } from '../domain/types.js';
import { localDate } from '../domain/businessHours.js';
import { resolveSettings } from '../domain/settings.js';
import type { Logger } from '../logger.js';
import { findPullRequest } from '../sim/index.js';
import { getTeamLight } from '../store/lights.js';
import { getSettingsOverrides } from '../store/teams.js';
import { pickUpSuggestedReview } from './reviewPicker.js';
import { plannedReviewFor } from './swarmPlanReader.js';
import type { DemoStack } from './stack.js';
import type { SimulatedTeam } from './team.js';

// One beat of the simulated clock, in the order a deployed flowlight and its team would see it:
// 1. the team works (GitHub changes on the simulator), seeing the light flowlight shows them;
// 2. the real poller reads GitHub into the store;
// 3. whoever wants a review asks flowlight (`/flow next`, Skip to their swarm-plan line, Pick up)
//    through the real app, which answers from what was just read (so nobody is offered the PR
//    they reviewed a minute ago);
// 4. the real evaluation decides the light, the plan and the DMs, claims included;
// 5. the digest, when its time has come;
// 6. the real outbox delivers to the Slack stand-in, which prints the transcript.

export interface TickState {
  teamId: string;
  /** the local day of the last scheduled digest */
  lastDigestDay: string | null;
  /** lights in which one person's `/flow next` and Pick up were already shown in the transcript */
  shownPickUps: Set<Light>;
}

export async function runTick(stack: DemoStack, team: SimulatedTeam, state: TickState, now: Date, logger: Logger): Promise<void> {
  const light = (await getTeamLight(stack.db, state.teamId))?.light ?? 'green';

  // 1.
  stack.sim.update((scenario) => team.act(scenario, now, light));

  // 2.
  await pollOnce({ db: stack.db, github: stack.github, logger, concurrency: 3 }, now);

  // 3.
  for (const member of team.lookingForReview()) {
    const show = (light === 'yellow' || light === 'red') && !state.shownPickUps.has(light);
    if (show) state.shownPickUps.add(light);
    const planned = light === 'red' ? plannedReviewFor(stack.standIn.channelMessages(state.teamId), member.slackUserId) : null;
    const pick = await pickUpSuggestedReview(stack.requests, member.slackUserId, { show, planned });
    if (pick.kind === 'picked') {
      const pr = findPullRequest(stack.sim.scenario, pick.repo, pick.number);
      team.startReview(member.login, pr, pick.repo, now);
    } else {
      team.nothingToReview(member.login, now, light);
    }
  }

  // 4.
  await evaluateAllTeams(stack.db, now, { pollIntervalMs: stack.pollIntervalMs, logger });

  // 5. (with the team's current settings: someone may have typed `/flow set digest 10:00`)
  const settings = resolveSettings(await getSettingsOverrides(stack.db, state.teamId));
  const due = digestDueAt(now, { digestTime: settings.digestTime, workingHours: settings.workingHours });
  const today = localDate(now, settings.workingHours.timeZone);
  if (due && state.lastDigestDay !== today) {
    await postDigest(stack.db, state.teamId, now, { pollIntervalMs: stack.pollIntervalMs });
    state.lastDigestDay = today;
  }

  // 6.
  await stack.deliver();
}
