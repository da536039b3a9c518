import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signSlackRequest } from '../../src/slack/receiver/verifySignature.js';
import type { Db } from '../../src/store/open.js';
import { getSettingsOverrides } from '../../src/store/teams.js';
import { CHANNEL, postSigned, SIGNING_SECRET, slashCommandBody, startHarness, type Harness } from '../slack/harness.js';
import { seedTeam, waitingPr } from '../slack/seed.js';

// A request Slack did not sign, recently, once, is refused with 401 and changes nothing.
// test/slack/signature.test.ts checks each refusal on `/flow link`; this file adds the commands that
// change what a team is told (`/flow set`, `/flow watch`, the Pick up button) and looks at the WHOLE
// store before and after, at the Web API, the response URLs, and whether GitHub was asked.

const FORM = 'application/x-www-form-urlencoded';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Every row of every table, so "no side effect" means exactly that. */
async function wholeStore(db: Db): Promise<string> {
  // kysely's introspection reads the tables and columns of SQLite and PostgreSQL alike
  const tables = (await db.introspection.getTables({ withInternalKyselyTables: true })).sort((a, b) => a.name.localeCompare(b.name));
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    const everyColumn = sql.join(table.columns.map((column) => sql.ref(column.name)));
    dump[table.name] = (await sql`SELECT * FROM ${sql.table(table.name)} ORDER BY ${everyColumn}`.execute(db)).rows;
  }
  return JSON.stringify(dump);
}

