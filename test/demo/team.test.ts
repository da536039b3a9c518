import { describe, expect, it } from 'vitest';
import { nextTick } from '../../src/demo/clock.js';
import { SimulatedTeam } from '../../src/demo/team.js';
import { DEMO_TEAM, startingScenario } from '../../src/demo/teamWorld.js';
import { DEFAULT_WORKING_HOURS, type Light } from '../../src/domain/types.js';
import { seededRandom, type Scenario } from '../../src/sim/index.js';

const hours = DEFAULT_WORKING_HOURS;
const start = new Date('2026-11-30T09:00:00Z');

/** Runs the team for `ticks` ten-minute steps of working time under a fixed light, picking the oldest open PR for whoever looks. */
function simulate(light: Light, ticks: number, seed = 1): { team: SimulatedTeam; scenario: Scenario; opened: Array<{ author: string | null; at: Date }> } {
  const random = seededRandom(seed);
  const scenario = startingScenario(start, hours, random);
  const team = new SimulatedTeam(random, hours, start);
  const before = new Set(scenario.repositories.flatMap((r) => r.pullRequests.map((pr) => `${r.name}#${pr.number}`)));
  let now = start;
  for (let i = 0; i < ticks; i += 1, now = nextTick(now, 10, hours)) {
    team.act(scenario, now, light);
    for (const member of team.lookingForReview()) {
      const candidate = scenario.repositories
        .flatMap((r) => r.pullRequests.map((pr) => ({ repo: `${r.owner}/${r.name}`, pr })))
        .find(({ pr }) => pr.state === 'OPEN' && !pr.isDraft && pr.author !== member.login && pr.reviews.length === 0);
      if (candidate) team.startReview(member.login, candidate.pr, candidate.repo, now);
      else team.nothingToReview(member.login, now, light);
    }
  }
  const opened = scenario.repositories.flatMap((r) => r.pullRequests.filter((pr) => !before.has(`${r.name}#${pr.number}`)).map((pr) => ({ author: pr.author, at: pr.createdAt })));
  return { team, scenario, opened };
}

describe('the simulated team', () => {
  it('starts from two weeks of merged history and a small open queue', () => {
    const scenario = startingScenario(start, hours, seededRandom(1));
    const prs = scenario.repositories.flatMap((r) => r.pullRequests);
    expect(scenario.repositories).toHaveLength(3);
    expect(prs.filter((pr) => pr.state === 'MERGED')).toHaveLength(44);
    expect(prs.filter((pr) => pr.state === 'OPEN').length).toBeGreaterThanOrEqual(5);
    expect(prs.every((pr) => pr.createdAt.getTime() < start.getTime())).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const a = simulate('green', 48);
    const b = simulate('green', 48);
    expect(JSON.stringify(a.scenario)).toBe(JSON.stringify(b.scenario));
    expect(a.team.counts).toEqual(b.team.counts);
  });

  it('while green, reviews about once per PR it opens (a habit, not what green asks), too few to keep up with the rework', () => {
    const { team } = simulate('green', 49 * 5); // a working week
    expect(team.counts.opened).toBeGreaterThan(40);
    // One review per PR opened, while a third of first reviews ask for changes and need another.
    expect(team.counts.opened / team.counts.reviews).toBeGreaterThan(0.9);
    expect(team.counts.opened / team.counts.reviews).toBeLessThan(1.5);
    expect(team.counts.reviews).toBeLessThan(team.counts.opened + team.counts.changesRequested);
  });

  it('swarms on red: everyone reviews, and only finn still opens a PR (once)', () => {
    const { team, opened } = simulate('red', 24);
    expect(opened.map((o) => o.author)).toEqual(opened.length > 0 ? ['finn'] : []);
    expect(team.counts.reviews).toBeGreaterThan(DEMO_TEAM.length);
  });
});
