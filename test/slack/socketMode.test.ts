import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { silentLogger } from '../../src/logger.js';
import { listPeople } from '../../src/store/people.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { tempStore } from '../helpers/tempStore.js';

// Socket Mode for real: Bolt asks the fake Slack API (apps.connections.open) for a WebSocket URL,
// connects to a local WebSocket server playing Slack, gets `hello`, receives a slash command
// envelope, acknowledges it over the socket and answers through the response URL.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface SlackSocket {
  server: WebSocketServer;
  url: string;
  received: Array<Record<string, unknown>>;
  connected: Promise<WebSocket>;
  nextMessage(): Promise<Record<string, unknown>>;
}

async function startSlackSocket(): Promise<SlackSocket> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<(m: Record<string, unknown>) => void> = [];
  const connected = new Promise<WebSocket>((resolve) => {
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        received.push(message);
        waiters.shift()?.(message);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'local' }, connection_info: { app_id: 'A0001' } }));
      resolve(socket);
    });
  });
  return {
    server,
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`,
    received,
    connected,
    nextMessage: () => new Promise((resolve) => waiters.push(resolve)),
  };
}

describe('Socket Mode', () => {
  it('connects through apps.connections.open, receives /flow, acks over the socket and answers', async () => {
    const store = await tempStore();
    cleanups.push(store.cleanup);
    const slack: FakeSlack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const socket = await startSlackSocket();
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const client of socket.server.clients) client.terminate();
      socket.server.close(() => resolve());
    }));
    slack.socketModeUrl = socket.url;

    const app: SlackApp = createSlackApp({
      config: { botToken: 'xoxb-test-token', appToken: 'xapp-1-test', apiUrl: slack.url, mode: 'socket', port: 0 },
      db: store.db,
      logger: silentLogger,
      clock: () => new Date('2026-11-25T10:00:00Z'),
      pollIntervalMs: 60_000,
    });
    await app.start();
    cleanups.push(() => app.stop());
    const ws = await socket.connected;
    expect(slack.callsTo('apps.connections.open')[0]?.token).toBe('xapp-1-test');

    const acked = socket.nextMessage();
    ws.send(JSON.stringify({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'x', team_id: 'T0001', team_domain: 'acme', channel_id: 'C0TEAM', channel_name: 'team', user_id: 'U0ALICE',
        user_name: 'alice', command: '/flow', text: 'link octocat', api_app_id: 'A0001',
        response_url: slack.responseUrl('socket-1'), trigger_id: 't1',
      },
    }));
    expect(await acked).toMatchObject({ envelope_id: 'env-1' });
    const reply = await slack.waitForResponse((r) => r.id === 'socket-1');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(reply.body)).toContain('You are linked to GitHub `octocat`');
    expect(await listPeople(store.db, 'C0TEAM')).toEqual([{ slackUserId: 'U0ALICE', githubLogin: 'octocat' }]);
  });
});
