import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTPResponseAck, type AckFn } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { boltLogger } from '../../src/slack/boltLogger.js';
import { acknowledge } from '../../src/slack/listeners/acknowledge.js';

// On a busy machine a listener can reach ack() after Bolt already answered Slack 404 (its 3 s window
// passed): Bolt's ack() then throws, and a listener that let it would never answer the person, whose
// response URL still takes the answer. Bolt's own acknowledgement, over loopback HTTP, with its window
// shortened to 1 ms and the ack called only once Slack's side has received the 404.

describe('an acknowledgement too late for Slack', () => {
  it('is logged and does not stop the listener (Bolt\'s own ack would throw)', async () => {
    const logLines: Array<Record<string, unknown>> = [];
    const logger = createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) });
    const acks: Array<AckFn<string>> = [];
    const server = http.createServer((req, res) => {
      acks.push(new HTTPResponseAck({ logger: boltLogger(logger), processBeforeResponse: false, unhandledRequestTimeoutMillis: 1, httpRequest: req, httpResponse: res }).bind());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const first = await fetch(url, { method: 'POST', body: 'x' });
      expect(first.status).toBe(404); // what Slack receives when nobody acknowledged in time
      await expect(acks[0]!()).rejects.toThrow(); // Bolt's ack, called late, throws

      const second = await fetch(url, { method: 'POST', body: 'x' });
      expect(second.status).toBe(404);
      await acknowledge(acks[1]!, logger, { command: '/flow' });
      expect(logLines.filter((l) => l.msg === 'Acknowledged too late for Slack\'s 3 s: answering through the response URL anyway')).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
