import { buildNotice } from '../../blocks/notice.js';
import { queuePageReply } from '../queuePageReply.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow queue [PAGE]`: the whole review queue, a page at a time.

export const flowQueue: FlowHandler = async ({ teamId, args }, deps) => {
  const pageWord = args[0];
  if (args.length > 1 || (pageWord !== undefined && !/^\d{1,4}$/.test(pageWord))) {
    return buildNotice(':warning: Usage: `/flow queue`, or `/flow queue 2` for the second page.');
  }
  const page = pageWord === undefined ? 0 : Math.max(0, Number(pageWord) - 1);
  return queuePageReply(teamId, page, deps);
};
