import { takeChannelPostSlot, type UserPostKind } from '../../store/channelPosts.js';
import type { Db } from '../../store/open.js';
import { enqueueMessage } from '../../store/outbox.js';
import type { SlackMessage } from '../blocks/kit.js';
import { buildNotice } from '../blocks/notice.js';

// A change announced in the channel, through the outbox, in the same transaction as the change,
// within the channel's limit on posts people can trigger. Past the limit the whole transaction rolls
// back, so no change goes unannounced and the person is told when to try again.

/** What to post about a change: its dedupe key (one post per change) and the message. */
export interface ChangeAnnouncement {
  dedupeKey: string;
  message: SlackMessage;
}

/**
 * Runs `change` in a transaction; what it returns is posted in the channel (null: nothing changed,
 * nothing to announce). Returns the reply for the person when the post limit refused the
 * announcement (the change was undone), or null when the change was made.
 */
export async function withAnnouncedChange(
  db: Db,
  by: { teamId: string; userId: string },
  now: Date,
  change: (trx: Db) => Promise<ChangeAnnouncement | null>,
): Promise<SlackMessage | null> {
  try {
    await db.transaction().execute(async (trx) => {
      const announcement = await change(trx);
      if (!announcement) return;
      const slot = await takeChannelPostSlot(trx, { teamId: by.teamId, slackUserId: by.userId, kind: 'announcement' }, now);
      if (!slot.allowed) throw new PostLimitReached(slot.retryAt);
      await enqueueMessage(trx, {
        teamId: by.teamId,
        dedupeKey: announcement.dedupeKey,
        kind: 'notice',
        payload: { action: 'post', channel: by.teamId, ...announcement.message },
      }, now);
    });
    return null;
  } catch (error) {
    if (error instanceof PostLimitReached) return postLimitReply('announcement', error.retryAt, now);
    throw error;
  }
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

/** Thrown inside the transaction to undo a change whose announcement the limit refused. */
class PostLimitReached extends Error {
  constructor(readonly retryAt: Date) {
    super('channel post limit reached');
  }
}
