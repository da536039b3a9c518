import { describe, expect, it } from 'vitest';
import { OBEYS } from '../../bench/teamPolicy.js';
import { runTeam } from '../../bench/teamPolicySim.js';

describe('the team-policy simulator', () => {
  it('hands the light facts as values: a team that swarms clears red (merged PRs do not keep waiting)', () => {
    // When the simulator edited its PRs' facts in place, the domain's per-object memo of each PR's queue history kept
    // merged PRs "waiting" in the persistence filter's last hour, and a red that needs the queue under the exit level
    // never cleared: 72 of 80 hours red for this team, with five PRs merged in two weeks.
    const outcome = runTeam({ people: 6, arrival: 'low', seed: 1 }, OBEYS);
    expect(outcome.hoursRed).toBeLessThan(8);
    expect(outcome.merged).toBeGreaterThan(30);
  });
});
