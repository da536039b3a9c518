import { buildNotice } from '../../blocks/notice.js';
import { unlinkPerson } from '../../../store/people.js';
import { parseUserMention } from '../input/slackMention.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow unlink` (yourself) or `/flow unlink @person`.

export const flowUnlink: FlowHandler = async ({ teamId, userId, args }, { db }) => {
  if (args.length > 1) return buildNotice(':warning: Usage: `/flow unlink` for yourself, or `/flow unlink @person`.');
  let person = userId;
  if (args.length === 1) {
    const mentioned = parseUserMention(args[0]!);
    if (!mentioned) return buildNotice(':warning: I could not tell who that is: pick the person from Slack\'s suggestions as you type @. Usage: `/flow unlink` or `/flow unlink @person`.');
    person = mentioned;
  }
  const removed = await unlinkPerson(db, teamId, person);
  const who = person === userId ? 'You were' : `<@${person}> was`;
  if (!removed) return buildNotice(`${who} not linked in this channel; nothing to do.`);
  return buildNotice(`${who === 'You were' ? 'You are' : `<@${person}> is`} no longer linked in this channel and no longer counted as a reviewer.`);
};
