import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../blocks/actionIds.js';
import type { ListenerDeps } from '../deps.js';
import { queuePageReply } from '../queuePageReply.js';
import { answerAction, buttonPress, OUT_OF_CHANNEL } from './answerAction.js';
import { acknowledge } from '../acknowledge.js';

// Previous / Next under `/flow queue`: the page in the button's value, from fresh data.

const QUEUE_BUTTONS = new RegExp(`^(${ACTION_IDS.queuePrevious}|${ACTION_IDS.queueNext})$`);

export function registerQueuePage(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(QUEUE_BUTTONS, async ({ ack, body, action, respond }) => {
    await acknowledge(ack, deps.logger, { action: 'queuePage' });
    await answerAction('a queue page', respond, deps, async () => {
      const press = buttonPress(body, action);
      if (!press) return OUT_OF_CHANNEL;
      const page = /^\d{1,4}$/.test(press.value) ? Number(press.value) : 0;
      return queuePageReply(press.teamId, page, deps);
    });
  });
}
