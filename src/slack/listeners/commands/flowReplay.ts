import { DEFAULT_REPLAY_WEEKS, MAX_REPLAY_WEEKS, replayTeamHistory } from '../../../app/teamReplay.js';
import { buildNotice } from '../../blocks/notice.js';
import { buildReplay } from '../../blocks/replay.js';
import { shown } from '../../blocks/text.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow replay [WEEKS]`: the channel's stored history through the bot's own policy, under its levels
// and under levels suggested from that history. Anyone may look; applying is an admin's button.

export const flowReplay: FlowHandler = async (request, deps) => {
  const { teamId, args } = request;
  let weeks = DEFAULT_REPLAY_WEEKS;
  if (args.length > 1 || (args[0] !== undefined && !/^\d{1,3}$/.test(args[0]))) {
    return buildNotice(`:warning: \`/flow replay ${shown(args.join(' '), 40)}\` is not a number of weeks. Write \`/flow replay\` (the last ${DEFAULT_REPLAY_WEEKS} weeks) or \`/flow replay 8\`, from 1 to ${MAX_REPLAY_WEEKS}.`);
  }
  if (args[0] !== undefined) {
    weeks = Number(args[0]);
    if (weeks < 1 || weeks > MAX_REPLAY_WEEKS) return buildNotice(`:warning: Replay from 1 to ${MAX_REPLAY_WEEKS} weeks (got ${weeks}), for example \`/flow replay 8\`.`);
  }
  return buildReplay(await replayTeamHistory(deps.db, teamId, weeks, deps.clock()));
};
