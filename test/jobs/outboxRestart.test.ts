import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue, startOutboxLoop } from '../../src/jobs/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Db } from '../../src/store/open.js';
import { enqueueMessage, findMessage } from '../../src/store/outbox.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { deliveryClient, fixedClock } from './support.js';

const CHANNEL = 'C0TEAM';
const ALERT = { text: 'red', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '🔴 red' } }] };
const here = path.dirname(fileURLToPath(import.meta.url));

describe('exactly one alert across a restart in the middle of delivery', () => {
  let dir: string;
  let file: string;
  let slack: FakeSlack;
  const clock = fixedClock('2026-03-02T10:00:00Z');

  beforeEach(async () => {
    clock.set('2026-03-02T10:00:00Z');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-restart-'));
    file = path.join(dir, 'flowlight.db');
    slack = await startFakeSlack({ clock: clock.ms });
    const db = await openStore(file);
    await enqueueMessage(db, { teamId: CHANNEL, dedupeKey: 'alert:C0TEAM:2026-03-02T09:59:00.000Z', kind: 'alert', payload: { action: 'post', channel: CHANNEL, ...ALERT } }, clock.now());
    await db.destroy();
  });
  afterEach(async () => {
    await slack.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The restarted process: the real loop start-up (releases interrupted attempts), one run, stop. */
  async function restartAndDeliver(): Promise<Db> {
    const db = await openStore(file);
    clock.advance(1_000);
    const loop = startOutboxLoop(db, deliveryClient(slack), { logger: silentLogger, now: clock.now, setTimer: () => null, clearTimer: () => {} });
    await loop.kick();
    await loop.stop();
    return db;
  }

  it('when the process dies after Slack posted but before the post was recorded (in process)', async () => {
    const db = await openStore(file);
    const neverAnswers: typeof fetch = async (input, init) => {
      await fetch(input, init);
      return new Promise<Response>(() => {}); // the process is gone: nobody reads Slack's answer
    };
    void deliverDue(db, deliveryClient(slack, neverAnswers), clock.now(), { logger: silentLogger });
    await slack.waitForCall((c) => c.method === 'chat.postMessage');
    await db.destroy();

    const restarted = await restartAndDeliver();
    expect(slack.transcript(CHANNEL)).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await findMessage(restarted, 'alert:C0TEAM:2026-03-02T09:59:00.000Z')).toMatchObject({ status: 'sent', ts: slack.transcript(CHANNEL)[0]!.ts });
    await restarted.destroy();
  });

  it.each(['after-post', 'before-post'] as const)('when the process is SIGKILLed %s (child process)', async (moment) => {
    const child = spawn(process.execPath, [path.join(here, 'fixtures/deliverThenDie.mjs'), file, slack.url, clock.now().toISOString(), moment], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal, stderr).toBe('SIGKILL');
    expect(slack.transcript(CHANNEL)).toHaveLength(moment === 'after-post' ? 1 : 0);

    const restarted = await restartAndDeliver();
    expect(slack.transcript(CHANNEL)).toHaveLength(1);
    expect(await findMessage(restarted, 'alert:C0TEAM:2026-03-02T09:59:00.000Z')).toMatchObject({ status: 'sent', attempts: moment === 'after-post' ? 1 : 2 });
    await restarted.destroy();
  });
});
