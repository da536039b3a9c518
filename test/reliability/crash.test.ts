import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { thisProcess } from '../../src/jobs/processLiveness.js';
import { sampleScenario, startSimulator, type Simulator } from '../../src/sim/index.js';
import { signSlackRequest } from '../../src/slack/receiver/verifySignature.js';
import { openStore } from '../../src/store/open.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import type { Child } from '../helpers/childProcess.js';
import { startMain as startFlowlight } from '../helpers/startMain.js';
import { freePort } from '../helpers/freePort.js';

// The process-level promises of "crash and restart", on the real `npm start` (dist/main.js, as
// `npm start` runs it) with the fake Slack API and the GitHub simulator on loopback and a real SQLite file:
// no request ends the process, a restart after a SIGKILL starts at once, a live second instance is
// refused, a kill inside the migrations cannot brick the file, a deleted database file stops the bot.

const here = path.dirname(fileURLToPath(import.meta.url));
/** preloaded into a child only by these tests: blocks inside the migration statement PAUSE_AT_SQL names */
const PAUSE_IN_MIGRATION = path.join(here, 'support/pauseInMigration.cjs');
const SIGNING_SECRET = 'crash-test-signing-secret';
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
/** each case starts up to three flowlight processes: bounds for a loaded 2-core machine, not timings */
const CHILD_TEST_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 60_000;

let dir: string;
let file: string;
let slack: FakeSlack;
let sim: Simulator;
const children: Child[] = [];

async function openEnvironment(): Promise<void> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-crash-'));
  file = path.join(dir, 'flowlight.db');
  slack = await startFakeSlack();
  sim = await startSimulator(sampleScenario(new Date()));
}

async function closeEnvironment(): Promise<void> {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    await child.exit;
  }
  await sim.close();
  await slack.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A new folder, database file, fake Slack and GitHub simulator for each case of the describe that calls it. */
function freshEnvironmentPerCase(): void {
  beforeEach(openEnvironment);
  afterEach(closeEnvironment);
}

type Mode = { http: number } | { socket: true };

/** `npm start` on `file`, in HTTP mode on a port or in Socket Mode; `preload` pauses it inside a migration. */
function startMain(mode: Mode, options: { pauseAtSql?: string } = {}): Child {
  const child = startFlowlight({
    SLACK_BOT_TOKEN: 'xoxb-crash-test-token', SLACK_API_URL: slack.url,
    ...('http' in mode ? { SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: String(mode.http) } : { SLACK_APP_TOKEN: 'xapp-1-crash-test' }),
    GITHUB_TOKEN: 'ghp_crashTestToken000000000000000000000000', GITHUB_API_URL: sim.url,
    DATABASE_URL: file, POLL_CRON: '0 0 1 1 *', // no poll during the test: these cases are about the process
    ...(options.pauseAtSql ? { PAUSE_AT_SQL: options.pauseAtSql } : {}),
  }, options.pauseAtSql ? { preload: PAUSE_IN_MIGRATION } : {});
  children.push(child);
  return child;
}

async function postSigned(port: number, body: string, contentType: string): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signSlackRequest(SIGNING_SECRET, timestamp, body) },
    body,
  });
}

