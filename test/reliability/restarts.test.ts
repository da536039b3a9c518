import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHub } from '../../src/github/index.js';
import { evaluateAllTeams } from '../../src/jobs/evaluate.js';
import { createDeliveryClient, startOutboxLoop } from '../../src/jobs/outbox.js';
import { OUTBOX_METADATA_EVENT } from '../../src/jobs/outboxReconcile.js';
import { pollOnce } from '../../src/jobs/poll.js';
import { silentLogger } from '../../src/logger.js';
import { findPullRequest, openPullRequest, startSimulator, type Simulator } from '../../src/sim/index.js';
import { openStore, type Db } from '../../src/store/open.js';
import { enqueueMessage } from '../../src/store/outbox.js';
import { linkPerson } from '../../src/store/people.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import type { CycleArgs, KillPoint } from './fixtures/cycleArgs.js';
import { shownText } from '../helpers/shownText.js';
import { bundleFixture, type BundledFixture } from '../helpers/bundledFixture.js';
import { API, BOT_TOKEN, GITHUB_TOKEN, POLL_MS, T0, TEAM, teamScenario, WEB } from './support/githubTeam.js';

// Restarts: the bot's cycle (poll → evaluate → deliver) runs in a child process on a real
// SQLite file and is SIGKILLed during a poll, inside a transaction, or between posting to Slack and
// recording it. After each kill the file is opened again and the real code runs again. Each time:
// the store is consistent (integrity_check, no repository half saved, no message without the state
// that caused it) and, in the end, every alert is in Slack exactly once.

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, 'fixtures/cycleThenDie.mjs');
// The child runs the fixture bundled with the compiled modules it imports, as `npm start` runs a bundle.
let bundled: BundledFixture;
beforeAll(async () => {
  bundled = await bundleFixture(FIXTURE);
});
afterAll(() => bundled.remove());
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

interface Kill {
  /** where the child dies by itself */
  point: KillPoint;
  /** or: the parent kills it once the simulator has received its first GraphQL request (held there) */
  whenGraphqlArrives?: boolean;
}

interface RestartCase {
  name: string;
  kills: Kill[];
  /** what must hold right after the (first) kill, before anything runs again */
  afterFirstKill?: (s: StoreState) => void;
}

interface StoreState {
  rows: Record<string, Array<{ number: number; facts: string }>>;
  lastSuccess: Record<string, string | null>;
  outboxKeys: string[];
  lightChanges: string[];
  light: string | null;
}

const CASES: RestartCase[] = [
  {
    name: 'during a poll: killed while GitHub holds the GraphQL request',
    kills: [{ point: null, whenGraphqlArrives: true }],
    afterFirstKill: (s) => {
      expect(s.lastSuccess).toEqual({ [API]: at(0).toISOString(), [WEB]: at(0).toISOString() });
      expect(s.lightChanges).toEqual(['green>yellow']);
    },
  },
  {
    // A repository's PRs are saved in one statement per page, then its read is recorded: killed between the two.
    name: 'inside the poll\'s save transaction: acme/api committed, acme/web\'s PRs written but its read not yet recorded',
    kills: [{ point: { at: 'insert', table: 'repo_cursors', nth: 1, mentioning: WEB } }],
    afterFirstKill: (s) => {
      expect(s.lastSuccess).toEqual({ [API]: at(1).toISOString(), [WEB]: at(0).toISOString() });
      expect(s.rows[WEB]).toHaveLength(1); // the PRs written before the kill were rolled back with their transaction
    },
  },
  {
    name: 'inside the evaluation transaction: the red alert enqueued, the light not yet saved',
    kills: [{ point: { at: 'insert', table: 'team_lights', nth: 1 } }],
    afterFirstKill: (s) => {
      expect(s.light).toBe('yellow');
      expect(s.lightChanges).toEqual(['green>yellow']);
      expect(s.outboxKeys.filter((k) => k.includes('yellow>red'))).toEqual([]);
    },
  },
  {
    name: 'between Slack posting the red alert and recording it',
    kills: [{ point: { at: 'after-post', nth: 2 } }],
    afterFirstKill: (s) => {
      expect(s.light).toBe('red');
      expect(s.outboxKeys.filter((k) => k.includes('yellow>red'))).toHaveLength(1);
    },
  },
  {
    name: 'three kills in a row: in the evaluation transaction, before a post, after a post',
    kills: [
      { point: { at: 'insert', table: 'light_changes', nth: 1 } },
      { point: { at: 'before-post', nth: 1 } },
      { point: { at: 'after-post', nth: 1 } },
    ],
  },
];

