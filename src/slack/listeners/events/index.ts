import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { registerAppHomeOpened } from './app-home-opened.js';
import { registerMemberJoinedChannel } from './member-joined-channel.js';

export function registerEvents(app: App, deps: ListenerDeps): void {
  registerAppHomeOpened(app, deps);
  registerMemberJoinedChannel(app, deps);
}
