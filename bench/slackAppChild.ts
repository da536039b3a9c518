import { createLogger } from '../src/logger.js';
import { createTeamViewCache } from '../src/app/teamViewCache.js';
import { createSlackApp } from '../src/slack/app.js';
import { openStore } from '../src/store/open.js';
import { childInput, tellParent } from './child.js';
import { fullGc } from './heap.js';
import type { ChildMemory, SlackAppChildInput, ToSlackAppChild } from './slackAppChildTypes.js';

// Child process: the real Bolt app in HTTP mode over a seeded SQLite file, its Web API client
// pointed at the parent's fake Slack. Alone in its process, its RSS is the bot's.

const peaks = { heapTotal: 0, heapUsed: 0 };
const sample = () => {
  const { heapTotal, heapUsed } = process.memoryUsage();
  peaks.heapTotal = Math.max(peaks.heapTotal, heapTotal);
  peaks.heapUsed = Math.max(peaks.heapUsed, heapUsed);
};
setInterval(sample, 20).unref();

const memory = (): ChildMemory => {
  sample();
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const { rss, heapUsed } = process.memoryUsage(); // before the collection below
  fullGc();
  return {
    kind: 'memory',
    rssBytes: rss,
    peakRssBytes,
    heapUsedBytes: heapUsed,
    peakHeapTotalBytes: peaks.heapTotal,
    peakHeapUsedBytes: peaks.heapUsed,
    liveHeapBytes: process.memoryUsage().heapUsed,
  };
};

async function main(): Promise<void> {
  const input = childInput<SlackAppChildInput>();
  const db = await openStore(input.databaseFile);
  const now = new Date(input.now);
  const slack = createSlackApp({
    config: { botToken: 'xoxb-bench-token', signingSecret: input.signingSecret, apiUrl: input.slackApiUrl, mode: 'http', port: 0 },
    db,
    logger: createLogger('error', process.stderr),
    clock: () => now,
    pollIntervalMs: input.pollIntervalMs,
    teamViews: createTeamViewCache(),
  });
  const { port } = await slack.start();
  if (port === null) throw new Error('the Slack app did not start in HTTP mode');

  process.on('message', (message: ToSlackAppChild) => {
    switch (message.kind) {
      case 'memory':
        void tellParent(memory());
        break;
      case 'stop':
        void (async () => {
          const final = memory(); // taken while the app still holds its caches
          await slack.stop();
          await db.destroy();
          await tellParent(final);
          process.exit(0);
        })();
        break;
      default: {
        const _exhaustive: never = message;
        throw new Error(`unknown message ${JSON.stringify(_exhaustive)}`);
      }
    }
  });
  await tellParent({ kind: 'ready', port });
}

main().catch((error: unknown) => {
  process.stderr.write(`Slack app child failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
