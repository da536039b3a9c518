import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { registerFlowCommand } from './flow.js';

export function registerCommands(app: App, deps: ListenerDeps): void {
  registerFlowCommand(app, deps);
}
