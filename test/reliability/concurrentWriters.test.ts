import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateTeam } from '../../src/jobs/evaluate.js';
import { deliverDue } from '../../src/jobs/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { claimPullRequestIfUnchanged, listClaims } from '../../src/store/claims.js';
import { enqueueMessage, findMessage, listDueMessages, takeDueMessage } from '../../src/store/outbox.js';
import { openStore, type Db } from '../../src/store/open.js';
import { ensureTeam } from '../../src/store/teams.js';
import { fixedClock } from '../helpers/fixedClock.js';
import { tempStore, testDatabase, type TempStore } from '../helpers/tempStore.js';
import { deliveryClient } from '../jobs/support.js';
import { startTeamWorld, TEAM as WORLD_TEAM, type TeamWorld } from '../jobs/teamWorld.js';
import { press, shownText, startHarness, type Harness } from '../slack/harness.js';
import { seedTeam, waitingPr } from '../slack/seed.js';

// What the outbox and claims promise when two writers act at once, on each database the project
// tests (SQLite serialises writes; PostgreSQL runs at READ COMMITTED, and the writes are conditional
// updates that the second writer re-checks against the first one's committed row):
// two Pick ups of one PR → exactly one claim; two deliverers on one outbox → each message posted once.

const TEAM = 'C0TEAM';

/**
 * The other writer: on PostgreSQL another store on the same database (its own pool, as another
 * replica has); on SQLite the same handle, as in the one process that owns the file (kysely runs its
 * transactions one after another; a second handle in this process would block on the file lock).
 */
async function secondWriter(store: TempStore): Promise<{ db: Db; close: () => Promise<void> }> {
  if (testDatabase() === 'sqlite') return { db: store.db, close: async () => {} };
  const db = await openStore(store.databaseUrl);
  return { db, close: () => db.destroy() };
}

describe('two Pick ups of one PR at once', () => {
  let store: TempStore;
  const at = new Date('2026-12-04T10:00:00Z');
  beforeEach(async () => {
    store = await tempStore();
    await ensureTeam(store.db, TEAM, at);
  });
  afterEach(async () => store.cleanup());

  it('the second claim waits for the first transaction, then finds the PR taken', async () => {
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => { releaseFirst = resolve; });
    let firstClaimed!: () => void;
    const firstWrote = new Promise<void>((resolve) => { firstClaimed = resolve; });
    const pr = { repo: 'acme/api', number: 7 };
    const first = store.db.transaction().execute(async (trx) => {
      const won = await claimPullRequestIfUnchanged(trx, TEAM, { ...pr, login: 'alice', slackUserId: 'U0ALICE' }, null, at);
      firstClaimed();
      await firstHolds; // uncommitted while the second one tries
      return won;
    });
    await firstWrote;
    const other = await secondWriter(store);
    const second = other.db.transaction().execute((trx) => claimPullRequestIfUnchanged(trx, TEAM, { ...pr, login: 'carol', slackUserId: 'U0CAROL' }, null, at))
      .finally(() => other.close());
    releaseFirst();
    expect(await Promise.all([first, second])).toEqual([true, false]);
    expect(await listClaims(store.db, TEAM)).toMatchObject([{ ...pr, login: 'alice' }]);
  });

  it('an old claim two people both saw goes to one of them only', async () => {
    const pr = { repo: 'acme/api', number: 7 };
    await claimPullRequestIfUnchanged(store.db, TEAM, { ...pr, login: 'dave', slackUserId: 'U0DAVE' }, null, new Date('2026-12-01T10:00:00Z'));
    const seen = { login: 'dave', claimedAt: new Date('2026-12-01T10:00:00Z') };
    const other = await secondWriter(store);
    try {
      const results = await Promise.all([
        store.db.transaction().execute((trx) => claimPullRequestIfUnchanged(trx, TEAM, { ...pr, login: 'alice', slackUserId: 'U0ALICE' }, seen, at)),
        other.db.transaction().execute((trx) => claimPullRequestIfUnchanged(trx, TEAM, { ...pr, login: 'carol', slackUserId: 'U0CAROL' }, seen, at)),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results[0] ? 'alice' : 'carol';
      expect(await listClaims(store.db, TEAM)).toMatchObject([{ ...pr, login: winner }]);
    } finally {
      await other.close();
    }
  });
});

describe('two people pressing Pick up on one PR at once, through Slack', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('one is told they picked it up, the other who was first; one claim is stored', async () => {
    await seedTeam(h, [waitingPr(1, { createdAt: new Date('2026-11-20T09:00:00Z') }), waitingPr(2)]);
    const [alice, carol] = await Promise.all([
      press(h, 'flow_pick_up', 'acme/api#1', { user: 'U0ALICE' }),
      press(h, 'flow_pick_up', 'acme/api#1', { user: 'U0CAROL' }),
    ]);
    const replies = [shownText(alice), shownText(carol)];
    expect(replies.filter((text) => text.includes('You picked up'))).toHaveLength(1);
    const claims = await listClaims(h.db, TEAM);
    expect(claims).toHaveLength(1);
    const loser = replies.find((text) => !text.includes('You picked up'))!;
    expect(loser).toContain('picked up `acme/api#1` first');
    expect(replies[claims[0]!.login === 'alice' ? 0 : 1]).toContain('You picked up');
  });
});

