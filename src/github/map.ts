import { z } from 'zod';
import type { PendingReviewer, PullRequestFacts, Review, ReviewRequestEvent } from '../domain/types.js';

// GitHub's GraphQL answers → PullRequestFacts, validated with zod at the boundary: a missing or
// mistyped field makes the whole read fail (github_bad_response), never half a pull request.

export const isoDate = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not a date')
  .transform((v) => new Date(v));

const actor = z.object({ login: z.string() }).nullable();

const requestedReviewer = z
  .object({ __typename: z.string(), login: z.string().optional(), combinedSlug: z.string().optional() })
  .nullable();

const timelineItem = z.discriminatedUnion('__typename', [
  z.object({ __typename: z.literal('PullRequestCommit'), commit: z.object({ committedDate: isoDate, additions: z.number().int().nonnegative().optional(), deletions: z.number().int().nonnegative().optional() }) }),
  z.object({ __typename: z.literal('HeadRefForcePushedEvent'), createdAt: isoDate }),
  z.object({ __typename: z.literal('ReadyForReviewEvent'), createdAt: isoDate }),
  z.object({ __typename: z.literal('ReviewRequestedEvent'), createdAt: isoDate, requestedReviewer }),
  z.object({ __typename: z.literal('ReviewRequestRemovedEvent'), createdAt: isoDate, requestedReviewer }),
  z.object({
    __typename: z.literal('PullRequestReview'),
    id: z.string(),
    state: z.enum(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']),
    submittedAt: isoDate.nullable(),
    createdAt: isoDate,
    author: actor,
  }),
]);

const labels = z.object({ totalCount: z.number().int(), nodes: z.array(z.object({ name: z.string() })) });
const reviewRequests = z.object({ totalCount: z.number().int(), nodes: z.array(z.object({ requestedReviewer })) });
const timeline = z.object({
  pageInfo: z.object({ hasPreviousPage: z.boolean(), startCursor: z.string().nullable() }),
  nodes: z.array(timelineItem),
});

export const pullRequestNode = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  url: z.string(),
  state: z.enum(['OPEN', 'CLOSED', 'MERGED']),
  isDraft: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
  closedAt: isoDate.nullable(),
  mergedAt: isoDate.nullable(),
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  headRefName: z.string(),
  baseRefName: z.string(),
  reviewDecision: z.enum(['APPROVED', 'CHANGES_REQUESTED', 'REVIEW_REQUIRED']).nullable(),
  author: actor,
  labels,
  reviewRequests,
  timelineItems: timeline,
});
export type PullRequestNode = z.infer<typeof pullRequestNode>;

export const pullRequestPage = z.object({
  repository: z.object({
    pullRequests: z.object({
      pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
      nodes: z.array(pullRequestNode),
    }),
  }),
});

export const olderTimelinePage = z.object({
  repository: z.object({ pullRequest: z.object({ labels, reviewRequests, timelineItems: timeline }) }),
});
export type OlderTimelinePage = z.infer<typeof olderTimelinePage>['repository']['pullRequest'];

/** aliases pr0..prN; an alias is null when that PR no longer exists */
export const pullRequestsByNumber = z.object({ repository: z.record(z.string(), pullRequestNode.nullable()) });

/** Parses with a schema, or says in one line what was wrong. */
export function parseAnswer<T>(schema: z.ZodType<T>, data: unknown): { ok: true; value: T } | { ok: false; problem: string } {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `${issue?.path.join('.') || 'answer'}: ${issue?.message ?? 'unexpected shape'}` };
}

/** Whether this node's connections were cut short and the rest must be fetched before mapping. */
export function needsCompletion(node: Pick<PullRequestNode, 'labels' | 'reviewRequests' | 'timelineItems'>): boolean {
  return (
    node.timelineItems.pageInfo.hasPreviousPage ||
    node.labels.totalCount > node.labels.nodes.length ||
    node.reviewRequests.totalCount > node.reviewRequests.nodes.length
  );
}

