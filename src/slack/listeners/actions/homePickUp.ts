import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION_IDS, parseHomePickUpValue } from '../../blocks/actionIds.js';
import type { ListenerDeps } from '../deps.js';
import { publishHome } from '../homeView.js';
import { userFacingError } from '../userFacingError.js';
import { claimedText, pickUpOutcome, type PickUpOutcome } from './pickUp.js';
import { acknowledge } from '../acknowledge.js';

// Pick up on the App Home tab. A Home view has no channel and no response URL: the button's value
// names the team, and the answer is the Home itself, published again with what happened on top.

export function registerHomePickUp(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTION_IDS.homePickUp, async ({ ack, body, action, client }) => {
    await acknowledge(ack, deps.logger, { action: 'homePickUp' });
    const userId = body.user.id;
    let notice: string;
    try {
      const target = parseHomePickUpValue(action.value ?? '');
      notice = target
        ? homeNotice(await pickUpOutcome(target.teamId, userId, target, deps))
        : ':warning: This button is out of date: here is your Home, fresh.';
    } catch (error) {
      const { message, expected } = userFacingError(error, 'handling Pick up');
      if (!expected) deps.logger.error({ err: error, action: 'Home Pick up' }, 'Button failed');
      notice = `:warning: ${message}`;
    }
    try {
      await publishHome(client, userId, deps, notice);
    } catch (error) {
      deps.logger.error({ err: error, user: userId }, 'Could not publish the App Home after a Pick up');
    }
  });
}

function homeNotice(outcome: PickUpOutcome): string {
  switch (outcome.kind) {
    case 'claimed':
      return claimedText(outcome);
    case 'out_of_date':
      return ':warning: This button is out of date: here is your Home, fresh.';
    case 'unlinked':
      return ':warning: You are no longer linked in that team: run `/flow link GITHUB-LOGIN` in its channel.';
    case 'not_waiting':
      return `\`${outcome.key}\` no longer waits for review. Your next one is below.`;
    case 'taken':
      return `${outcome.by} picked up \`${outcome.key}\` first. Your next one is below.`;
    default: {
      const _exhaustive: never = outcome;
      return _exhaustive;
    }
  }
}
