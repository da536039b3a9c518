import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { publishHome } from '../homeView.js';

// Opening flowlight's Home tab publishes a fresh Home for that person. The Messages tab opens too
// (the bot's DMs live there): nothing to do for it.

export function registerAppHomeOpened(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(client, event.user, deps);
    } catch (error) {
      deps.logger.error({ err: error, user: event.user }, 'Could not publish the App Home');
    }
  });
}