let commands = 0;
function slashCommand(text: string): { body: string; responseId: string } {
  commands += 1;
  const responseId = `crash-${commands}`;
  const body = new URLSearchParams({
    token: 'deprecated', team_id: 'T0001', team_domain: 'acme', channel_id: 'C0TEAM', channel_name: 'team', user_id: 'U0ALICE', user_name: 'alice',
    command: '/flow', text, api_app_id: 'A0001', response_url: slack.responseUrl(responseId), trigger_id: `trigger-${commands}`,
  }).toString();
  return { body, responseId };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Signed bodies Slack would never send; each must get 400. The first two ended the process before. */
const MALFORMED: Array<{ name: string; body: string; contentType: string }> = [
  { name: 'JSON null', body: 'null', contentType: JSON_TYPE },
  { name: 'form payload=null', body: form({ payload: 'null' }), contentType: FORM },
  { name: 'JSON array', body: '[]', contentType: JSON_TYPE },
  { name: 'JSON array of an event', body: '[{"type":"event_callback"}]', contentType: JSON_TYPE },
  { name: 'JSON number', body: '42', contentType: JSON_TYPE },
  { name: 'JSON string', body: '"url_verification"', contentType: JSON_TYPE },
  { name: 'JSON true', body: 'true', contentType: JSON_TYPE },
  { name: 'JSON object without a type', body: '{"event":{"type":"app_mention"}}', contentType: JSON_TYPE },
  { name: 'JSON object whose type is not text', body: '{"type":{"ssl_check":"1"}}', contentType: JSON_TYPE },
  { name: 'invalid JSON', body: '{"type": "event_callback",', contentType: JSON_TYPE },
  { name: 'empty body', body: '', contentType: JSON_TYPE },
  { name: 'a form of empty fields', body: '&=&', contentType: FORM },
  { name: 'form payload=[]', body: form({ payload: '[]' }), contentType: FORM },
  { name: 'form payload={} (no type)', body: form({ payload: '{}' }), contentType: FORM },
  { name: 'form payload=7', body: form({ payload: '7' }), contentType: FORM },
  { name: 'form payload that is not JSON', body: form({ payload: '{type:block_actions' }), contentType: FORM },
  { name: 'form without a command', body: form({ text: 'status', user_id: 'U0ALICE', channel_id: 'C0TEAM' }), contentType: FORM },
  { name: 'a slash command sent as text/plain', body: form({ command: '/flow', text: 'status' }), contentType: 'text/plain' },
  { name: 'a form with a charset (Bolt reads it as JSON)', body: form({ command: '/flow', text: 'queue' }), contentType: `${FORM}; charset=utf-8` },
  { name: 'no content type', body: form({ command: '/flow' }), contentType: '' },
  { name: 'a slash command whose command is empty', body: form({ command: '', text: 'x' }), contentType: FORM },
  { name: 'an event envelope whose event is null', body: '{"type":"event_callback","team_id":"T0001","event":null}', contentType: JSON_TYPE },
  { name: 'block actions whose actions are null', body: form({ payload: '{"type":"block_actions","actions":null}' }), contentType: FORM },
  { name: 'block actions whose actions are numbers', body: form({ payload: '{"type":"block_actions","actions":[1,2]}' }), contentType: FORM },
];

/** Signed bodies of a shape Slack sends, broken deeper inside: Bolt catches the fault and answers 500. */
const BROKEN_INSIDE: Array<{ name: string; body: string; contentType: string }> = [
  { name: 'block actions without team or user', body: form({ payload: '{"type":"block_actions","actions":[{"action_id":"flow_pick_up"}],"team":null,"user":null}' }), contentType: FORM },
  { name: 'an event whose item is null', body: '{"type":"event_callback","team_id":"T0001","event":{"type":"reaction_added","item":null}}', contentType: JSON_TYPE },
];

/**
 * The cases that need a running process but not a fresh one share one: each start costs about a second
 * of CPU. The kill -9 case leaves its restarted process running; the malformed requests go to it, and
 * deleting its database file ends it. A case run alone (or after one that failed) starts its own.
 */
describe('one running process: restarted after kill -9, then sent malformed requests, then its file deleted', () => {
  let running: { child: Child; port: number } | null = null;
  beforeAll(async () => {
    await openEnvironment();
    await seedDatabase();
  });
  afterAll(closeEnvironment);

  function keepRunning(child: Child, port: number): void {
    running = { child, port };
    void child.exit.then(() => {
      if (running?.child === child) running = null;
    });
  }

  async function runningProcess(): Promise<{ child: Child; port: number }> {
    if (running) return running;
    const port = await freePort();
    const child = startMain({ http: port });
    await child.waitFor('flowlight is running', START_TIMEOUT_MS);
    keepRunning(child, port);
    return { child, port };
  }

  it('restarting after a crash: after kill -9 a restart takes over at once, and a second instance beside a live one is still refused', async () => {
    const port = await freePort();
    const first = startMain({ http: port });
    await first.waitFor('flowlight is running', START_TIMEOUT_MS);
    first.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');

    const restarted = startMain({ http: port });
    await restarted.waitFor('flowlight is running', START_TIMEOUT_MS);
    expect(restarted.output()).toContain('stopped without releasing it (a crash or kill); taking over');

    const second = startMain({ http: await freePort() });
    expect((await second.exit).code).toBe(1);
    expect(second.output()).toMatch(/^Another flowlight is running on the database .* pid \d+ .*Stop it first, or set DATABASE_URL to another file\.\n$/);
    expect(second.output()).not.toMatch(/^\s+at /m);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200); // the live one is untouched
    keepRunning(restarted, port);
  }, CHILD_TEST_TIMEOUT_MS);

  it(`no request ends the process, HTTP mode: ${MALFORMED.length} malformed signed bodies get 400, ${BROKEN_INSIDE.length} broken ones an answer, and /flow still works after them`, async () => {
    const { child, port } = await runningProcess();
    for (const request of MALFORMED) {
      const response = await postSigned(port, request.body, request.contentType);
      expect(response.status, request.name).toBe(400);
      expect(await response.text(), request.name).toMatch(/^Malformed request: the body (is|has) /);
    }
    for (const request of BROKEN_INSIDE) {
      const response = await postSigned(port, request.body, request.contentType);
      expect(response.status, request.name).toBe(500);
      await response.arrayBuffer();
    }
    const command = slashCommand('help');
    const ok = await postSigned(port, command.body, FORM);
    expect(ok.status).toBe(200);
    const reply = await slack.waitForResponse((r) => r.id === command.responseId, START_TIMEOUT_MS);
    expect(JSON.stringify(reply.body)).toContain('/flow');
    await child.waitFor('Refused a request to /slack/events: the body is null, not an object', START_TIMEOUT_MS);
    expect(child.output()).not.toContain('unhandled rejection');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  }, CHILD_TEST_TIMEOUT_MS);

  it('the database file deleted while flowlight runs: stops with exit 1, says what happened and what to do, and keeps a copy with the repositories', async () => {
    const { child } = await runningProcess(); // on the file seeded with a watched repository
    fs.rmSync(file);

    expect((await child.exit).code).toBe(1);
    const output = child.output();
    expect(output).toContain(`The database file ${file} was deleted or replaced while flowlight was running. Its last state is saved at ${file}.rescued-`);
    expect(output).toContain(`move it back to ${file} to keep the watched repositories, linked people and settings, then start flowlight again`);
    const copy = fs.readdirSync(dir).find((name) => name.startsWith('flowlight.db.rescued-'));
    expect(copy).toBeDefined();
    const rescued = await openStore(path.join(dir, copy!));
    expect(await rescued.selectFrom('watched_repos').select(['team_id', 'repo']).execute()).toEqual([{ team_id: 'C0TEAM', repo: 'flowlight-demo/api' }]);
    await rescued.destroy();
  }, CHILD_TEST_TIMEOUT_MS);
});

