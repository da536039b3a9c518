import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleScenario, SAMPLE_REPOSITORIES, startSimulator } from '../../src/sim/index.js';
import { openStore } from '../../src/store/open.js';
import { linkPerson } from '../../src/store/people.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { startFakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { parsePrometheusText, valueOf } from '../helpers/prometheusText.js';
import type { Child } from '../helpers/childProcess.js';
import { startMain } from '../helpers/startMain.js';
import { freePort } from '../helpers/freePort.js';
import { startSlackSocketMode } from '../helpers/slackSocketMode.js';

// The real process (`node dist/main.js`, as `npm start` runs it) in Socket Mode: Slack reaches it over a
// WebSocket (a loopback server playing Slack), so /healthz, /readyz and /metrics live on HEALTH_PORT.
// After a real poll of the GitHub simulator and the alert delivered to the fake Slack API, the
// endpoints answer; when the WebSocket drops and cannot reopen, /readyz turns unready, /healthz not.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Asks until the answer is the wanted one: the process changes state on its own time. Bounded. */
async function until<T>(ask: () => Promise<T>, wanted: (answer: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await ask();
    if (wanted(answer) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const untilStatus = (url: string, status: number) => until(() => fetch(url), (res) => res.status === status);

describe('Socket Mode: the health port of the real process', () => {
  it('serves /healthz, /readyz and /metrics on HEALTH_PORT, with the poll and the light after a real cycle; a dropped WebSocket makes it unready', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-ops-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const sim = await startSimulator(sampleScenario(new Date()));
    cleanups.push(() => sim.close());
    const socketMode = await startSlackSocketMode(slack);
    cleanups.push(() => socketMode.close());

    const file = path.join(dir, 'db.sqlite');
    const seed = await openStore(file);
    await ensureTeam(seed, 'C0TEAM', new Date());
    for (const repo of SAMPLE_REPOSITORIES) await watchRepo(seed, 'C0TEAM', repo, null, new Date());
    await linkPerson(seed, 'C0TEAM', 'U0ZED', 'zed', new Date()); // one reviewer for five waiting PRs: red
    await seed.destroy();

    const healthPort = await freePort();
    const child: Child = startMain({
      SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-1-A0001-test', SLACK_API_URL: slack.url, HEALTH_PORT: String(healthPort),
      GITHUB_TOKEN: 'ghp_testtoken', GITHUB_API_URL: sim.url, DATABASE_URL: file,
      POLL_AT_START: 'true', POLL_CRON: '0 0 1 1 *', // one real poll, at start; no tick polls again while the test reads the figures
    });
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await child.exit;
    });
    await child.waitFor('flowlight is running');
    expect(child.output()).toContain(`"healthPort":${healthPort}`);
    const base = `http://127.0.0.1:${healthPort}`;
    await slack.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0TEAM', 20_000);
    // The outbox may deliver the alert before the poll cycle (which also prepares /flow's views) ends.
    const scrape = async () => parsePrometheusText(await (await fetch(`${base}/metrics`)).text());
    const metrics = await until(scrape, (m) => (valueOf(m, 'flowlight_poll_duration_seconds_count', { outcome: 'succeeded' }) ?? 0) >= 1);

    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Array<{ name: string; ok: boolean }> }).checks).toEqual([
      expect.objectContaining({ name: 'store', ok: true }),
      expect.objectContaining({ name: 'slack', ok: true }),
      expect.objectContaining({ name: 'poll', ok: true, detail: expect.stringMatching(/^last successful poll/) }),
      expect.objectContaining({ name: 'delivery', ok: true }),
    ]);
    expect(valueOf(metrics, 'flowlight_poll_duration_seconds_count', { outcome: 'succeeded' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(metrics, 'flowlight_team_light', { team: 'C0TEAM', light: 'red' })).toBe(1);
    expect(valueOf(metrics, 'flowlight_slack_connected')).toBe(1);
    expect(valueOf(metrics, 'flowlight_outbox_deliveries_total', { outcome: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(metrics, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect((await fetch(`${base}/slack/events`)).status).toBe(404); // Slack does not come here in Socket Mode

    // Slack goes away: the socket drops and apps.connections.open keeps failing.
    slack.socketModeUrl = null;
    for (const { socket } of socketMode.connections()) socket.terminate();
    const unready = await untilStatus(`${base}/readyz`, 503);
    expect(unready.status).toBe(503);
    expect(JSON.stringify(await unready.json())).toContain('not connected to Slack');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    child.kill('SIGTERM');
    expect(await child.exit).toEqual({ code: 0, signal: null });
    await expect(fetch(`${base}/healthz`)).rejects.toThrow(); // the health port closed with the process
  });

  it('refuses a HEALTH_PORT in use with what to do, and no stack trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-ops-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const socketMode = await startSlackSocketMode(slack);
    cleanups.push(() => socketMode.close());
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as net.AddressInfo).port;

    const child = startMain({
      SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-1-A0001-test', SLACK_API_URL: slack.url, HEALTH_PORT: String(port),
      GITHUB_TOKEN: 'ghp_testtoken', GITHUB_API_URL: 'http://127.0.0.1:9', DATABASE_URL: path.join(dir, 'db.sqlite'),
    });
    expect((await child.exit).code).toBe(1);
    expect(child.output()).toContain(`HEALTH_PORT ${port} cannot be used (another program listens on it): set HEALTH_PORT to a free port above 1023.`);
    expect(child.output()).not.toMatch(/\n\s+at /);
  });
});
