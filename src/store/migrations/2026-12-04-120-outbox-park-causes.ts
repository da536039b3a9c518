import { sql, type Kysely } from 'kysely';

// A parked message used to be parked for ever. Now it waits for its cause to clear: park_cause says
// which (bot_token, channel_access, other_refusal, awaiting_target), resume_as the status it goes back
// to when that happens (`sending` when Slack may already have it, so it is looked for before posting
// again), and next_attempt_at when the cause is checked again. `dropped` is the new terminal status of
// a message Slack can never accept or that expired; last_error says why.

const TOKEN_ERRORS = ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired'];
const CHANNEL_ERRORS = ['not_in_channel', 'channel_not_found', 'is_archived'];
const PERMANENT_ERRORS = [
  'msg_too_long', 'invalid_blocks', 'message_not_found', 'cant_update_message', 'edit_window_closed',
  'user_not_found', 'user_disabled', 'cannot_dm_bot',
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('park_cause', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('resume_as', 'text').execute();

  // Messages parked by the old rules: give each the cause its reason names, due for a check at once.
  const startsWithAny = (codes: string[]) => sql.join(codes.map((code) => sql`last_error like ${`${code}:%`}`), sql` or `);
  await db.updateTable('outbox').set({ park_cause: 'bot_token', resume_as: 'pending' })
    .where('status', '=', 'parked').where(sql<boolean>`(${startsWithAny(TOKEN_ERRORS)})`).execute();
  await db.updateTable('outbox').set({ park_cause: 'channel_access', resume_as: 'pending' })
    .where('status', '=', 'parked').where(sql<boolean>`(${startsWithAny(CHANNEL_ERRORS)})`).execute();
  await db.updateTable('outbox').set({ status: 'dropped' })
    .where('status', '=', 'parked').where(sql<boolean>`(${startsWithAny(PERMANENT_ERRORS)})`).execute();
  // Given up on after 10 transient failures: Slack may have posted it, so it is looked for first.
  await db.updateTable('outbox').set({ status: 'sending', park_cause: null, resume_as: null })
    .where('status', '=', 'parked').where('last_error', 'like', 'gave up after %').execute();
  await db.updateTable('outbox').set({ park_cause: 'awaiting_target', resume_as: 'pending' })
    .where('status', '=', 'parked').where('last_error', 'like', 'the message it updates %').execute();
  await db.updateTable('outbox').set({ park_cause: 'other_refusal', resume_as: 'pending' })
    .where('status', '=', 'parked').where('park_cause', 'is', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('outbox').set({ status: 'parked' }).where('status', '=', 'dropped').execute();
  await db.schema.alterTable('outbox').dropColumn('resume_as').execute();
  await db.schema.alterTable('outbox').dropColumn('park_cause').execute();
}
