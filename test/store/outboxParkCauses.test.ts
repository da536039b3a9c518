import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/store/migrations/index.js';

// Messages parked by the old rules were never sent. The migration gives each the cause its reason
// names, so the outbox releases them when that cause clears; the ones it gave up on after 10 transient
// failures go back to `sending` (looked for in the channel first); the ones Slack can never accept are dropped.

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('migration 120: causes for parked outbox messages', () => {
  it('classifies what the old rules parked for ever', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-migration-'));
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, 'old.db')) }) });
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('2026-11-22-040-pull-requests-fetched-index')).error).toBeUndefined();
    const at = '2026-11-20T10:00:00.000Z';
    const old = (key: string, status: string, lastError: string | null) => ({
      team_id: 'C0TEAM', dedupe_key: key, kind: 'alert', payload: '{"action":"post","channel":"C0TEAM","text":"x","blocks":[]}',
      status, attempts: 1, next_attempt_at: at, last_error: lastError, created_at: at, updated_at: at,
    });
    await db.insertInto('outbox').values([
      old('token', 'parked', 'invalid_auth: Slack rejected the bot token (invalid_auth): check SLACK_BOT_TOKEN or reinstall the app'),
      old('channel', 'parked', 'not_in_channel: the bot is not in this channel: invite it with `/invite @flowlight`'),
      old('archived', 'parked', 'is_archived: the channel is archived'),
      old('too-long', 'parked', 'msg_too_long: Slack refused the message as too long (msg_too_long): please report this flowlight bug'),
      old('gave-up', 'parked', 'gave up after 10 attempts: Slack answered HTTP 503'),
      old('edit', 'parked', 'the message it updates (alert:1) was not delivered'),
      old('scope', 'parked', 'missing_scope: the app lacks a scope'),
      old('sent', 'sent', null),
    ]).execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const rows = await db.selectFrom('outbox').select(['dedupe_key', 'status', 'park_cause', 'resume_as']).orderBy('id').execute();
    expect(rows).toEqual([
      { dedupe_key: 'token', status: 'parked', park_cause: 'bot_token', resume_as: 'pending' },
      { dedupe_key: 'channel', status: 'parked', park_cause: 'channel_access', resume_as: 'pending' },
      { dedupe_key: 'archived', status: 'parked', park_cause: 'channel_access', resume_as: 'pending' },
      { dedupe_key: 'too-long', status: 'dropped', park_cause: null, resume_as: null },
      { dedupe_key: 'gave-up', status: 'sending', park_cause: null, resume_as: null },
      { dedupe_key: 'edit', status: 'parked', park_cause: 'awaiting_target', resume_as: 'pending' },
      { dedupe_key: 'scope', status: 'parked', park_cause: 'other_refusal', resume_as: 'pending' },
      { dedupe_key: 'sent', status: 'sent', park_cause: null, resume_as: null },
    ]);

    // And back down: the columns go, dropped messages are parked again as before.
    expect((await migrator.migrateTo('2026-11-22-040-pull-requests-fetched-index')).error).toBeUndefined();
    expect((await db.selectFrom('outbox').select('status').where('dedupe_key', '=', 'too-long').executeTakeFirst())?.status).toBe('parked');
    await db.destroy();
  });
});
