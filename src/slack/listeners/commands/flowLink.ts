import { buildChannelChange } from '../../blocks/channelChange.js';
import { buildNotice } from '../../blocks/notice.js';
import type { SlackMessage } from '../../blocks/kit.js';
import type { Db } from '../../../store/open.js';
import { ensureTeam } from '../../../store/teams.js';
import { linkPerson, listPeople, loginHolderOf } from '../../../store/people.js';
import { withAnnouncedChange } from '../announce.js';
import { parseGitHubLogin } from '../input/githubLogin.js';
import { parseUserMention } from '../input/slackMention.js';
import { adminRefusal, checkAdmin, notAskable } from '../permissions.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow link GITHUB-LOGIN` (yourself) or `/flow link @person GITHUB-LOGIN` (admins): linked people
// are the channel's reviewers, and suggestions find their PRs and review requests by login. A login
// someone else holds is refused, unless an admin links it (they take it over, announced).

const USAGE = 'Usage: `/flow link GITHUB-LOGIN` for yourself, or `/flow link @person GITHUB-LOGIN`.';

export const flowLink: FlowHandler = async ({ teamId, userId, args }, deps) => {
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
  if (person !== userId) {
    const refusal = await adminRefusal(userId, deps, 'link other people (everyone may link themselves: `/flow link GITHUB-LOGIN`)');
    if (refusal) return refusal;
  }

  const now = deps.clock();
  const holder = await holderOtherThan(deps.db, teamId, parsed.login, person);
  let byAdmin = person !== userId;
  if (holder && !byAdmin) {
    const check = await checkAdmin(userId, deps);
    if (check.kind === 'unknown') return notAskable(check.error);
    if (check.kind === 'not_admin') {
      return buildNotice(`:warning: GitHub login \`${parsed.login}\` is already linked to <@${holder}> in this channel. They can run \`/flow unlink\` first, or a flowlight admin can link it to you.`);
    }
    byAdmin = true;
  }

  let reply: SlackMessage | null = null;
  const limited = await withAnnouncedChange(deps.db, { teamId, userId }, now, async (trx) => {
    await ensureTeam(trx, teamId, now);
    let tookOverFrom: string | null;
    try {
      ({ tookOverFrom } = await linkPerson(trx, teamId, person, parsed.login, now, { takeOver: byAdmin }));
    } catch (error) {
      const raced = loginHolderOf(error);
      if (!raced) throw error;
      reply = buildNotice(`:warning: GitHub login \`${parsed.login}\` is already linked to <@${raced}> in this channel. They can run \`/flow unlink\` first.`);
      return null;
    }
    if (!byAdmin) return null;
    // An admin's link of someone else, or of a login someone held, is announced like any change.
    const whom = person === userId ? 'themselves' : `<@${person}>`;
    const from = tookOverFrom ? ` (it was linked to <@${tookOverFrom}>)` : '';
    return { dedupeKey: `link:${teamId}:${now.toISOString()}:${userId}:${person}`, message: buildChannelChange(userId, `linked ${whom} to GitHub \`${parsed.login}\`${from}.`) };
  });
  if (limited) return limited;
  if (reply) return reply;
  const reviewers = (await listPeople(deps.db, teamId)).length;
  const who = person === userId ? 'You are' : `<@${person}> is`;
  const announced = byAdmin ? ' It is announced in the channel.' : '';
  return buildNotice(`:link: ${who} linked to GitHub \`${parsed.login}\`. This channel has ${reviewers} linked ${reviewers === 1 ? 'reviewer' : 'reviewers'}.${announced}`);
};

async function holderOtherThan(db: Db, teamId: string, login: string, person: string): Promise<string | null> {
  const holder = (await listPeople(db, teamId)).find((p) => p.githubLogin === login.toLowerCase());
  return holder && holder.slackUserId !== person ? holder.slackUserId : null;
}
