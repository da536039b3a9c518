import type { BlockButtonAction, RespondFn } from '@slack/bolt';
import { buildNotice } from '../../blocks/notice.js';
import type { SlackMessage } from '../../blocks/kit.js';
import type { ListenerDeps } from '../deps.js';
import { userFacingError } from '../userFacingError.js';
import { respondWithRetry } from '../respondWithRetry.js';

// Every button answers the same way: do the work, replace the ephemeral message it sat in with the
// result; a failure becomes a sentence for the person and a log line, never a trace.

export interface ButtonPress {
  teamId: string;
  userId: string;
  value: string;
}

export function buttonPress(body: BlockButtonAction, action: { value?: string }): ButtonPress | null {
  const teamId = body.channel?.id ?? body.container?.channel_id;
  if (typeof teamId !== 'string' || !teamId) return null;
  return { teamId, userId: body.user.id, value: action.value ?? '' };
}

export async function answerAction(
  name: string,
  respond: RespondFn,
  deps: ListenerDeps,
  work: () => Promise<SlackMessage>,
): Promise<void> {
  let reply: SlackMessage;
  try {
    reply = await work();
  } catch (error) {
    const { message, expected } = userFacingError(error, `handling ${name}`);
    if (!expected) deps.logger.error({ err: error, action: name }, 'Button failed');
    reply = buildNotice(`:warning: ${message}`);
  }
  try {
    await respondWithRetry(respond, { response_type: 'ephemeral', replace_original: true, ...reply });
  } catch (error) {
    deps.logger.warn({ err: error, action: name }, 'Could not answer a button through its response URL');
  }
}

export const OUT_OF_CHANNEL = buildNotice(':warning: This button is not in a channel I know. Run `/flow next` in the team\'s channel.');
