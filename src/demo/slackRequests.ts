import { signSlackRequest } from '../slack/receiver/verifySignature.js';
import type { SlackStandIn, StandInReply } from './slackStandIn.js';
import type { TranscriptEvent } from './transcript.js';

// What Slack would send the app when a demo person types `/flow …` or presses a button: a form
// POST to /slack/events, signed with the run's signing secret exactly as Slack signs it, whose
// answer arrives at a response URL the stand-in serves.

export interface SlackRequestsOptions {
  /** the Bolt app's HTTP origin, e.g. http://127.0.0.1:3000 */
  appUrl: string;
  signingSecret: string;
  standIn: SlackStandIn;
  channel: { id: string; name: string };
  clock: () => Date;
  onEvent: (event: TranscriptEvent) => void;
  /** Slack signs with wall-clock seconds, whatever the simulated clock says */
  wallClockMs?: () => number;
}

export interface Button {
  label: string;
  actionId: string;
  value: string;
}

export interface SlackRequests {
  /** `/flow TEXT` as `userId`; resolves with the app's ephemeral answer */
  flow(userId: string, text: string, options?: { quiet?: boolean }): Promise<StandInReply>;
  /** a button of an earlier answer, pressed by `userId` */
  press(userId: string, button: Button, options?: { quiet?: boolean }): Promise<StandInReply>;
}

export function slackRequests(options: SlackRequestsOptions): SlackRequests {
  const wallClockMs = options.wallClockMs ?? Date.now;
  let triggers = 0;

  async function post(form: Record<string, string>, responseId: string): Promise<StandInReply> {
    const body = new URLSearchParams(form).toString();
    const timestamp = Math.floor(wallClockMs() / 1000);
    const response = await fetch(`${options.appUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(options.signingSecret, timestamp, body),
      },
      body,
    });
    const ack = await response.text();
    if (response.status !== 200) throw new Error(`the app answered HTTP ${response.status}${ack ? `: ${ack}` : ''}`);
    return options.standIn.waitForReply(responseId);
  }

  return {
    async flow(userId, text, { quiet = false } = {}) {
      if (!quiet) options.onEvent({ kind: 'command', at: options.clock(), channel: options.channel.id, user: userId, text: `/flow ${text}`.trimEnd() });
      const { id, url } = options.standIn.responseUrl({ user: userId, channel: options.channel.id, quiet });
      triggers += 1;
      return post({
        token: 'unused-verification-token',
        team_id: 'T0DEMO',
        team_domain: 'flowlight-demo',
        channel_id: options.channel.id,
        channel_name: options.channel.name,
        user_id: userId,
        user_name: userId,
        command: '/flow',
        text,
        api_app_id: 'A0DEMO',
        response_url: url,
        trigger_id: `demo-trigger-${triggers}`,
      }, id);
    },

    async press(userId, button, { quiet = false } = {}) {
      if (!quiet) options.onEvent({ kind: 'button', at: options.clock(), channel: options.channel.id, user: userId, label: button.label });
      const { id, url } = options.standIn.responseUrl({ user: userId, channel: options.channel.id, quiet });
      triggers += 1;
      const actionTs = (wallClockMs() / 1000).toFixed(6);
      const payload = {
        type: 'block_actions',
        team: { id: 'T0DEMO', domain: 'flowlight-demo' },
        user: { id: userId, username: userId, team_id: 'T0DEMO' },
        api_app_id: 'A0DEMO',
        token: 'unused-verification-token',
        container: { type: 'message', message_ts: actionTs, channel_id: options.channel.id, is_ephemeral: true },
        trigger_id: `demo-trigger-${triggers}`,
        channel: { id: options.channel.id, name: options.channel.name },
        response_url: url,
        actions: [{ type: 'button', action_id: button.actionId, block_id: 'demo', value: button.value, text: { type: 'plain_text', text: button.label }, action_ts: actionTs }],
      };
      return post({ payload: JSON.stringify(payload) }, id);
    },
  };
}

/** The buttons of a message, in order. */
export function buttonsIn(blocks: unknown[]): Button[] {
  const buttons: Button[] = [];
  const add = (element: unknown) => {
    const e = element as { type?: string; text?: { text?: string }; action_id?: string; value?: string } | null;
    if (e?.type === 'button' && e.action_id) buttons.push({ label: e.text?.text ?? e.action_id, actionId: e.action_id, value: e.value ?? '' });
  };
  for (const block of blocks as Array<{ type?: string; elements?: unknown[]; accessory?: unknown }>) {
    if (block?.type === 'actions') (block.elements ?? []).forEach(add);
    if (block?.accessory) add(block.accessory);
  }
  return buttons;
}
