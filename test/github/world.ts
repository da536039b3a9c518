import { afterEach } from 'vitest';
import type { GitHubAuth } from '../../src/config.js';
import { createGitHub, type GitHub, type GitHubOptions } from '../../src/github/index.js';
import { silentLogger } from '../../src/logger.js';
import { startSimulator, type Scenario, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

// A simulator on loopback and a GitHub client pointed at it, with every retry and rate-limit
// wait shrunk to milliseconds so failure tests never wait on real time. Closed after each test.

export const NOW = new Date('2026-11-20T12:00:00Z');
export const TOKEN = 'ghp_testtoken0000000000000000000000000000';

const open: Simulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

export interface World {
  sim: Simulator;
  gh: GitHub;
}

export async function startWorld(
  scenario: Scenario,
  options: { sim?: SimulatorOptions; github?: Partial<GitHubOptions>; ghes?: boolean; auth?: GitHubAuth } = {},
): Promise<World> {
  const sim = await startSimulator(scenario, { token: TOKEN, now: () => NOW, ...options.sim });
  open.push(sim);
  const urls = options.ghes ? sim.ghes : { url: sim.url, graphqlUrl: sim.graphqlUrl };
  const gh = createGitHub({
    auth: options.auth ?? { kind: 'token', token: TOKEN },
    apiUrl: urls.url,
    graphqlUrl: urls.graphqlUrl,
    logger: silentLogger,
    retries: 2,
    retryBaseMs: 1,
    rateLimitWaitMsPerSecond: 1,
    requestTimeoutMs: 2_000,
    ...options.github,
  });
  return { sim, gh };
}
