import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { registerApplySuggestion } from './apply-suggestion.js';
import { registerHomePickUp } from './home-pick-up.js';
import { registerPickUp } from './pick-up.js';
import { registerQueuePage } from './queue-page.js';
import { registerSkip } from './skip.js';

export function registerActions(app: App, deps: ListenerDeps): void {
  registerPickUp(app, deps);
  registerSkip(app, deps);
  registerQueuePage(app, deps);
  registerHomePickUp(app, deps);
  registerApplySuggestion(app, deps);
}
