import { findPullRequest, submitReview } from './changes.js';
import { generateScenario } from './generate.js';
import { sampleScenario } from './scenarios/sample.js';
import { startSimulator, type Simulator } from './server.js';
import type { ChildReply, ChildRequest } from './childProtocol.js';

// The simulator's side of forkSimulator: starts on the parent's request, then answers its messages.

let sim: Simulator | undefined;

const reply = (message: ChildReply) => process.send?.(message);

process.on('message', (raw) => {
  void handle(raw as ChildRequest).catch((error: unknown) => reply({ id: (raw as ChildRequest).id, ok: false, error: String((error as Error)?.message ?? error) }));
});

async function handle(request: ChildRequest): Promise<void> {
  switch (request.op) {
    case 'start': {
      const scenario = 'generate' in request.world ? generateScenario(request.world.generate) : sampleScenario(new Date(request.world.sampleAt));
      sim = await startSimulator(scenario, request.options);
      reply({ id: request.id, ok: true, value: { url: sim.url, graphqlUrl: sim.graphqlUrl, ghes: sim.ghes } });
      return;
    }
    case 'stats':
      reply({ id: request.id, ok: true, value: running().stats() });
      return;
    case 'resetStats':
      running().resetStats();
      break;
    case 'inject':
      running().inject(request.rule);
      break;
    case 'clearFailures':
      running().clearFailures();
      break;
    case 'touch':
      running().update((scenario) => {
        for (const repo of request.repos) {
          const [owner, name] = repo.split('/');
          const open = scenario.repositories.find((r) => r.owner === owner && r.name === name)?.pullRequests.find((p) => p.state === 'OPEN');
          if (open) submitReview(findPullRequest(scenario, repo, open.number), { author: 'sim-touch', state: 'COMMENTED', at: new Date(request.at) });
        }
      });
      break;
    case 'close':
      await running().close();
      reply({ id: request.id, ok: true, value: null });
      process.disconnect?.();
      return;
    default: {
      const _exhaustive: never = request;
      throw new Error(`unknown request ${JSON.stringify(_exhaustive)}`);
    }
  }
  reply({ id: request.id, ok: true, value: null });
}

function running(): Simulator {
  if (!sim) throw new Error('the simulator has not started');
  return sim;
}
