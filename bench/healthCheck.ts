import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Registry } from 'prom-client';
import { createOpsEndpoints } from '../src/ops/endpoints.js';
import { createHealthMonitor } from '../src/ops/health.js';
import { startHealthServer } from '../src/ops/healthServer.js';
import { createMetrics } from '../src/ops/metrics.js';
import { writeHeartbeat } from '../src/store/health.js';
import { openStore } from '../src/store/open.js';
import { machineLine } from './machine.js';
import { summarize } from './stats.js';

// What a probe costs: the heartbeat write alone (a committed one-row update on a real SQLite file in
// WAL mode, as flowlight opens it), and whole /healthz, /readyz and /metrics requests over loopback.
// Run alone: `npx tsx bench/healthCheck.ts` (writes bench/results/health-check.md). Measures, never asserts.

const RUNS = 2_000;
const REQUESTS = 300;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-bench-health-'));
  const file = path.join(dir, 'flowlight.db');
  const db = await openStore(file);
  try {
    const heartbeat: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const start = performance.now();
      await writeHeartbeat(db, new Date());
      heartbeat.push(performance.now() - start);
    }
    const health = createHealthMonitor({ db, databaseFile: file, clock: () => new Date(), pollIntervalMs: 60_000, slackConnected: () => true });
    const metrics = createMetrics(new Registry(), { db, clock: () => new Date(), pollIntervalMs: 60_000, slackConnected: () => true, lastSuccessfulPollAt: health.lastSuccessfulPollAt });
    const server = await startHealthServer(createOpsEndpoints({ health, registry: metrics.registry }), { port: 0, host: '127.0.0.1' });
    const rows: Array<[string, number[]]> = [['heartbeat write (store)', heartbeat]];
    for (const endpoint of ['/healthz', '/readyz', '/metrics']) {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i += 1) {
        const start = performance.now();
        const res = await fetch(`http://127.0.0.1:${server.port}${endpoint}`);
        await res.arrayBuffer();
        times.push(performance.now() - start);
      }
      rows.push([`GET ${endpoint} over loopback`, times]);
    }
    await server.stop();
    const ms = (v: number) => v.toFixed(3);
    const table = [
      '| what | runs | median ms | p95 ms | p99 ms | max ms |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows.map(([what, values]) => {
        const s = summarize(values);
        return `| ${what} | ${s.n} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`;
      }),
    ].join('\n');
    const out = `# Health checks: what a probe costs\n\n${machineLine(new Date())}\n\n${table}\n\nThe store check commits a one-row update (a real write through the WAL). Its tail (p99, max) includes SQLite's WAL checkpoints and the other processes of a shared machine; the request rows add HTTP over loopback and, for /metrics, the process metrics.\n`;
    fs.mkdirSync(path.resolve('bench/results'), { recursive: true });
    fs.writeFileSync(path.resolve('bench/results/health-check.md'), out);
    process.stdout.write(out);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
