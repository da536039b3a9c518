import { postLimitDecision, USER_POST_LIMIT, type PostLimit, type PostLimitDecision } from '../domain/postLimit.js';
import type { UserPostKind } from './database.js';
import type { Db } from './open.js';
import { lockTeam } from './teams.js';

export type { UserPostKind } from './database.js';

// The one place the per-channel limit on user-triggered posts is enforced: called inside the
// transaction that enqueues the post, so the count and the post cannot drift apart.

/** Takes a slot for one post in the channel, or says when one frees up (nothing is recorded then). */
export async function takeChannelPostSlot(
  db: Db,
  post: { teamId: string; slackUserId: string; kind: UserPostKind },
  now: Date,
  limit: PostLimit = USER_POST_LIMIT,
): Promise<PostLimitDecision> {
  await lockTeam(db, post.teamId); // two requests at once count each other's post
  const windowStart = new Date(now.getTime() - limit.windowMs).toISOString();
  await db.deleteFrom('channel_posts').where('team_id', '=', post.teamId).where('at', '<=', windowStart).execute();
  const rows = await db.selectFrom('channel_posts').select('at').where('team_id', '=', post.teamId).execute();
  const decision = postLimitDecision(rows.map((row) => new Date(row.at)), now, limit);
  if (decision.allowed) {
    await db.insertInto('channel_posts').values({ team_id: post.teamId, slack_user_id: post.slackUserId, kind: post.kind, at: now.toISOString() }).execute();
  }
  return decision;
}
