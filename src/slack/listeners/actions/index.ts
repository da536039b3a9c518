import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { registerApplySuggestion } from './applySuggestion.js';
import { registerHomePickUp } from './homePickUp.js';
import { registerPickUp } from './pickUp.js';
import { registerQueuePage } from './queuePage.js';
import { registerSkip } from './skip.js';

export function registerActions(app: App, deps: ListenerDeps): void {
  registerPickUp(app, deps);
  registerSkip(app, deps);
  registerQueuePage(app, deps);
  registerHomePickUp(app, deps);
  registerApplySuggestion(app, deps);
}
