import type { PostLimitDecision } from '../../domain/postLimit.js';
import { takeChannelPostSlot, type UserPostKind } from '../../store/channelPosts.js';
import type { Db } from '../../store/open.js';
import { enqueueMessage } from '../../store/outbox.js';
import type { SlackMessage } from '../blocks/kit.js';
import { buildNotice } from '../blocks/notice.js';

// A change announced in the channel, through the outbox, in the caller's transaction, within the
// channel's limit on posts people can trigger. Refused (nothing enqueued) past the limit: the caller
// then rolls back or skips the change, so no change goes unannounced.

export async function announceInChannel(
  db: Db,
  announcement: { teamId: string; userId: string; dedupeKey: string; message: SlackMessage },
  now: Date,
): Promise<PostLimitDecision> {
  const slot = await takeChannelPostSlot(db, { teamId: announcement.teamId, slackUserId: announcement.userId, kind: 'announcement' }, now);
  if (!slot.allowed) return slot;
  await enqueueMessage(db, {
    teamId: announcement.teamId,
    dedupeKey: announcement.dedupeKey,
    kind: 'notice',
    payload: { action: 'post', channel: announcement.teamId, ...announcement.message },
  }, now);
  return slot;
}

/** The ephemeral reply past the limit: what happened, and when to try again (in the reader's own time zone). */
export function postLimitReply(kind: UserPostKind, retryAt: Date, now: Date): SlackMessage {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  const seconds = Math.floor(retryAt.getTime() / 1000);
  const what = kind === 'digest' ? 'No digest was posted' : 'Nothing was changed';
  return buildNotice(
    `:hourglass: This channel has had as many posts from /flow commands as it takes for now. ${what}; try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} (at <!date^${seconds}^{time}|${retryAt.toISOString().slice(11, 16)} UTC>).`,
  );
}

/** Thrown inside a transaction to undo a change whose announcement the limit refused. */
export class PostLimitReached extends Error {
  constructor(readonly retryAt: Date) {
    super('channel post limit reached');
  }
}
