import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlack } from '../../src/sim/slack/fakeSlack.js';

// Slack's side of Socket Mode for the fake Slack: apps.connections.open hands out this server's URL,
// every client that connects gets `hello`, and envelopes (slash commands, interactions, events) are
// spread over the open connections in turn, as Slack spreads an app's events over all of its open
// connections: with several replicas connected, each receives a share and must answer it itself.
// The acknowledgement comes back on the connection that received the envelope.

export interface SocketModeConnection {
  /** 1, 2, … in the order the clients connected */
  id: number;
  socket: WebSocket;
  /** envelope ids sent to this connection */
  received: string[];
}

export interface Dispatched {
  envelopeId: string;
  connection: number;
  /** the client's acknowledgement, sent on that connection */
  ack: Promise<Record<string, unknown>>;
}

export interface SlackSocketMode {
  url: string;
  connections(): SocketModeConnection[];
  /** resolves once `count` connections are open (bounded) */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  /** sends an envelope to the next open connection in turn */
  dispatch(type: 'slash_commands' | 'interactive' | 'events_api', payload: Record<string, unknown>): Dispatched;
  close(): Promise<void>;
}

export async function startSlackSocketMode(slack: FakeSlack): Promise<SlackSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const open: SocketModeConnection[] = [];
  const acks = new Map<string, (message: Record<string, unknown>) => void>();
  const waiters = new Set<() => void>();
  let connected = 0;
  let turn = 0;
  let envelopes = 0;

  server.on('connection', (socket) => {
    connected += 1;
    const connection: SocketModeConnection = { id: connected, socket, received: [] };
    open.push(connection);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      const envelopeId = typeof message.envelope_id === 'string' ? message.envelope_id : null;
      if (envelopeId && connection.received.includes(envelopeId)) acks.get(envelopeId)?.(message);
    });
    socket.on('close', () => {
      const at = open.indexOf(connection);
      if (at >= 0) open.splice(at, 1);
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: open.length, debug_info: { host: 'local' }, connection_info: { app_id: 'A0001' } }));
    for (const waiter of [...waiters]) waiter();
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
  slack.socketModeUrl = url;

  return {
    url,
    connections: () => [...open],
    waitForConnections(count, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (open.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Socket Mode: ${open.length} connection(s) open, not ${count}, within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    dispatch(type, payload) {
      if (open.length === 0) throw new Error('Socket Mode: no connection is open');
      const connection = open[turn % open.length]!;
      turn += 1;
      envelopes += 1;
      const envelopeId = `env-${envelopes}`;
      const ack = new Promise<Record<string, unknown>>((resolve) => acks.set(envelopeId, resolve));
      connection.received.push(envelopeId);
      connection.socket.send(JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: type !== 'events_api', payload }));
      return { envelopeId, connection: connection.id, ack };
    },
    close: () => new Promise<void>((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(() => resolve());
    }),
  };
}
