import { buildChannelChange } from '../../blocks/channelChange.js';
import { buildNotice } from '../../blocks/notice.js';
import { unlinkPerson } from '../../../store/people.js';
import { withAnnouncedChange } from '../announce.js';
import { parseUserMention } from '../input/slackMention.js';
import { adminRefusal } from '../permissions.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow unlink` (yourself) or `/flow unlink @person` (admins, announced in the channel).

export const flowUnlink: FlowHandler = async ({ teamId, userId, args }, deps) => {
  if (args.length > 1) return buildNotice(':warning: Usage: `/flow unlink` for yourself, or `/flow unlink @person`.');
  let person = userId;
  if (args.length === 1) {
    const mentioned = parseUserMention(args[0]!);
    if (!mentioned) return buildNotice(':warning: I could not tell who that is: pick the person from Slack\'s suggestions as you type @. Usage: `/flow unlink` or `/flow unlink @person`.');
    person = mentioned;
  }
  if (person === userId) {
    const removed = await unlinkPerson(deps.db, teamId, person);
    return buildNotice(removed ? 'You are no longer linked in this channel and no longer counted as a reviewer.' : 'You were not linked in this channel; nothing to do.');
  }
  const refusal = await adminRefusal(userId, deps, 'unlink other people (everyone may unlink themselves: `/flow unlink`)');
  if (refusal) return refusal;
  const now = deps.clock();
  let removed = false;
  const limited = await withAnnouncedChange(deps.db, { teamId, userId }, now, async (trx) => {
    removed = await unlinkPerson(trx, teamId, person);
    if (!removed) return null;
    return { dedupeKey: `unlink:${teamId}:${now.toISOString()}:${userId}:${person}`, message: buildChannelChange(userId, `unlinked <@${person}>: they no longer count as a reviewer here.`) };
  });
  if (limited) return limited;
  if (!removed) return buildNotice(`<@${person}> was not linked in this channel; nothing to do.`);
  return buildNotice(`<@${person}> is no longer linked in this channel and no longer counted as a reviewer. It is announced in the channel.`);
};
