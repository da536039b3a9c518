// Every GraphQL document flowlight sends to GitHub. A test validates each against GitHub's
// published schema, so a field GitHub would reject fails the build, not a poll in production.
//
// Price: GitHub charges (the requests each connection needs, a nested one once per parent node)
// / 100, rounded. A page of 49 PRs with three nested connections is 1 + 3 x 49 = 148 -> 1 point;
// at 50 it would be 151 -> 2. Hence pages of 49, not 50.

/** Open and closed PRs are read in pages of this size: the largest that costs 1 point. */
export const PULL_REQUEST_PAGE_SIZE = 49;

/** Timeline items read per PR in one go; older ones are fetched only for the rare PR with more. */
export const TIMELINE_PAGE_SIZE = 100;

const TIMELINE_ITEM_TYPES = 'PULL_REQUEST_COMMIT, PULL_REQUEST_REVIEW, REVIEW_REQUESTED_EVENT, READY_FOR_REVIEW_EVENT, HEAD_REF_FORCE_PUSHED_EVENT';

const REVIEWER_FIELDS = `__typename
        ... on User { login }
        ... on Bot { login }
        ... on Mannequin { login }
        ... on Team { combinedSlug }`;

const TIMELINE_ITEM_FRAGMENT = `
fragment TimelineItemFacts on PullRequestTimelineItems {
  __typename
  ... on PullRequestCommit { commit { committedDate } }
  ... on HeadRefForcePushedEvent { createdAt }
  ... on ReadyForReviewEvent { createdAt }
  ... on ReviewRequestedEvent {
    createdAt
    requestedReviewer {
      ${REVIEWER_FIELDS}
    }
  }
  ... on PullRequestReview { id state submittedAt createdAt author { login } }
}`;

/** Everything PullRequestFacts needs about one PR (see src/github/map.ts). */
const PULL_REQUEST_FRAGMENT = `
fragment PullRequestFacts on PullRequest {
  number
  title
  url
  state
  isDraft
  createdAt
  updatedAt
  closedAt
  mergedAt
  additions
  deletions
  headRefName
  baseRefName
  reviewDecision
  author { login }
  labels(first: 30) { totalCount nodes { name } }
  reviewRequests(first: 30) {
    totalCount
    nodes {
      requestedReviewer {
        ${REVIEWER_FIELDS}
      }
    }
  }
  timelineItems(last: ${TIMELINE_PAGE_SIZE}, itemTypes: [${TIMELINE_ITEM_TYPES}]) {
    pageInfo { hasPreviousPage startCursor }
    nodes { ...TimelineItemFacts }
  }
}
${TIMELINE_ITEM_FRAGMENT}`;

const RATE_LIMIT = 'rateLimit { cost remaining resetAt }';

/** One page of a repository's open pull requests, oldest first (stable under concurrent updates). */
export const OPEN_PULL_REQUESTS_QUERY = `
query OpenPullRequests($owner: String!, $name: String!, $after: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    pullRequests(states: [OPEN], first: ${PULL_REQUEST_PAGE_SIZE}, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...PullRequestFacts }
    }
  }
}
${PULL_REQUEST_FRAGMENT}`;

/** One page of closed and merged pull requests, most recently updated first (seeds throughput history). */
export const RECENTLY_CLOSED_PULL_REQUESTS_QUERY = `
query RecentlyClosedPullRequests($owner: String!, $name: String!, $after: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    pullRequests(states: [CLOSED, MERGED], first: ${PULL_REQUEST_PAGE_SIZE}, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes { ...PullRequestFacts }
    }
  }
}
${PULL_REQUEST_FRAGMENT}`;

/** The rest of one PR whose timeline (or labels, or review requests) did not fit in the page query. */
export const PULL_REQUEST_OLDER_TIMELINE_QUERY = `
query PullRequestOlderTimeline($owner: String!, $name: String!, $number: Int!, $before: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      labels(first: 100) { totalCount nodes { name } }
      reviewRequests(first: 100) {
        totalCount
        nodes {
          requestedReviewer {
            ${REVIEWER_FIELDS}
          }
        }
      }
      timelineItems(last: ${TIMELINE_PAGE_SIZE}, before: $before, itemTypes: [${TIMELINE_ITEM_TYPES}]) {
        pageInfo { hasPreviousPage startCursor }
        nodes { ...TimelineItemFacts }
      }
    }
  }
}
${TIMELINE_ITEM_FRAGMENT}`;

/** PRs fetched by number in one call (aliases pr0, pr1, ...): 3 x 49 = 147 requests -> 1 point. */
export const PULL_REQUESTS_BY_NUMBER_MAX = 49;

export function pullRequestsByNumberQuery(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > PULL_REQUESTS_BY_NUMBER_MAX) {
    throw new RangeError(`pullRequestsByNumberQuery takes 1 to ${PULL_REQUESTS_BY_NUMBER_MAX} PRs, got ${count}`);
  }
  const indexes = Array.from({ length: count }, (_, i) => i);
  return `
query PullRequestsByNumber($owner: String!, $name: String!, ${indexes.map((i) => `$n${i}: Int!`).join(', ')}) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    ${indexes.map((i) => `pr${i}: pullRequest(number: $n${i}) { ...PullRequestFacts }`).join('\n    ')}
  }
}
${PULL_REQUEST_FRAGMENT}`;
}
