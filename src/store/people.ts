import { FlowlightError, isFlowlightError } from '../errors.js';
import type { Db } from './open.js';

export interface Person {
  slackUserId: string;
  githubLogin: string;
}

/**
 * Links a Slack user to a GitHub login in a team, replacing that user's earlier link. A login held
 * by someone else is refused with input_invalid; `details.linkedTo` is the holder's Slack id, so a
 * Slack surface can mention them (the message itself is plain text for any surface). With `takeOver`
 * (an admin's decision) the holder's link is removed instead; the result says whose it was.
 */
export async function linkPerson(db: Db, teamId: string, slackUserId: string, githubLogin: string, now: Date, options: { takeOver?: boolean } = {}): Promise<{ tookOverFrom: string | null }> {
  const login = githubLogin.toLowerCase();
  const holder = await db
    .selectFrom('people')
    .select('slack_user_id')
    .where('team_id', '=', teamId)
    .where('github_login', '=', login)
    .executeTakeFirst();
  const tookOverFrom = holder && holder.slack_user_id !== slackUserId ? holder.slack_user_id : null;
  if (tookOverFrom && options.takeOver) await unlinkPerson(db, teamId, tookOverFrom);
  else if (holder && holder.slack_user_id !== slackUserId) {
    throw new FlowlightError('input_invalid',
      `GitHub login ${login} is already linked to someone else in this channel. They can run \`/flow unlink\` first.`,
      { login, linkedTo: holder.slack_user_id });
  }
  await db
    .insertInto('people')
    .values({ team_id: teamId, slack_user_id: slackUserId, github_login: login, linked_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['team_id', 'slack_user_id']).doUpdateSet({ github_login: login, linked_at: now.toISOString() }))
    .execute();
  return { tookOverFrom };
}

/** The Slack id holding the login, when `error` is linkPerson refusing a login someone else holds. */
export function loginHolderOf(error: unknown): string | null {
  return isFlowlightError(error) && typeof error.details.linkedTo === 'string' ? error.details.linkedTo : null;
}

export async function unlinkPerson(db: Db, teamId: string, slackUserId: string): Promise<boolean> {
  const result = await db.deleteFrom('people').where('team_id', '=', teamId).where('slack_user_id', '=', slackUserId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listPeople(db: Db, teamId: string): Promise<Person[]> {
  const rows = await db
    .selectFrom('people')
    .select(['slack_user_id', 'github_login'])
    .where('team_id', '=', teamId)
    .orderBy('github_login')
    .execute();
  return rows.map((row) => ({ slackUserId: row.slack_user_id, githubLogin: row.github_login }));
}

export async function loginFor(db: Db, teamId: string, slackUserId: string): Promise<string | null> {
  const row = await db
    .selectFrom('people')
    .select('github_login')
    .where('team_id', '=', teamId)
    .where('slack_user_id', '=', slackUserId)
    .executeTakeFirst();
  return row?.github_login ?? null;
}

/** Every team a Slack user linked a GitHub login in (their App Home shows these teams). */
export async function listLinksOf(db: Db, slackUserId: string): Promise<Array<{ teamId: string; githubLogin: string }>> {
  const rows = await db
    .selectFrom('people')
    .select(['team_id', 'github_login'])
    .where('slack_user_id', '=', slackUserId)
    .orderBy('team_id')
    .execute();
  return rows.map((row) => ({ teamId: row.team_id, githubLogin: row.github_login }));
}