describe('no request ends the process', () => {
  freshEnvironmentPerCase();

  it('Socket Mode: malformed envelopes are logged and ignored, and the next /flow is acknowledged and answered', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const connected = new Promise<WebSocket>((resolve) => server.on('connection', (socket) => {
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'local' }, connection_info: { app_id: 'A0001' } }));
      resolve(socket);
    }));
    slack.socketModeUrl = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}/link`;
    try {
      const child = startMain({ socket: true });
      await child.waitFor('flowlight is running', START_TIMEOUT_MS);
      const socket = await connected;
      const acked = new Promise<void>((resolve) => socket.on('message', (data) => {
        if ((JSON.parse(String(data)) as { envelope_id?: string }).envelope_id === 'env-ok') resolve();
      }));
      const malformed = [
        'null', '42', '[]', '"hello"', 'not json', '{}', '{"type":null}', '{"type":"error"}', '{"type":"ws_message"}', '{"type":"slack_event"}',
        '{"type":"events_api"}', '{"type":"events_api","envelope_id":"e1","payload":null}', '{"type":"events_api","envelope_id":"e2","payload":{"event":null}}',
        '{"type":"slash_commands","envelope_id":"e3","payload":null}', '{"type":"interactive","envelope_id":"e4","payload":[]}', '{"type":"slash_commands","payload":{}}',
      ];
      for (const message of malformed) socket.send(message);
      socket.send(Buffer.from([0xff, 0x00, 0x13]), { binary: true });
      const command = slashCommand('help');
      socket.send(JSON.stringify({
        envelope_id: 'env-ok', type: 'slash_commands', accepts_response_payload: true,
        payload: Object.fromEntries(new URLSearchParams(command.body)),
      }));
      const reply = await slack.waitForResponse((r) => r.id === command.responseId, START_TIMEOUT_MS);
      expect(JSON.stringify(reply.body)).toContain('/flow');
      await acked; // acknowledged over the socket (its arrival may follow the reply's: two connections)
      // The log and the reply travel separately too: wait for the lines rather than race them.
      await child.waitFor('Ignored a Socket Mode message: not a JSON object', START_TIMEOUT_MS);
      await child.waitFor('Ignored a Socket Mode message: an events_api envelope without an event', START_TIMEOUT_MS);
      expect(child.output()).not.toContain('unhandled rejection');
      // Still running: a SIGTERM is a clean stop, not the exit of a process that had died.
      child.kill('SIGTERM');
      expect((await child.exit).code).toBe(0);
    } finally {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, CHILD_TEST_TIMEOUT_MS);
});

/** Writes a lease row as a holder that is not this test's child would have left it. */
function writeLease(holder: { host: string; pid: number; started: string | null; renewedAgoMs: number }): void {
  const sqlite = new SQLite(file);
  const at = new Date(Date.now() - holder.renewedAgoMs).toISOString();
  sqlite.prepare('INSERT OR REPLACE INTO instance_lease (name, holder, acquired_at, renewed_at, holder_host, holder_pid, holder_started) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run('bot', `${holder.host} pid ${holder.pid} since ${at}`, at, at, holder.host, holder.pid, holder.started);
  sqlite.close();
}

async function seedDatabase(): Promise<void> {
  const db = await openStore(file);
  await ensureTeam(db, 'C0TEAM', new Date());
  await watchRepo(db, 'C0TEAM', 'flowlight-demo/api', 'U0ADMIN', new Date());
  await db.destroy();
}

describe('restarting after a crash', () => {
  freshEnvironmentPerCase();

  it.skipIf(thisProcess().started === null)('a dead holder whose pid now belongs to another process (pid reuse) is recognised by its start time (no /proc: skipped)', async () => {
    await seedDatabase();
    // This test runner's pid is alive, but the lease says it belonged to a process started at another time.
    const runner = thisProcess();
    writeLease({ host: os.hostname(), pid: runner.pid, started: `${runner.started ?? 'x'}-earlier`, renewedAgoMs: 5_000 });
    const restarted = startMain({ http: await freePort() });
    await restarted.waitFor('flowlight is running', START_TIMEOUT_MS);
    expect(restarted.output()).toContain('taking over');
  }, CHILD_TEST_TIMEOUT_MS);

  it.skipIf(thisProcess().started === null)('a holder whose pid and start time match a live process is refused (no /proc: skipped)', async () => {
    await seedDatabase();
    writeLease({ ...thisProcess(), renewedAgoMs: 5_000 }); // this test runner: alive
    const second = startMain({ http: await freePort() });
    expect((await second.exit).code).toBe(1);
    expect(second.output()).toContain(`pid ${process.pid}`);
    expect(second.output()).toContain('Stop it first');
  }, CHILD_TEST_TIMEOUT_MS);

  it('a holder on another host is waited for until its lease expires, and the message says how long', async () => {
    await seedDatabase();
    writeLease({ host: 'another-host.invalid', pid: 4242, started: 'boot/1', renewedAgoMs: 20_000 });
    const second = startMain({ http: await freePort() });
    expect((await second.exit).code).toBe(1);
    expect(second.output()).toMatch(/It runs on another host, which this one cannot ask: if it is gone, this start succeeds once it has been silent for 120 s \(in \d+ s\)\./);
  }, CHILD_TEST_TIMEOUT_MS);
});

/** Table names in the file, read without running any migration. */
function tablesIn(databaseFile: string): string[] {
  const sqlite = new SQLite(databaseFile, { readonly: true });
  const names = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
  sqlite.close();
  return names.map((row) => row.name);
}

function columnsOf(databaseFile: string, table: string): string[] {
  const sqlite = new SQLite(databaseFile, { readonly: true });
  const columns = sqlite.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as Array<{ name: string }>;
  sqlite.close();
  return columns.map((row) => row.name);
}

describe('a SIGKILL inside the migrations', () => {
  freshEnvironmentPerCase();

  it('on a new file, between two CREATE TABLEs of the first migration: nothing of it stays, and the next start migrates and runs', async () => {
    const paused = startMain({ http: await freePort() }, { pauseAtSql: 'create table "people"' });
    await paused.waitFor('PAUSED_IN_MIGRATION', START_TIMEOUT_MS);
    paused.kill('SIGKILL');
    await paused.exit;
    // teams, watched_repos, repo_cursors and pull_requests were created inside the killed transaction.
    expect(tablesIn(file).filter((name) => !name.startsWith('kysely_'))).toEqual([]);

    const restarted = startMain({ http: await freePort() });
    await restarted.waitFor('flowlight is running', START_TIMEOUT_MS);
    expect(tablesIn(file)).toEqual(expect.arrayContaining(['teams', 'people', 'outbox', 'instance_lease']));
  }, CHILD_TEST_TIMEOUT_MS);

  it('inside a later migration (as on an upgrade): the ones before it stay applied, the killed one is rolled back, and the next start finishes it', async () => {
    const paused = startMain({ http: await freePort() }, { pauseAtSql: 'alter table "instance_lease" add column "holder_pid"' });
    await paused.waitFor('PAUSED_IN_MIGRATION', START_TIMEOUT_MS);
    paused.kill('SIGKILL');
    await paused.exit;
    expect(tablesIn(file)).toEqual(expect.arrayContaining(['teams', 'swarm_messages', 'instance_lease']));
    expect(columnsOf(file, 'instance_lease')).not.toContain('holder_host'); // added just before the kill, rolled back

    const restarted = startMain({ http: await freePort() });
    await restarted.waitFor('flowlight is running', START_TIMEOUT_MS);
    expect(columnsOf(file, 'instance_lease')).toEqual(expect.arrayContaining(['holder_host', 'holder_pid', 'holder_started']));
  }, CHILD_TEST_TIMEOUT_MS);

  it('a file an older version left half-migrated is named as such, with what to do, and left untouched', async () => {
    // What a kill inside the first migration left before migrations ran in transactions: two of its
    // tables created, the migration never recorded.
    const sqlite = new SQLite(file);
    sqlite.exec("CREATE TABLE teams (id text PRIMARY KEY, settings text DEFAULT '{}' NOT NULL, created_at text NOT NULL)");
    sqlite.exec('CREATE TABLE watched_repos (team_id text NOT NULL, repo text NOT NULL)');
    sqlite.close();
    const ours = (databaseFile: string) => tablesIn(databaseFile).filter((name) => !name.startsWith('kysely_'));
    const before = ours(file);

    const child = startMain({ http: await freePort() });
    expect((await child.exit).code).toBe(1);
    const output = child.output();
    expect(output).toContain(`The database ${file} is half-migrated: an earlier start was stopped part-way through the migration 2026-11-22-001-initial`);
    expect(output).toContain('table "teams" already exists');
    expect(output).toContain('Restore the file from a backup');
    expect(output).not.toContain('folder exists');
    expect(output).not.toMatch(/^\s+at /m);
    expect(ours(file)).toEqual(before); // only kysely's bookkeeping tables were added
  }, CHILD_TEST_TIMEOUT_MS);
});
