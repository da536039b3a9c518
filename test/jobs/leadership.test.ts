import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue, startOutboxLoop } from '../../src/jobs/outbox.js';
import { FencedError, fenceDb } from '../../src/jobs/fencedDb.js';
import { startLeadership, type Leadership, type LeaderJobs } from '../../src/jobs/leadership.js';
import { acquireTerm, currentLeader, holdsTerm, releaseTerm, renewTerm } from '../../src/store/leaderTerm.js';
import { enqueueMessage, findMessage } from '../../src/store/outbox.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import type { Db } from '../../src/store/open.js';
import { tempStore } from '../helpers/tempStore.js';
import { captureLogger, deliveryClient, fixedClock } from './support.js';

// Leadership among replicas, decided in the database: the term is raised on every acquisition, and
// every write of a leader's jobs is checked against it in the same transaction. Two leader objects
// share one database and one injected clock; "pausing" a leader is simply not running it while the
// clock moves on.

const CHANNEL = 'C0TEAM';
const EXPIRE = 20_000;
const RENEW = 5_000;
/** Waits for a condition the code reaches on its own promises (never on real time: a few event-loop turns). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let turn = 0; turn < 50; turn += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the condition was not reached');
}
const message = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

let store: Awaited<ReturnType<typeof tempStore>>;
let db: Db;
let slack: FakeSlack;
const clock = fixedClock('2026-03-02T10:00:00Z');
const started: Leadership[] = [];

beforeEach(async () => {
  clock.set('2026-03-02T10:00:00Z');
  store = await tempStore();
  db = store.db;
  slack = await startFakeSlack({ clock: clock.ms });
});
afterEach(async () => {
  for (const leadership of started.splice(0)) await leadership.stop();
  await slack.close();
  await store.cleanup();
});

const post = (key: string) =>
  enqueueMessage(db, { teamId: CHANNEL, dedupeKey: key, kind: 'alert', payload: { action: 'post', channel: CHANNEL, ...message(`alert ${key}`) } }, clock.now());

describe('the leader term in the database', () => {
  it('gives the role to one holder at a time, and a new, higher term to whoever takes it after it expired', async () => {
    const a = await acquireTerm(db, 'A', clock.now(), EXPIRE);
    expect(a).toEqual({ holder: 'A', term: 1, expireAfterMs: EXPIRE });
    expect(await acquireTerm(db, 'B', clock.now(), EXPIRE)).toBeNull();
    clock.advance(EXPIRE - 1);
    expect(await acquireTerm(db, 'B', clock.now(), EXPIRE)).toBeNull(); // not expired yet
    clock.advance(2);
    const b = await acquireTerm(db, 'B', clock.now(), EXPIRE);
    expect(b).toEqual({ holder: 'B', term: 2, expireAfterMs: EXPIRE });
    expect(await renewTerm(db, a!, clock.now())).toBe(false);
    expect(await holdsTerm(db, a!, clock.now())).toBe(false);
    expect(await holdsTerm(db, b!, clock.now())).toBe(true);
    expect(await currentLeader(db)).toMatchObject({ holder: 'B', term: 2 });
  });

  it('refuses a write of a term that expired even when nobody took over yet', async () => {
    const a = (await acquireTerm(db, 'A', clock.now(), EXPIRE))!;
    clock.advance(EXPIRE + 1);
    expect(await holdsTerm(db, a, clock.now())).toBe(false);
  });

  it('lets another holder in at once after a release, with a higher term (the row is kept, so terms never repeat)', async () => {
    const a = (await acquireTerm(db, 'A', clock.now(), EXPIRE))!;
    await releaseTerm(db, a);
    expect(await acquireTerm(db, 'B', clock.now(), EXPIRE)).toMatchObject({ term: 2 });
  });
});

describe('a fenced database', () => {
  it('writes while the term holds, and refuses (rolled back, told once) every write after it ended', async () => {
    const a = (await acquireTerm(db, 'A', clock.now(), EXPIRE))!;
    const fenced: FencedError[] = [];
    const fdb = fenceDb(db, { term: a, clock: clock.now, onFenced: (error) => fenced.push(error) });
    await post('alert:1');
    await fdb.updateTable('outbox').set({ last_error: 'written by A' }).where('dedupe_key', '=', 'alert:1').execute();
    expect((await findMessage(db, 'alert:1'))?.lastError).toBe('written by A');

    clock.advance(EXPIRE + 1);
    await acquireTerm(db, 'B', clock.now(), EXPIRE);
    await expect(fdb.updateTable('outbox').set({ last_error: 'late A' }).where('dedupe_key', '=', 'alert:1').execute()).rejects.toBeInstanceOf(FencedError);
    await expect(fdb.transaction().execute(async (trx) => {
      await trx.updateTable('outbox').set({ last_error: 'late A in a transaction' }).execute();
    })).rejects.toBeInstanceOf(FencedError);
    await expect(fdb.insertInto('teams').values({ id: 'C0OTHER', settings: '{}', created_at: clock.now().toISOString() }).execute()).rejects.toBeInstanceOf(FencedError);
    expect((await findMessage(db, 'alert:1'))?.lastError).toBe('written by A');
    expect(fenced).toHaveLength(1);
    expect(fenced[0]!.message).toContain('term 1');
    // Reads still pass: a fenced replica keeps answering Slack.
    expect(await fdb.selectFrom('outbox').select('dedupe_key').execute()).toHaveLength(1);
    expect((await fdb.introspection.getTables()).map((t) => t.name)).toContain('leader_term');
    // The ways around the check are closed.
    expect(() => fdb.startTransaction()).toThrow('fenceDb: startTransaction() is not fenced');
    expect(() => fdb.connection()).toThrow('fenceDb: connection() is not fenced');
  });
});

describe('two leaders, one database: the paused leader', () => {
  /** A replica's leadership whose jobs are an outbox loop, recorded so the test can drive it. */
  function replica(holder: string) {
    const { logger, lines } = captureLogger('debug');
    const jobs: Array<{ db: Db; term: number; stopped: boolean }> = [];
    const leadership = startLeadership({
      db, clock: clock.now, logger, holder, timer: false, renewEveryMs: RENEW, expireAfterMs: EXPIRE,
      startLeaderJobs: (fencedDb, term): LeaderJobs => {
        const entry = { db: fencedDb, term: term.term, stopped: false };
        jobs.push(entry);
        return { stop: async () => void (entry.stopped = true) };
      },
    });
    started.push(leadership);
    return { leadership, jobs, lines, current: () => jobs.at(-1)! };
  }

  it('takes over once the leader stops renewing; the woken leader\'s delivery is refused and nothing is posted twice', async () => {
    const a = replica('A');
    const b = replica('B');
    await a.leadership.tick();
    await b.leadership.tick();
    expect([a.leadership.role(), b.leadership.role()]).toEqual(['leader', 'follower']);
    await post('alert:1');

    // A pauses (nothing of it runs) past its lease; B keeps asking and takes over with term 2.
    for (let waited = 0; waited <= EXPIRE; waited += RENEW) {
      clock.advance(RENEW);
      await b.leadership.tick();
    }
    expect(b.leadership.role()).toBe('leader');
    expect(b.leadership.term()?.term).toBe(2);

    // A wakes in the middle of a delivery run: its claim of the message is refused before Slack is called.
    await expect(deliverDue(a.current().db, deliveryClient(slack), clock.now(), { logger: captureLogger().logger })).rejects.toBeInstanceOf(FencedError);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(a.leadership.role()).toBe('follower'); // stepped down at its first refused write
    expect(a.current().stopped).toBe(true);
    expect(a.lines.some((line) => String(line.msg).includes('no longer the leader: a write was refused'))).toBe(true);

    // B delivers it, once.
    expect(await deliverDue(b.current().db, deliveryClient(slack), clock.now(), { logger: captureLogger().logger })).toMatchObject({ sent: 1 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect((await findMessage(db, 'alert:1'))?.status).toBe('sent');

    // A's own next round finds B leading and stays a follower.
    await a.leadership.tick();
    expect(a.leadership.role()).toBe('follower');
  });

  it('a leader paused in the middle of a Slack call: the successor waits out the attempt\'s lease and finds the message instead of posting it again', async () => {
    const a = replica('A');
    const b = replica('B');
    await a.leadership.tick();
    await post('alert:1');
    const held = slack.holdNext('chat.postMessage');
    const LEASE = 40_000;
    // A claims the attempt (status sending, lease 40 s) and its call to Slack stalls: A "pauses" there.
    const aRun = deliverDue(a.current().db, deliveryClient(slack), clock.now(), { logger: captureLogger().logger, leaseMs: LEASE });
    await held.arrived;
    expect((await findMessage(db, 'alert:1'))?.status).toBe('sending');

    clock.advance(EXPIRE + RENEW);
    await b.leadership.tick();
    expect(b.leadership.term()?.term).toBe(2);
    // B's outbox, started as a successor, leaves A's attempt alone while it may still be in flight.
    const bOutbox = startOutboxLoop(b.current().db, deliveryClient(slack), {
      logger: captureLogger().logger, now: clock.now, leaseMs: LEASE, releaseInterruptedAtStart: false, setTimer: () => null, clearTimer: () => {},
    });
    await bOutbox.kick();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);

    // A wakes: its call reaches Slack (the post lands), but recording it is refused.
    held.release();
    await expect(aRun).rejects.toBeInstanceOf(FencedError);
    expect(slack.transcript(CHANNEL)).toHaveLength(1);
    expect((await findMessage(db, 'alert:1'))?.status).toBe('sending');
    expect(a.leadership.role()).toBe('follower');

    // Once the attempt's lease is over, B looks in the channel, finds it, and records it: still one post.
    clock.advance(LEASE);
    await b.leadership.tick();
    await bOutbox.kick();
    await bOutbox.stop();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.transcript(CHANNEL)).toHaveLength(1);
    expect(await findMessage(db, 'alert:1')).toMatchObject({ status: 'sent', ts: slack.transcript(CHANNEL)[0]!.ts });
  });

  it('gives the role up at once when its jobs cannot start, saying why', async () => {
    const { logger, lines } = captureLogger();
    const failing = startLeadership({
      db, clock: clock.now, logger, holder: 'A', timer: false, renewEveryMs: RENEW, expireAfterMs: EXPIRE,
      startLeaderJobs: () => Promise.reject(new Error('the Slack client could not be built')),
    });
    started.push(failing);
    await failing.tick();
    await until(() => failing.role() === 'follower');
    expect(lines.some((line) => line.msg === 'starting the leader\'s jobs failed; giving the role up')).toBe(true);
    const b = replica('B');
    await until(async () => {
      await b.leadership.tick();
      return b.leadership.role() === 'leader';
    });
    expect(b.leadership.term()?.term).toBe(2);
  });

  it('a leader whose renewal finds another holder steps down and stops its jobs; a clean stop hands the role over at once', async () => {
    const a = replica('A');
    const b = replica('B');
    await a.leadership.tick();
    clock.advance(EXPIRE + 1);
    await b.leadership.tick();
    expect(b.leadership.role()).toBe('leader');
    await a.leadership.tick(); // A's renewal
    expect(a.leadership.role()).toBe('follower');
    expect(a.jobs[0]!.stopped).toBe(true);
    expect(a.lines.some((line) => String(line.msg).includes('another replica took over'))).toBe(true);

    await b.leadership.stop();
    expect(b.jobs[0]!.stopped).toBe(true);
    await a.leadership.tick(); // no wait for the lease: B released it
    expect(a.leadership.role()).toBe('leader');
    expect(a.leadership.term()?.term).toBe(3);
  });
});
