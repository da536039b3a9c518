import type { App } from '@slack/bolt';
import { releaseChannel } from '../../../app/outboxCauses.js';
import type { ListenerDeps } from '../deps.js';

// Someone invited the bot to a channel (Slack sends member_joined_channel with the bot as the member):
// the messages parked because the bot was not there (not_in_channel, channel_not_found) go out now.

export function registerMemberJoinedChannel(app: App, deps: ListenerDeps): void {
  app.event('member_joined_channel', async ({ event, context }) => {
    if (!context.botUserId || event.user !== context.botUserId) return;
    try {
      const released = await releaseChannel(deps.db, event.channel, deps.clock());
      deps.logger.info({ channel: event.channel, inviter: event.inviter, released }, 'the bot was added to a channel');
      if (released > 0) await deps.onDeliveryUnblocked?.();
    } catch (error) {
      deps.logger.error({ err: error, channel: event.channel }, 'could not release the messages waiting for this channel; they are retried within 30 minutes');
    }
  });
}
