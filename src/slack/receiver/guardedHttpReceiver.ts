import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTPReceiver, type App, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { OpsEndpoints } from '../../ops/endpoints.js';
import { slackBodyProblem } from './bodyShape.js';
import { ReplayGuard } from './replayGuard.js';
import { verifySlackSignature } from './verifySignature.js';
import { header, readBody, reply } from '../../httpRequest.js';

// Slack's HTTP mode: GET /healthz, POST /slack/events. Every request to /slack/events is checked here
// first (signature, timestamp in both directions, replay) and refused with 401 before Bolt sees it,
// then by its body's shape (400 for anything Slack would not send, which could crash Bolt); only then
// is it handed to Bolt's HTTPReceiver, which does the acknowledging and dispatching.

export const EVENTS_PATH = '/slack/events';
const BODY_LIMIT_BYTES = 1024 * 1024;

export interface GuardedHttpReceiverOptions {
  signingSecret: string;
  port: number;
  logger: BoltLogger;
  /** Slack's timestamps are wall-clock time, whatever clock the rest of the app runs on */
  wallClockMs?: () => number;
  host?: string;
  /** /healthz, /readyz and /metrics; without them GET /healthz answers a plain "ok" */
  opsEndpoints?: OpsEndpoints;
}

type BufferedRequest = http.IncomingMessage & { rawBody?: Buffer };

export class GuardedHttpReceiver implements Receiver {
  private readonly inner: HTTPReceiver;
  private readonly replays = new ReplayGuard();
  private readonly wallClockMs: () => number;
  private server: http.Server | undefined;

  constructor(private readonly options: GuardedHttpReceiverOptions) {
    this.wallClockMs = options.wallClockMs ?? Date.now;
    // Verified above; Bolt's own check would use Date.now and accept replays, so it is not repeated.
    this.inner = new HTTPReceiver({
      signingSecret: options.signingSecret,
      signatureVerification: false,
      endpoints: [EVENTS_PATH],
      logger: options.logger,
    });
  }

  init(app: App): void {
    this.inner.init(app);
  }

  /** the port actually listened on (useful with port 0); null before start */
  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : null;
  }

  start(): Promise<http.Server> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.options.logger.warn(`Dropped a request to ${EVENTS_PATH}: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) reply(res, 400, '');
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private async handle(req: BufferedRequest, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (this.options.opsEndpoints) {
      try {
        if (await this.options.opsEndpoints.handle(req, res)) return;
      } catch (error) {
        this.options.logger.warn(`Could not answer ${path}: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) reply(res, 500, 'internal error');
        return;
      }
    }
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return reply(res, 200, 'ok');
    if (path !== EVENTS_PATH) return reply(res, 404, 'not found');
    if (req.method !== 'POST') return reply(res, 405, 'method not allowed');

    const body = await readBody(req, BODY_LIMIT_BYTES);
    if (body === 'too_large') return reply(res, 413, '');
    const signature = header(req, 'x-slack-signature');
    const check = verifySlackSignature({
      signingSecret: this.options.signingSecret,
      rawBody: body.toString('utf8'),
      signature,
      timestamp: header(req, 'x-slack-request-timestamp'),
      nowMs: this.wallClockMs(),
    });
    if (!check.ok) {
      this.options.logger.warn(`Refused a request to ${EVENTS_PATH}: ${check.reason}`);
      return reply(res, 401, '');
    }
    if (!this.replays.firstSighting(signature!, this.wallClockMs())) {
      this.options.logger.warn(`Refused a request to ${EVENTS_PATH}: replayed`);
      return reply(res, 401, '');
    }
    const problem = slackBodyProblem(body.toString('utf8'), req.headers['content-type']);
    if (problem) {
      this.options.logger.warn(`Refused a request to ${EVENTS_PATH}: ${problem}`);
      return reply(res, 400, `Malformed request: ${problem}.`);
    }
    req.rawBody = body; // Bolt reads a pre-buffered body instead of the consumed stream
    this.inner.requestListener(req, res);
  }
}