function pickUpBody(h: Harness, value: string): string {
  const payload = {
    type: 'block_actions', team: { id: 'T0001', domain: 'acme' }, user: { id: 'U0BOB', username: 'bob', team_id: 'T0001' }, api_app_id: 'A0001',
    token: 'deprecated-verification-token', container: { type: 'message', message_ts: '1700000000.000001', channel_id: CHANNEL, is_ephemeral: true },
    trigger_id: 'trigger-forged', channel: { id: CHANNEL, name: 'team' }, response_url: h.slack.responseUrl('forged-action'),
    actions: [{ type: 'button', action_id: 'flow_pick_up', block_id: 'b', value, text: { type: 'plain_text', text: 'Pick up' }, action_ts: '1700000000.000002' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

interface Forgery {
  name: string;
  send(h: Harness): Promise<Response>;
}

const command = (h: Harness, text: string) => slashCommandBody(h, text, { user: 'U0BOB' }).body;

const FORGERIES: Forgery[] = [
  { name: '/flow set signed with another secret', send: (h) => postSigned(h, command(h, 'set red.queue_per_reviewer 50'), FORM, { secret: 'guessed-secret' }) },
  { name: '/flow set with a stale timestamp (6 min)', send: (h) => postSigned(h, command(h, 'set red.queue_per_reviewer 50'), FORM, { timestamp: nowSeconds() - 360 }) },
  { name: '/flow set with a future timestamp (6 min)', send: (h) => postSigned(h, command(h, 'set red.queue_per_reviewer 50'), FORM, { timestamp: nowSeconds() + 360 }) },
  { name: '/flow set without a signature', send: (h) => postSigned(h, command(h, 'set red.queue_per_reviewer 50'), FORM, { signature: null }) },
  { name: '/flow set without a timestamp', send: (h) => postSigned(h, command(h, 'set red.queue_per_reviewer 50'), FORM, { omitTimestamp: true }) },
  {
    name: '/flow set with a signature of /flow help (body swapped)',
    send: (h) => {
      const ts = nowSeconds();
      return postSigned(h, command(h, 'set red.queue_per_reviewer 50'), FORM, { timestamp: ts, signature: signSlackRequest(SIGNING_SECRET, ts, command(h, 'help')) });
    },
  },
  {
    name: '/flow set with a valid signature for another timestamp',
    send: (h) => {
      const body = command(h, 'set red.queue_per_reviewer 50');
      return postSigned(h, body, FORM, { timestamp: nowSeconds(), signature: signSlackRequest(SIGNING_SECRET, nowSeconds() - 1, body) });
    },
  },
  { name: '/flow watch signed with another secret', send: (h) => postSigned(h, command(h, 'watch acme/secret'), FORM, { secret: 'guessed-secret' }) },
  { name: '/flow watch without a signature', send: (h) => postSigned(h, command(h, 'watch acme/secret'), FORM, { signature: null }) },
  { name: '/flow watch with an empty signature', send: (h) => postSigned(h, command(h, 'watch acme/secret'), FORM, { signature: '' }) },
  { name: '/flow unwatch with a stale timestamp', send: (h) => postSigned(h, command(h, 'unwatch acme/api'), FORM, { timestamp: nowSeconds() - 3600 }) },
  { name: 'Pick up button signed with another secret', send: (h) => postSigned(h, pickUpBody(h, 'acme/api#1'), FORM, { secret: 'guessed-secret' }) },
  { name: 'Pick up button with a far-future timestamp', send: (h) => postSigned(h, pickUpBody(h, 'acme/api#1'), FORM, { timestamp: nowSeconds() + 86_400 }) },
];

/** Forged or replayed requests this file sends, for the README table. */
export const FORGED_REQUESTS = FORGERIES.length + 2;

describe('forged Slack requests that would change the team: 401 and no side effect at all', () => {
  let h: Harness;
  const checkRepositoryAccess = vi.fn(async (repo: string) => ({ ok: true as const, fullName: repo, isPrivate: false }));

  beforeEach(async () => {
    checkRepositoryAccess.mockClear();
    h = await startHarness({ deps: { github: { checkRepositoryAccess } } });
    await seedTeam(h, [waitingPr(1, { author: 'alice' })]);
    h.slack.reset(); // forget start-up calls
  });
  afterEach(async () => {
    await h.close();
  });

  it.each(FORGERIES.map((f) => [f.name, f] as const))('%s', async (_name, forgery) => {
    const before = await wholeStore(h.db);
    const res = await forgery.send(h);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    // A genuine request afterwards is answered: everything the forgery could have done has happened by then.
    const { body, responseId } = slashCommandBody(h, 'help');
    expect((await postSigned(h, body, FORM)).status).toBe(200);
    await h.slack.waitForResponse((r) => r.id === responseId);

    expect(await wholeStore(h.db)).toBe(before);
    expect(h.slack.calls).toEqual([]);
    expect(h.slack.responses.map((r) => r.id)).toEqual([responseId]);
    expect(checkRepositoryAccess).not.toHaveBeenCalled();
    expect(h.logLines.some((l) => String(l.msg).startsWith('Refused a request to /slack/events'))).toBe(true);
  });

  it('a replayed /flow set changes the setting once and announces it once', async () => {
    const ts = nowSeconds();
    const { body, responseId } = slashCommandBody(h, 'set red.queue_per_reviewer 5'); // USER: a flowlight admin
    expect((await postSigned(h, body, FORM, { timestamp: ts })).status).toBe(200);
    await h.slack.waitForResponse((r) => r.id === responseId);
    const afterFirst = await wholeStore(h.db);
    expect(JSON.parse(await getSettingsOverrides(h.db, CHANNEL))).toEqual({ rules: { queue_per_reviewer: { red: 5 } } });

    for (let i = 0; i < 3; i += 1) expect((await postSigned(h, body, FORM, { timestamp: ts })).status).toBe(401);
    expect(await wholeStore(h.db)).toBe(afterFirst);
    expect(await h.db.selectFrom('outbox').selectAll().where('kind', '=', 'notice').execute()).toHaveLength(1);
    expect(h.slack.responses.filter((r) => r.id === responseId)).toHaveLength(1);
  });

  it('a replayed Pick up claims once', async () => {
    const ts = nowSeconds();
    const pressed = pickUpBody(h, 'acme/api#1');
    expect((await postSigned(h, pressed, FORM, { timestamp: ts })).status).toBe(200);
    await h.slack.waitForResponse((r) => r.id === 'forged-action');
    const claims = await h.db.selectFrom('claims').selectAll().execute();
    expect(claims).toEqual([expect.objectContaining({ repo: 'acme/api', number: 1, slack_user_id: 'U0BOB' })]);
    const afterFirst = await wholeStore(h.db);
    expect((await postSigned(h, pressed, FORM, { timestamp: ts })).status).toBe(401);
    expect(await wholeStore(h.db)).toBe(afterFirst);
  });
});
