import { buildNotice } from '../../blocks/notice.js';
import { ensureTeam } from '../../../store/teams.js';
import { linkPerson, listPeople, loginHolderOf } from '../../../store/people.js';
import { parseGitHubLogin } from '../input/githubLogin.js';
import { parseUserMention } from '../input/slackMention.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow link GITHUB-LOGIN` (yourself) or `/flow link @person GITHUB-LOGIN`: linked people are the
// channel's reviewers, and suggestions find their PRs and review requests by login.

const USAGE = 'Usage: `/flow link GITHUB-LOGIN` for yourself, or `/flow link @person GITHUB-LOGIN`.';

export const flowLink: FlowHandler = async ({ teamId, userId, args }, { db, clock }) => {
  if (args.length === 0 || args.length > 2) return buildNotice(`:warning: ${USAGE}`);
  let person = userId;
  if (args.length === 2) {
    const mentioned = parseUserMention(args[0]!);
    if (!mentioned) {
      return buildNotice(`:warning: I could not tell who that is: pick the person from Slack's suggestions as you type @, so the name turns into a mention. ${USAGE}`);
    }
    person = mentioned;
  } else if (args[0]!.startsWith('<@')) {
    return buildNotice(`:warning: Which GitHub login? ${USAGE}`);
  }
  const parsed = parseGitHubLogin(args[args.length - 1]!);
  if (!parsed.ok) return buildNotice(`:warning: ${parsed.error}`);

  const now = clock();
  await ensureTeam(db, teamId, now);
  try {
    await linkPerson(db, teamId, person, parsed.login, now);
  } catch (error) {
    const holder = loginHolderOf(error);
    if (!holder) throw error;
    return buildNotice(`:warning: GitHub login \`${parsed.login}\` is already linked to <@${holder}> in this channel. They can run \`/flow unlink\` first.`);
  }
  const reviewers = (await listPeople(db, teamId)).length;
  const who = person === userId ? 'You are' : `<@${person}> is`;
  return buildNotice(`:link: ${who} linked to GitHub \`${parsed.login}\`. This channel has ${reviewers} linked ${reviewers === 1 ? 'reviewer' : 'reviewers'}.`);
};