describe('two evaluations of one team at once (the poll and the webhook worker)', () => {
  let world: TeamWorld;
  beforeEach(async () => {
    world = await startTeamWorld();
  });
  afterEach(async () => world.close());

  it('the second waits for the first one\'s light: one change, one alert, even a millisecond apart', async () => {
    for (const [i, author] of ['alice', 'bob', 'carol', 'alice'].entries()) await world.open(i + 1, author);
    world.clock.advance(60_000);
    const at = world.clock.now();
    const deps = { pollIntervalMs: 60_000, logger: silentLogger };
    // connections open already (PostgreSQL's pool): neither evaluation waits for one, so they overlap
    await Promise.all([1, 2, 3].map(() => sql`select 1`.execute(world.db)));
    const evaluations = await Promise.all([
      evaluateTeam(world.db, WORLD_TEAM, at, deps),
      evaluateTeam(world.db, WORLD_TEAM, new Date(at.getTime() + 1), deps),
    ]);
    expect(evaluations.map((e) => e?.alerts ?? 0).reduce((a, b) => a + b, 0)).toBe(1);
    expect(await world.db.selectFrom('light_changes').selectAll().execute()).toHaveLength(1);
    world.clock.advance(1); // the later evaluation may be the one that got there first
    await world.deliver();
    expect(world.channel()).toHaveLength(1);
  });
});

describe('two deliverers on one outbox', () => {
  let store: TempStore;
  let other: { db: Db; close: () => Promise<void> };
  let slack: FakeSlack;
  const clock = fixedClock('2026-12-04T10:00:00Z');
  beforeEach(async () => {
    store = await tempStore();
    other = await secondWriter(store);
    slack = await startFakeSlack({ clock: clock.ms });
  });
  afterEach(async () => {
    await slack.close();
    await other.close();
    await store.cleanup();
  });

  const post = (key: string) => enqueueMessage(store.db, {
    teamId: TEAM, dedupeKey: key, kind: 'alert',
    payload: { action: 'post', channel: TEAM, text: key, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: key } }] },
  }, clock.now());

  it('a message read by both is taken by one', async () => {
    await post('alert:1');
    const [read] = await listDueMessages(store.db, clock.now(), 10);
    const [readByOther] = await listDueMessages(other.db, clock.now(), 10);
    const leaseUntil = new Date(clock.now().getTime() + 120_000);
    expect(await takeDueMessage(store.db, read!, clock.now(), leaseUntil)).toBe(true);
    expect(await takeDueMessage(other.db, readByOther!, clock.now(), leaseUntil)).toBe(false);
  });

  it('delivering at the same time, they post each message once', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `alert:${i + 1}`);
    for (const key of keys) await post(key);
    const reports = await Promise.all([
      deliverDue(store.db, deliveryClient(slack), clock.now(), { logger: silentLogger }),
      deliverDue(other.db, deliveryClient(slack), clock.now(), { logger: silentLogger, batchSize: 30 }),
    ]);
    await deliverDue(store.db, deliveryClient(slack), clock.now(), { logger: silentLogger, batchSize: 30 }); // whatever the first batch left
    expect(reports[0]!.sent + reports[1]!.sent).toBeGreaterThan(0);
    expect(slack.transcript(TEAM).map((m) => m.text).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(await findMessage(store.db, key)).toMatchObject({ status: 'sent' });
  });
});
