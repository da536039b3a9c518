import { SAMPLE_REPOSITORIES, sampleScenario, startSimulator } from '../sim/index.js';
import { runStatus } from './status.js';

/**
 * `npm run demo`: the GitHub simulator serves the bundled sample team on loopback and
 * `flowlight status` reads it with the real poller and policy. No credentials, no network.
 */
export async function runDemo(args: string[]): Promise<number> {
  const now = new Date();
  const sim = await startSimulator(sampleScenario(now));
  try {
    process.stdout.write(`GitHub simulator serving ${SAMPLE_REPOSITORIES.join(', ')} at ${sim.url}\n\n`);
    return await runStatus([...SAMPLE_REPOSITORIES, ...args], {
      env: { GITHUB_API_URL: sim.url },
      stdout: process.stdout,
      stderr: process.stderr,
      clock: () => now,
    });
  } finally {
    await sim.close();
  }
}
