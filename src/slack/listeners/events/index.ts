import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { registerAppHomeOpened } from './appHomeOpened.js';
import { registerMemberJoinedChannel } from './memberJoinedChannel.js';

export function registerEvents(app: App, deps: ListenerDeps): void {
  registerAppHomeOpened(app, deps);
  registerMemberJoinedChannel(app, deps);
}
