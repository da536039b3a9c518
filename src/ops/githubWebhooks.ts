import type http from 'node:http';
import { Webhooks } from '@octokit/webhooks';
import { webhookMeaning } from '../github/webhookEvent.js';
import type { Logger } from '../logger.js';
import { recordDelivery } from '../store/githubDeliveries.js';
import type { Db } from '../store/open.js';
import type { OpsEndpoints } from './endpoints.js';
import { header, readBody, reply } from '../httpRequest.js';

// POST /github/webhooks, on whichever HTTP server the mode has (the Slack receiver's in HTTP mode,
// the health server's in Socket Mode). In order:
//   1. the body, up to a limit (413 past it);
//   2. X-Hub-Signature-256 against GITHUB_WEBHOOK_SECRET (@octokit/webhooks): wrong or missing → 401;
//   3. the event and delivery id headers, the JSON (400 when GitHub would not send that);
//   4. a delivery that names a PR is stored BEFORE the 2xx, once per X-GitHub-Delivery, then the worker
//      is told; ping and every other event are answered and dropped.

export const WEBHOOKS_PATH = '/github/webhooks';
/** A PR's payload is tens of kilobytes (its description is capped at 65,536 characters); GitHub caps any at 25 MB. */
export const WEBHOOK_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export interface GitHubWebhookDeps {
  secret: string;
  db: Db;
  logger: Logger;
  clock: () => Date;
  /** a delivery was stored: process it soon */
  onDelivery: () => void;
}

export function createGitHubWebhookEndpoint(deps: GitHubWebhookDeps): OpsEndpoints {
  const webhooks = new Webhooks({ secret: deps.secret });
  return {
    async handle(req, res) {
      if (new URL(req.url ?? '/', 'http://localhost').pathname !== WEBHOOKS_PATH) return false;
      if (req.method !== 'POST') {
        reply(res, 405, 'method not allowed: GitHub POSTs its deliveries here');
        return true;
      }
      const body = await readBody(req, WEBHOOK_BODY_LIMIT_BYTES);
      if (body === 'too_large') {
        reply(res, 413, 'payload too large');
        return true;
      }
      const text = body.toString('utf8');
      const signature = header(req, 'x-hub-signature-256');
      if (!signature || !(await webhooks.verify(text, signature).catch(() => false))) {
        deps.logger.warn({ delivery: header(req, 'x-github-delivery') ?? null, signature: signature ? 'wrong' : 'missing' }, 'github webhook: refused a delivery whose X-Hub-Signature-256 does not match GITHUB_WEBHOOK_SECRET');
        reply(res, 401, 'signature does not match: set the same secret in GitHub and in GITHUB_WEBHOOK_SECRET');
        return true;
      }
      const event = header(req, 'x-github-event');
      const id = header(req, 'x-github-delivery');
      if (!event || !id) {
        reply(res, 400, 'missing X-GitHub-Event or X-GitHub-Delivery');
        return true;
      }
      const meaning = webhookMeaning(event, text);
      switch (meaning.kind) {
        case 'malformed':
          deps.logger.warn({ delivery: id, event, problem: meaning.problem }, 'github webhook: refused a malformed delivery');
          reply(res, 400, `malformed delivery: ${meaning.problem}`);
          return true;
        case 'ping':
          reply(res, 200, 'pong');
          return true;
        case 'ignored':
          reply(res, 202, `ignored: flowlight does not use ${event} events`);
          return true;
        case 'pull_request': {
          const fresh = await recordDelivery(deps.db, { id, event, repo: meaning.repo, number: meaning.number }, deps.clock());
          reply(res, 202, fresh ? 'accepted' : 'already received');
          if (fresh) deps.onDelivery();
          return true;
        }
        default: {
          const _exhaustive: never = meaning;
          return _exhaustive;
        }
      }
    },
  };
}

/** Answers with the first endpoint that takes the request. */
export function combineEndpoints(...endpoints: OpsEndpoints[]): OpsEndpoints {
  return {
    async handle(req, res) {
      for (const endpoint of endpoints) if (await endpoint.handle(req, res)) return true;
      return false;
    },
  };
}
