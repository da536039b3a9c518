import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlowlightError } from '../errors.js';
import type { OpsEndpoints } from './endpoints.js';

// Socket Mode needs no public HTTP server for Slack, but probes and Prometheus still need one:
// a small server on HEALTH_PORT with /healthz, /readyz and /metrics only.

export interface HealthServer {
  port: number;
  stop(): Promise<void>;
}

export async function startHealthServer(endpoints: OpsEndpoints, options: { port: number; host?: string }): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    endpoints.handle(req, res).then(
      (handled) => {
        if (handled) return;
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('not found: this port serves /healthz, /readyz and /metrics');
      },
      (error: unknown) => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES'
        ? new FlowlightError('config_invalid', `HEALTH_PORT ${options.port} cannot be used (${error.code === 'EADDRINUSE' ? 'another program listens on it' : 'permission denied'}): set HEALTH_PORT to a free port above 1023.`)
        : error);
    });
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
