import type { Logger as BoltLogger, SocketModeReceiver } from '@slack/bolt';

// @slack/socket-mode reads `event.type` and `event.payload.event.type` of every WebSocket message
// in an async handler whose rejection nobody catches: a message `null`, or an events_api envelope
// without a payload, ended the process; an envelope typed "error" or "ws_message" is re-emitted
// under that name. So the client's message handler is wrapped: only the envelope kinds Slack sends,
// with the shape each needs, reach it, and whatever it still throws is logged instead of crashing.

const ENVELOPE_TYPES = new Set(['hello', 'disconnect', 'events_api', 'slash_commands', 'interactive']);

export function guardSocketModeMessages(receiver: SocketModeReceiver, logger: BoltLogger): void {
  const client = receiver.client;
  const handlers = client.listeners('ws_message') as Array<(data: unknown, isBinary: boolean) => unknown>;
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    const problem = isBinary ? 'a binary message' : envelopeProblem(data);
    if (problem) {
      logger.warn(`Ignored a Socket Mode message: ${problem}`);
      return;
    }
    for (const handle of handlers) {
      Promise.resolve()
        .then(() => handle(data, isBinary))
        .catch((error: unknown) => logger.error(`A Socket Mode message failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  });
}

/** Why this message is not an envelope Slack sends, or null. */
export function envelopeProblem(data: unknown): string | null {
  const text = typeof data === 'string' ? data : data instanceof Buffer || data instanceof ArrayBuffer ? Buffer.from(data as Buffer).toString('utf8') : null;
  if (text === null) return 'not text';
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!isObject(envelope)) return 'not a JSON object';
  const type = envelope.type;
  if (typeof type !== 'string' || !ENVELOPE_TYPES.has(type)) return `an unknown envelope type (${JSON.stringify(type)?.slice(0, 40)})`;
  if (type === 'hello' || type === 'disconnect') return null;
  if (typeof envelope.envelope_id !== 'string') return `the ${type} envelope has no envelope_id`;
  if (!isObject(envelope.payload)) return `the ${type} envelope has no payload object`;
  if (type === 'events_api' && !(isObject(envelope.payload.event) && typeof envelope.payload.event.type === 'string')) {
    return 'an events_api envelope without an event';
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