export function toPullRequestFacts(repo: string, node: PullRequestNode): PullRequestFacts {
  const items = node.timelineItems.nodes;
  const latest = (dates: Date[]) => (dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : null);

  const readyAt: Date[] = [];
  const pushedAt: Date[] = [];
  const commitLines: Array<{ at: Date; additions: number; deletions: number }> = [];
  const reviews: Review[] = [];
  const reviewRequestEvents: ReviewRequestEvent[] = [];
  const removals: ReviewRequestEvent[] = [];
  for (const item of items) {
    switch (item.__typename) {
      case 'ReadyForReviewEvent':
        readyAt.push(item.createdAt);
        break;
      case 'PullRequestCommit':
        pushedAt.push(item.commit.committedDate);
        if (item.commit.additions !== undefined && item.commit.deletions !== undefined) commitLines.push({ at: item.commit.committedDate, additions: item.commit.additions, deletions: item.commit.deletions });
        break;
      case 'HeadRefForcePushedEvent':
        pushedAt.push(item.createdAt);
        break;
      case 'ReviewRequestedEvent':
        reviewRequestEvents.push({ at: item.createdAt, reviewer: reviewerName(item.requestedReviewer) });
        break;
      case 'ReviewRequestRemovedEvent':
        removals.push({ at: item.createdAt, reviewer: reviewerName(item.requestedReviewer) });
        break;
      case 'PullRequestReview':
        // A PENDING review is the reader's own unsubmitted draft: nobody else sees it yet.
        if (item.state !== 'PENDING') {
          reviews.push({ id: item.id, author: item.author?.login ?? null, state: item.state, submittedAt: item.submittedAt ?? item.createdAt });
        }
        break;
      default: {
        const _exhaustive: never = item;
        throw new Error(`unhandled timeline item ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  const pendingReviewers: PendingReviewer[] = [];
  for (const { requestedReviewer } of node.reviewRequests.nodes) {
    const pending = toPendingReviewer(requestedReviewer);
    if (pending) pendingReviewers.push(pending);
  }

  return {
    repo,
    number: node.number,
    title: node.title,
    url: node.url,
    author: node.author?.login ?? null,
    state: node.state,
    isDraft: node.isDraft,
    createdAt: node.createdAt,
    readyForReviewAt: latest(readyAt),
    closedAt: node.closedAt,
    mergedAt: node.mergedAt,
    labels: node.labels.nodes.map((l) => l.name),
    additions: node.additions,
    deletions: node.deletions,
    headRef: node.headRefName,
    baseRef: node.baseRefName,
    reviewDecision: node.reviewDecision,
    lastCommitAt: latest(pushedAt),
    commitTimes: oldestFirst(pushedAt),
    commitLines: commitLines.sort((a, b) => a.at.getTime() - b.at.getTime()),
    reviews: reviews.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime()),
    pendingReviewers,
    reviewRequests: reviewRequestEvents.sort((a, b) => a.at.getTime() - b.at.getTime()),
    reviewRequestRemovals: removals.sort((a, b) => a.at.getTime() - b.at.getTime()),
    updatedAt: node.updatedAt,
  };
}

const oldestFirst = (dates: Date[]) => [...dates].sort((a, b) => a.getTime() - b.getTime());

/** A node whose timeline, labels or review requests were completed by follow-up pages (newest page first). */
export function completeNode(node: PullRequestNode, rest: OlderTimelinePage[]): PullRequestNode {
  const first = rest[0];
  if (!first) return node;
  // pages were fetched going back in time: the last one fetched is the oldest
  const older = [...rest].reverse().flatMap((page) => page.timelineItems.nodes);
  return {
    ...node,
    labels: first.labels,
    reviewRequests: first.reviewRequests,
    timelineItems: { pageInfo: { hasPreviousPage: false, startCursor: null }, nodes: [...older, ...node.timelineItems.nodes] },
  };
}

type Reviewer = z.infer<typeof requestedReviewer>;

function reviewerName(reviewer: Reviewer): string | null {
  if (!reviewer) return null;
  return reviewer.__typename === 'Team' ? (reviewer.combinedSlug ?? null) : (reviewer.login ?? null);
}

function toPendingReviewer(reviewer: Reviewer): PendingReviewer | null {
  if (!reviewer) return null; // a deleted account or team: nobody to wait for
  if (reviewer.__typename === 'Team') return reviewer.combinedSlug ? { kind: 'team', slug: reviewer.combinedSlug } : null;
  return reviewer.login ? { kind: 'user', login: reviewer.login } : null;
}