/** SIGKILLs followed by a restart on the same file, for the README table. */
export const RESTARTS_TESTED = CASES.reduce((n, c) => n + c.kills.length, 0);

describe('restarts after SIGKILL: a consistent store and every alert exactly once', () => {
  let dir: string;
  let file: string;
  let sim: Simulator;
  let slack: FakeSlack;
  let s0: StoreState;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-restarts-'));
    file = path.join(dir, 'flowlight.db');
    sim = await startSimulator(teamScenario(), { token: GITHUB_TOKEN, now: () => at(0) });
    slack = await startFakeSlack({ clock: () => at(0).getTime() });

    // Before: one full cycle at T0 (yellow, announced), and a setting-change notice not yet delivered.
    const db = await openStore(file);
    await ensureTeam(db, TEAM, at(0));
    for (const repo of [API, WEB]) await watchRepo(db, TEAM, repo, null, at(0));
    for (const [slackId, login] of [['U0ALICE', 'alice'], ['U0BOB', 'bob'], ['U0CAROL', 'carol']] as const) await linkPerson(db, TEAM, slackId, login, at(0));
    await cycle(db, at(0));
    await enqueueMessage(db, { teamId: TEAM, dedupeKey: 'setting:C0TEAM:1', kind: 'notice', payload: { action: 'post', channel: TEAM, text: '<@U0BOB> changed a setting', blocks: [] } }, at(0));
    s0 = await stateOf(db);
    await db.destroy();
    expect(s0.light).toBe('yellow');

    // Then GitHub changes: two new PRs from the team (7 waiting for 3 reviewers: red), and renames.
    sim.update((s) => {
      openPullRequest(s, WEB, { author: 'alice', title: 'Second web change', createdAt: at(0), commits: [{ at: at(0) }] });
      openPullRequest(s, WEB, { author: 'bob', title: 'Third web change', createdAt: at(0), commits: [{ at: at(0) }] });
      findPullRequest(s, WEB, 1).title = 'Renamed web change';
      findPullRequest(s, API, 2).title = 'Renamed api change';
    });
  });
  afterEach(async () => {
    await sim.close();
    await slack.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The bot's cycle in this process: poll, evaluate, and the outbox loop's start-up run. */
  async function cycle(db: Db, now: Date): Promise<void> {
    const github = createGitHub({ auth: { kind: 'token', token: GITHUB_TOKEN }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1 });
    await pollOnce({ db, github, logger: silentLogger, concurrency: 2 }, now);
    await evaluateAllTeams(db, now, { pollIntervalMs: POLL_MS, logger: silentLogger });
    const loop = startOutboxLoop(db, createDeliveryClient({ botToken: BOT_TOKEN, slackApiUrl: slack.url }), { logger: silentLogger, now: () => now, setTimer: () => null, clearTimer: () => {} });
    await loop.kick();
    await loop.stop();
  }

  async function runChild(kill: Kill, now: Date): Promise<void> {
    const args: CycleArgs = {
      file, now: now.toISOString(), githubUrl: sim.url, graphqlUrl: sim.graphqlUrl, githubToken: GITHUB_TOKEN,
      slackUrl: slack.url, botToken: BOT_TOKEN, pollIntervalMs: POLL_MS, kill: kill.point,
    };
    if (kill.whenGraphqlArrives) sim.inject({ route: 'graphql', delayMs: 60_000, times: 1 });
    const graphqlBefore = sim.stats().graphqlRequests;
    const child = spawn(process.execPath, [bundled.file, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    if (kill.whenGraphqlArrives) {
      await boundedWait(() => sim.stats().graphqlRequests > graphqlBefore, 30_000, () => output);
      child.kill('SIGKILL');
    }
    expect(await exited, output).toBe('SIGKILL');
    sim.clearFailures();
  }

  async function stateOf(db: Db): Promise<StoreState> {
    const rows: StoreState['rows'] = {};
    for (const repo of [API, WEB]) rows[repo] = await db.selectFrom('pull_requests').select(['number', 'facts']).where('repo', '=', repo).orderBy('number').execute();
    const cursors = await db.selectFrom('repo_cursors').select(['repo', 'last_success_at']).execute();
    const light = await db.selectFrom('team_lights').select('light').where('team_id', '=', TEAM).executeTakeFirst();
    return {
      rows,
      lastSuccess: Object.fromEntries(cursors.map((c) => [c.repo, c.last_success_at])),
      outboxKeys: (await db.selectFrom('outbox').select('dedupe_key').orderBy('id').execute()).map((r) => r.dedupe_key),
      lightChanges: (await db.selectFrom('light_changes').select(['from_light', 'to_light']).orderBy('id').execute()).map((c) => `${c.from_light}>${c.to_light}`),
      light: light?.light ?? null,
    };
  }

  async function expectConsistent(db: Db): Promise<void> {
    expect((await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db)).rows).toEqual([{ integrity_check: 'ok' }]);
    expect((await sql`PRAGMA foreign_key_check`.execute(db)).rows).toEqual([]);
  }

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, restartCase) => {
    const states: StoreState[] = [];
    let minute = 1;
    for (const kill of restartCase.kills) {
      await runChild(kill, at(minute));
      const db = await openStore(file); // the restart: same file, migrations run again
      await expectConsistent(db);
      const state = await stateOf(db);
      states.push(state);
      if (states.length === 1) restartCase.afterFirstKill?.(state);
      await db.destroy();
      minute += 1;
    }

    // The last restart runs the real cycle to completion, and once more to show it settles.
    const db = await openStore(file);
    await expectConsistent(db);
    await cycle(db, at(minute));
    await cycle(db, at(minute + 1));
    await expectConsistent(db);
    const final = await stateOf(db);

    // Every state seen after a kill had each repository whole: all old, or all new with its cursor.
    for (const state of states) {
      for (const repo of [API, WEB]) {
        const old = JSON.stringify(s0.rows[repo]) === JSON.stringify(state.rows[repo]);
        const fresh = JSON.stringify(final.rows[repo]) === JSON.stringify(state.rows[repo]);
        expect(old || fresh, `${repo} half saved`).toBe(true);
        // The cursor moved exactly when the rows did (both are saved in one transaction).
        expect(state.lastSuccess[repo] !== s0.lastSuccess[repo], `${repo}'s cursor matches its rows`).toBe(!old);
      }
      // A light change is never recorded without its alert, nor an alert without its light change.
      expect(state.lightChanges.length).toBe(state.outboxKeys.filter((k) => k.startsWith('alert:')).length);
    }

    expect(final.rows[WEB]!.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(final.light).toBe('red');
    expect(final.lightChanges).toEqual(['green>yellow', 'yellow>red']);
    const outbox = await db.selectFrom('outbox').select(['dedupe_key', 'status']).execute();
    expect(outbox.every((m) => m.status === 'sent')).toBe(true);
    await db.destroy();

    // Slack: each alert exactly once, the notice once, nothing else.
    const keys = slack.transcript(TEAM).map((m) => (m.metadata as { event_type?: string; event_payload?: { key?: string } } | null))
      .filter((m) => m?.event_type === OUTBOX_METADATA_EVENT).map((m) => m!.event_payload!.key!);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(3);
    const texts = slack.transcript(TEAM).map((m) => shownText(m) || m.text);
    expect(texts.filter((t) => t.includes('green → yellow'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('yellow → red'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('changed a setting'))).toHaveLength(1);
  }, 120_000); // up to three child processes: slow on a loaded 2-core machine
});

/** Waits for a condition the parent cannot be told about (a child's request reaching the simulator), within a bound. */
async function boundedWait(done: () => boolean, timeoutMs: number, context: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs} ms:\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
