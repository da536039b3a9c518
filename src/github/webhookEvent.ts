import { z } from 'zod';

// What a GitHub webhook delivery means to flowlight: the pull request it names, when the event can
// change a PR's facts (state, draft, review requests, reviews, commits), or nothing at all.
//   - pull_request: every action (opened, closed, reopened, synchronize, ready_for_review,
//     converted_to_draft, review_requested, review_request_removed, edited, ...);
//   - pull_request_review: submitted, edited, dismissed;
//   - anything else (ping, push, issues, pull_request_review_comment, pull_request_review_thread, ...):
//     ignored. A review comment arrives with its review (pull_request_review), and the facts hold no
//     threads; the reconciliation poll catches whatever a webhook does not say.

export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_review'] as const;
type PullRequestEvent = (typeof PULL_REQUEST_EVENTS)[number];

export type WebhookMeaning =
  | { kind: 'pull_request'; repo: string; number: number }
  | { kind: 'ping' }
  | { kind: 'ignored' }
  | { kind: 'malformed'; problem: string };

const namesPullRequest = z.object({
  repository: z.object({ full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/) }),
  pull_request: z.object({ number: z.number().int().positive() }),
});

const isPullRequestEvent = (event: string): event is PullRequestEvent => (PULL_REQUEST_EVENTS as readonly string[]).includes(event);

/** Reads a delivery's JSON body (already verified as GitHub's) for the event named in X-GitHub-Event. */
export function webhookMeaning(event: string, body: string): WebhookMeaning {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return { kind: 'malformed', problem: 'the body is not JSON' };
  }
  if (event === 'ping') return { kind: 'ping' };
  if (!isPullRequestEvent(event)) return { kind: 'ignored' };
  const parsed = namesPullRequest.safeParse(payload);
  if (!parsed.success) return { kind: 'malformed', problem: `a ${event} event without repository.full_name and pull_request.number` };
  return { kind: 'pull_request', repo: parsed.data.repository.full_name, number: parsed.data.pull_request.number };
}
