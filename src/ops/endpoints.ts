import type http from 'node:http';
import type { Registry } from 'prom-client';
import type { HealthVerdict } from '../domain/health.js';
import type { HealthMonitor } from './health.js';

// GET /healthz (liveness), /readyz (readiness) and /metrics (Prometheus text), for whichever HTTP
// server the mode has: the Slack receiver's in HTTP mode, the health server's in Socket Mode.

export type OpsPath = '/healthz' | '/readyz' | '/metrics';

export interface OpsEndpoints {
  /** answers the request when it is a GET/HEAD of one of the paths; false when it is not ours */
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean>;
}

export function createOpsEndpoints(deps: { health: HealthMonitor; registry: Registry }): OpsEndpoints {
  return {
    async handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname as OpsPath;
      switch (path) {
        case '/healthz':
          sendVerdict(res, await deps.health.liveness(), 'ok', 'unhealthy');
          return true;
        case '/readyz':
          sendVerdict(res, await deps.health.readiness(), 'ready', 'unready');
          return true;
        case '/metrics': {
          const text = await deps.registry.metrics();
          res.writeHead(200, { 'Content-Type': deps.registry.contentType });
          res.end(text);
          return true;
        }
        default: {
          const _unknown: never = path;
          void _unknown;
          return false;
        }
      }
    },
  };
}

function sendVerdict(res: http.ServerResponse, verdict: HealthVerdict, good: string, bad: string): void {
  const body = JSON.stringify({ status: verdict.ok ? good : bad, checks: verdict.checks });
  res.writeHead(verdict.ok ? 200 : 503, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}
