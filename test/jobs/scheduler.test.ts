import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOutboxLoop } from '../../src/jobs/outbox.js';
import { MAX_TIMER_DELAY_MS, pollIntervalFromCron, pollTimeLimitMs, startScheduler, type Scheduler } from '../../src/jobs/scheduler.js';
import { silentLogger } from '../../src/logger.js';
import { enqueueMessage } from '../../src/store/outbox.js';
import { ensureTeam, saveSettingsOverrides } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { tempStore } from '../helpers/tempStore.js';
import { deliveryClient, fixedClock } from './support.js';

const NEVER = '0 0 1 1 *'; // the cron poll stays out of the way; tests call pollNow()

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the scheduler', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  let slack: FakeSlack;
  let scheduler: Scheduler | null = null;
  const clock = fixedClock('2026-03-30T06:00:00Z'); // Monday, before anyone's digest

  beforeEach(async () => {
    clock.set('2026-03-30T06:00:00Z');
    store = await tempStore();
    slack = await startFakeSlack({ clock: clock.ms });
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = null;
    await slack.close();
    await store.cleanup();
  });

  const start = (poll: (now: Date) => Promise<unknown>) =>
    (scheduler = startScheduler({ db: store.db, logger: silentLogger, pollCron: NEVER, pollIntervalMs: 60_000, poll, deliveryClient: deliveryClient(slack), clock: clock.now, outboxIntervalMs: 3_600_000 }));

  it('never runs two polls at once, and delivers what a poll enqueued right after it', async () => {
    let running = 0;
    let most = 0;
    const gate = deferred();
    const s = start(async (now) => {
      running += 1;
      most = Math.max(most, running);
      await gate.promise;
      await enqueueMessage(store.db, { teamId: 'C0TEAM', dedupeKey: `alert:${now.toISOString()}`, kind: 'alert', payload: { action: 'post', channel: 'C0TEAM', text: 'red', blocks: [] } }, now);
      running -= 1;
    });
    const first = s.pollNow();
    const second = s.pollNow(); // a tick while the first poll still runs
    gate.resolve();
    await Promise.all([first, second]);
    expect(most).toBe(1);
    expect(slack.transcript('C0TEAM').map((m) => m.text)).toEqual(['red']);
  });

  it('evaluates after each poll with the time the poll ended, and on the staleness check only when no evaluation ran for a poll interval', async () => {
    const evaluatedAt: string[] = [];
    const gate = deferred();
    const s = (scheduler = startScheduler({
      db: store.db, logger: silentLogger, pollCron: NEVER, pollIntervalMs: 60_000, deliveryClient: deliveryClient(slack), clock: clock.now, outboxIntervalMs: 3_600_000,
      poll: async () => {
        await gate.promise;
        clock.advance(5_000); // a slow poll
      },
      evaluate: async (now) => void evaluatedAt.push(now.toISOString()),
    }));
    const poll = s.pollNow();
    await s.checkStaleness(); // nothing evaluated yet: evaluates now, poll or not
    expect(evaluatedAt).toEqual(['2026-03-30T06:00:00.000Z']);
    clock.advance(30_000);
    await s.checkStaleness(); // evaluated 30 s ago: nothing to do
    expect(evaluatedAt).toHaveLength(1);
    clock.advance(30_000);
    await s.checkStaleness(); // the poll is still stuck a whole interval later: evaluates with the current time
    expect(evaluatedAt).toEqual(['2026-03-30T06:00:00.000Z', '2026-03-30T06:01:00.000Z']);
    gate.resolve();
    await poll;
    expect(evaluatedAt.at(-1)).toBe('2026-03-30T06:01:05.000Z'); // when the poll ended, not when it began
    await s.checkStaleness();
    expect(evaluatedAt).toHaveLength(3);
  });

  it('keeps one digest task per team in its own zone, and follows /flow set changes', async () => {
    await ensureTeam(store.db, 'C0BERLIN', clock.now());
    await saveSettingsOverrides(store.db, 'C0BERLIN', { workingHours: { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } });
    await ensureTeam(store.db, 'C0NYC', clock.now());
    await saveSettingsOverrides(store.db, 'C0NYC', { digestTime: '10:15', workingHours: { timeZone: 'America/New_York', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } });
    const s = start(async () => {});
    await s.syncDigests();
    expect(s.digestSchedules().sort((a, b) => a.teamId.localeCompare(b.teamId))).toEqual([
      { teamId: 'C0BERLIN', expression: '30 9 * * 1,2,3,4,5', timeZone: 'Europe/Berlin' },
      { teamId: 'C0NYC', expression: '15 10 * * 1,2,3,4,5', timeZone: 'America/New_York' },
    ]);
    await saveSettingsOverrides(store.db, 'C0NYC', { digestTime: '08:45', workingHours: { timeZone: 'America/New_York', days: [2, 4], start: '09:00', end: '17:00' } });
    await s.pollNow(); // every poll re-syncs
    expect(s.digestSchedules().find((d) => d.teamId === 'C0NYC')).toEqual({ teamId: 'C0NYC', expression: '45 8 * * 2,4', timeZone: 'America/New_York' });
  });

  it('posts today\'s digest after the first poll at start-up when its time passed during working hours, once', async () => {
    await ensureTeam(store.db, 'C0BERLIN', clock.now());
    await watchRepo(store.db, 'C0BERLIN', 'acme/api', null, clock.now());
    await saveSettingsOverrides(store.db, 'C0BERLIN', { workingHours: { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } });
    clock.set('2026-03-30T07:29:00Z'); // 09:29 in Berlin (summer time since Sunday)
    const s = start(async () => {});
    await s.syncDigests();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    clock.set('2026-03-30T07:45:00Z'); // 09:45: the 09:30 digest was missed (say, a restart)
    await s.syncDigests();
    await s.outbox.kick();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0); // not before a poll: it would only say "stale"
    await s.pollNow(); // syncs the digests once the data is fresh
    await s.syncDigests();
    await s.outbox.kick();
    expect(slack.transcript('C0BERLIN').map((m) => m.text)).toEqual([expect.stringContaining('Review queue digest')]);
  });

  it('with POLL_AT_START polls once at start, before POLL_CRON\'s first tick, then evaluates and delivers as after any poll', async () => {
    let polls = 0;
    const polled = deferred();
    const evaluated = deferred();
    scheduler = startScheduler({
      db: store.db, logger: silentLogger, pollCron: NEVER, pollAtStart: true, pollIntervalMs: 60_000, deliveryClient: deliveryClient(slack), clock: clock.now, outboxIntervalMs: 3_600_000,
      poll: async (now) => {
        polls += 1;
        await enqueueMessage(store.db, { teamId: 'C0TEAM', dedupeKey: `alert:${now.toISOString()}`, kind: 'alert', payload: { action: 'post', channel: 'C0TEAM', text: 'red', blocks: [] } }, now);
        polled.resolve();
      },
      evaluate: async () => evaluated.resolve(),
    });
    await Promise.all([polled.promise, evaluated.promise, slack.waitForCall((c) => c.method === 'chat.postMessage', 10_000)]);
    expect(polls).toBe(1);
    expect(slack.transcript('C0TEAM').map((m) => m.text)).toEqual(['red']);
  });

  it('without POLL_AT_START waits for POLL_CRON: no poll at start', async () => {
    let polls = 0;
    const s = start(async () => {
      polls += 1;
    });
    await s.syncDigests(); // start-up's own work has run
    await s.outbox.kick();
    expect(polls).toBe(0);
  });

  it('derives the poll interval from POLL_CRON for staleness', () => {
    expect(pollIntervalFromCron('* * * * *')).toBe(60_000);
    expect(pollIntervalFromCron('*/5 * * * *')).toBe(300_000);
    expect(pollIntervalFromCron('*/10 * * * * *')).toBe(60_000); // at least a minute
  });

  it('caps the poll\'s time limit at the longest delay a timer keeps: a monthly or yearly POLL_CRON does not cut every poll off at once', () => {
    expect(pollTimeLimitMs(60_000)).toBe(60_000);
    expect(pollTimeLimitMs(pollIntervalFromCron('0 3 1 * *'))).toBe(MAX_TIMER_DELAY_MS); // 31 days: longer than a timer keeps
    expect(pollTimeLimitMs(pollIntervalFromCron(NEVER))).toBe(MAX_TIMER_DELAY_MS);
    expect(MAX_TIMER_DELAY_MS).toBe(2_147_483_647);
  });

  it('stops: no more polls, the outbox loop waits for its run to finish', async () => {
    let polls = 0;
    const s = start(async () => {
      polls += 1;
    });
    await s.pollNow();
    await s.stop();
    scheduler = null;
    await s.pollNow();
    expect(polls).toBe(1);
  });
});

describe('the outbox loop', () => {
  it('runs deliveries one at a time on its timer and stops cleanly', async () => {
    const store = await tempStore();
    const slack = await startFakeSlack();
    const clock = fixedClock('2026-03-02T10:00:00Z');
    const timers: Array<() => void> = [];
    const loop = startOutboxLoop(store.db, deliveryClient(slack), {
      logger: silentLogger, now: clock.now, setTimer: (fn) => timers.push(fn), clearTimer: () => {},
    });
    await loop.kick();
    await enqueueMessage(store.db, { teamId: 'C1', dedupeKey: 'a', kind: 'notice', payload: { action: 'post', channel: 'C1', text: 'a', blocks: [] } }, clock.now());
    await Promise.all([loop.kick(), loop.kick(), loop.kick()]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(timers.length).toBe(1); // the next tick is scheduled once, after the run
    await loop.stop();
    await slack.close();
    await store.cleanup();
  });
});
