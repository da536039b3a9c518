import type { FakeSlack } from '../src/sim/slack/fakeSlack.js';
import { signSlackRequest } from '../src/slack/receiver/verifySignature.js';
import { BENCH_CHANNEL, slackUserOf } from './flowSeed.js';
import type { FlowCommand, FlowTiming } from './flowLatency.js';

const REPLY_TIMEOUT_MS = 180_000;
/** epoch milliseconds with sub-millisecond precision: the fake Slack stamps replies with the same clock */
export const wallMs = () => performance.timeOrigin + performance.now();

/** Sends `/flow …` as Slack does: form-encoded, signed (v0 HMAC-SHA256), a fresh response_url each. */
export class FlowClient {
  private sent = 0;

  constructor(
    private readonly endpoint: string,
    private readonly slack: FakeSlack,
    private readonly people: number,
    private readonly signingSecret: string,
  ) {}

  async one(command: FlowCommand): Promise<FlowTiming> {
    const [timing] = await this.atOnce([command]);
    return timing!;
  }

  /** All at once; resolves when every one was acknowledged and answered (or timed out). */
  async atOnce(commands: FlowCommand[]): Promise<FlowTiming[]> {
    this.slack.reset();
    const requests = commands.map((command) => this.prepare(command));
    const acks = await Promise.all(requests.map(async (request) => {
      const started = wallMs();
      const response = await fetch(this.endpoint, { method: 'POST', headers: request.headers, body: request.body });
      await response.text();
      return { started, status: response.status, ackMs: wallMs() - started };
    }));
    const timings: FlowTiming[] = [];
    for (const [i, request] of requests.entries()) {
      const ack = acks[i]!;
      const reply = ack.status === 200 ? await this.slack.waitForResponse((r) => r.id === request.id, REPLY_TIMEOUT_MS).catch(() => null) : null;
      timings.push({
        command: request.command,
        httpStatus: ack.status,
        ackMs: ack.ackMs,
        replyMs: reply ? reply.at - ack.started : null,
        errorReply: reply ? JSON.stringify(reply.body).includes(':warning:') : false,
      });
    }
    return timings;
  }

  private prepare(command: FlowCommand): { id: string; command: FlowCommand; body: string; headers: Record<string, string> } {
    this.sent += 1;
    const id = `bench-${this.sent}`;
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: 'T0001',
      team_domain: 'bench',
      channel_id: BENCH_CHANNEL,
      channel_name: 'team',
      user_id: slackUserOf(this.sent % this.people),
      user_name: `dev-${this.sent % this.people}`,
      command: '/flow',
      text: command,
      api_app_id: 'A0001',
      response_url: this.slack.responseUrl(id),
      trigger_id: `trigger-${this.sent}`,
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      id,
      command,
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(this.signingSecret, timestamp, body),
      },
    };
  }
}
