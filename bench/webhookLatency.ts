import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createGitHub } from '../src/github/index.js';
import { evaluateAllTeams } from '../src/jobs/evaluate.js';
import { createDeliveryClient, deliverDue } from '../src/jobs/outbox.js';
import { pollOnce } from '../src/jobs/poll.js';
import { startDeliveryWorker } from '../src/jobs/webhookDeliveries.js';
import { silentLogger } from '../src/logger.js';
import { createGitHubWebhookEndpoint, WEBHOOKS_PATH } from '../src/ops/githubWebhooks.js';
import { startHealthServer } from '../src/ops/healthServer.js';
import { findPullRequest, fullNameOf, generateScenario, startSimulator, submitReview } from '../src/sim/index.js';
import { openStore } from '../src/store/open.js';
import { linkPerson } from '../src/store/people.js';
import { ensureTeam } from '../src/store/teams.js';
import { watchRepo } from '../src/store/watchedRepos.js';
import { startFakeSlack } from '../src/sim/slack/fakeSlack.js';
import { machineLine } from './machine.js';
import { summarize } from './stats.js';

// Webhook delivery → Slack: 50 signed deliveries a second (each naming a PR with a review submitted on the
// simulator, which answers every request 20 ms late) to POST /github/webhooks over loopback, the delivery worker
// and the outbox as `npm start` wires them, 10 teams of 10 repositories each. Measured per delivery: from
// sending it to the end of the worker run that processed it, whose outbox delivery to the fake Slack
// finished (the alert or the edited swarm plan posted). Run alone: `npx tsx bench/webhookLatency.ts
// [--seconds N]` (writes bench/results/webhook-latency.md). Measures, never asserts.

const SECRET = 'bench-webhook-secret-0123456789abcdef';
const RATE = 50;

async function main(): Promise<void> {
  const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-bench-webhooks-'));
  const db = await openStore(path.join(dir, 'flowlight.db'));
  const scenario = generateScenario({ repos: 100, prsPerRepo: 10, seed: 7, now: new Date() });
  const sim = await startSimulator(scenario, { latencyMs: 20 });
  const slack = await startFakeSlack();
  try {
    const github = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger });
    const repos = sim.scenario.repositories.map(fullNameOf);
    for (let t = 0; t < 10; t += 1) {
      await ensureTeam(db, `C0TEAM${t}`, new Date());
      await linkPerson(db, `C0TEAM${t}`, `U0REV${t}`, `reviewer-${t}`, new Date());
      for (const repo of repos.slice(t * 10, t * 10 + 10)) await watchRepo(db, `C0TEAM${t}`, repo, null, new Date());
    }
    const pollIntervalMs = 15 * 60_000;
    await pollOnce({ db, github, logger: silentLogger, concurrency: 8 }, new Date());
    await evaluateAllTeams(db, new Date(), { pollIntervalMs, logger: silentLogger });
    const client = createDeliveryClient({ botToken: 'xoxb-bench', slackApiUrl: slack.url });
    await deliverDue(db, client, new Date(), { logger: silentLogger });

    const sentAt = new Map<string, number>();
    const doneAt = new Map<string, number>();
    const stampProcessed = async () => {
      const end = performance.now();
      const rows = await db.selectFrom('github_deliveries').select('id').where('processed_at', 'is not', null).execute();
      for (const { id } of rows) if (!doneAt.has(id)) doneAt.set(id, end);
    };
    const worker = startDeliveryWorker({
      db, github, logger: silentLogger, concurrency: 8, pollIntervalMs, clock: () => new Date(),
      afterStep: async () => {
        await deliverDue(db, client, new Date(), { logger: silentLogger });
        await stampProcessed();
      },
    });
    const server = await startHealthServer(createGitHubWebhookEndpoint({ secret: SECRET, db, logger: silentLogger, clock: () => new Date(), onDelivery: () => void worker.kick() }), { port: 0, host: '127.0.0.1' });
    const open = sim.scenario.repositories.flatMap((r) => r.pullRequests.filter((p) => p.state === 'OPEN').map((p) => ({ repo: fullNameOf(r), number: p.number })));
    const total = seconds * RATE;
    // The reviews are on the simulator before their deliveries are sent: one update (each sim.update
    // rebuilds the simulator's indexes, too slow to run 50 times a second in the bench's own process).
    sim.update((s) => {
      for (let i = 0; i < total; i += 1) {
        const { repo, number } = open[(i * 37) % open.length]!;
        submitReview(findPullRequest(s, repo, number), { author: `someone-${i % 20}`, state: i % 3 ? 'COMMENTED' : 'APPROVED', at: new Date() });
      }
    });
    const started = performance.now();
    const posts: Array<Promise<unknown>> = [];
    let refused = 0;
    for (let i = 0; i < total; i += 1) {
      const wait = started + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const { repo, number } = open[(i * 37) % open.length]!;
      const id = `bench-${i}`;
      const body = JSON.stringify({ action: 'submitted', repository: { full_name: repo }, pull_request: { number }, review: { state: 'commented' } });
      sentAt.set(id, performance.now());
      posts.push(fetch(`http://127.0.0.1:${server.port}${WEBHOOKS_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request_review', 'x-github-delivery': id, 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` },
        body,
      }).then((res) => void (res.status === 202 || (refused += 1))));
    }
    await Promise.all(posts);
    await worker.kick();
    await worker.idle();
    await stampProcessed();
    await worker.stop();
    await server.stop();
    const latencies = [...sentAt].filter(([id]) => doneAt.has(id)).map(([id, at]) => doneAt.get(id)! - at);
    const s = summarize(latencies);
    const calls = slack.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').length;
    const stats = sim.stats();
    const ms = (v: number) => v.toFixed(0);
    const out = [
      '# Webhook delivery → Slack',
      '',
      machineLine(new Date()) + ` Load average: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.`,
      `Command: \`npx tsx bench/webhookLatency.ts --seconds ${seconds}\`.`,
      '',
      '| deliveries | rate | processed | refused | median ms | p95 ms | p99 ms (target < 5,000) | max ms | GitHub requests (points) | Slack posts and edits |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${total} | ${RATE}/s | ${latencies.length} | ${refused} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.p99)} ${s.p99 < 5000 ? '✓' : '✗'} | ${ms(s.max)} | ${stats.requests} (${stats.rateLimitPoints}) | ${calls} |`,
      '',
      'From sending a delivery to the end of the worker run that processed it: the PRs read from the simulator (20 ms a request), the teams evaluated, and the outbox delivered to the fake Slack. Deliveries arriving during a run wait for the next one, which reads them together.',
      '',
    ].join('\n');
    fs.mkdirSync(path.resolve('bench/results'), { recursive: true });
    fs.writeFileSync(path.resolve('bench/results/webhook-latency.md'), out);
    process.stdout.write(out);
  } finally {
    await slack.close();
    await sim.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
