import { parse as parseQueryString } from 'node:querystring';

// Bolt's HTTPReceiver reads `body.ssl_check` and `body.type` outside any try, in a promise nobody
// awaits: a signed body that parses to null (JSON `null`, form `payload=null`) rejected it and, as
// an unhandled rejection, ended the process. Bolt parses a body as this file does (a form when the
// content type is exactly application/x-www-form-urlencoded, its `payload` field as JSON if there
// is one, JSON otherwise); only a body Slack could have sent is handed on: an object that is a
// slash command (`command`), an interactive payload or an Events API envelope (`type`), or an SSL
// check, and for the kinds whose routing reads a nested field, with that field (an event callback's
// `event`, a block action's `actions`). Deeper faults are Bolt's to answer (it catches them: 500).

/** Why Bolt must not see this body, or null when it has a shape Slack sends. */
export function slackBodyProblem(rawBody: string, contentType: string | undefined): string | null {
  let body: unknown;
  try {
    body = parseLikeBolt(rawBody, contentType);
  } catch (error) {
    return `the body is not valid ${contentType === 'application/x-www-form-urlencoded' ? 'JSON in its payload field' : 'JSON'} (${error instanceof Error ? error.message : String(error)})`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `the body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}, not an object`;
  }
  const fields = body as Record<string, unknown>;
  if (fields.ssl_check === '1') return null;
  if (typeof fields.command === 'string') return fields.command.startsWith('/') ? null : 'the body has a command that is not a slash command';
  if (typeof fields.type !== 'string') return 'the body has neither a command nor a type';
  if (fields.type === 'event_callback' && !(isObject(fields.event) && typeof fields.event.type === 'string')) return 'the body has an event callback without an event';
  if (fields.type === 'block_actions' && !(Array.isArray(fields.actions) && fields.actions.every(isObject))) return 'the body has block actions without a list of actions';
  return null;
}

function parseLikeBolt(rawBody: string, contentType: string | undefined): unknown {
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = parseQueryString(rawBody);
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(rawBody);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
