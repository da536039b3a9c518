// Every GraphQL document flowlight sends to GitHub. A test validates each against GitHub's
// published schema, so a field GitHub would reject fails the build, not a poll in production.
//
// Price: GitHub charges (the requests each connection needs, a nested one once per parent node)
// / 100, rounded. A page of 49 PRs with three nested connections is 1 + 3 x 49 = 148 -> 1 point;
// at 50 it would be 151 -> 2. Hence pages of 49, not 50.

/** Open and closed PRs are read in pages of this size: the largest that costs 1 point. */
export const PULL_REQUEST_PAGE_SIZE = 49;

/** Timeline items read per PR in one go; older ones are fetched only for the rare PR with more. */
const TIMELINE_PAGE_SIZE = 100;

const TIMELINE_ITEM_TYPES = 'PULL_REQUEST_COMMIT, PULL_REQUEST_REVIEW, REVIEW_REQUESTED_EVENT, REVIEW_REQUEST_REMOVED_EVENT, READY_FOR_REVIEW_EVENT, HEAD_REF_FORCE_PUSHED_EVENT';

const REVIEWER_FIELDS = `__typename
        ... on User { login }
        ... on Bot { login }
        ... on Mannequin { login }
        ... on Team { combinedSlug }`;

const TIMELINE_ITEM_FRAGMENT = `
fragment TimelineItemFacts on PullRequestTimelineItems {
  __typename
  ... on PullRequestCommit { commit { committedDate additions deletions } }
  ... on HeadRefForcePushedEvent { createdAt }
  ... on ReadyForReviewEvent { createdAt }
  ... on ReviewRequestedEvent {
    createdAt
    requestedReviewer {
      ${REVIEWER_FIELDS}
    }
  }
  ... on ReviewRequestRemovedEvent {
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

// Batched documents: many repositories in one call, each under an alias (repo0, repo1, ...), so a
// poll of many changed repositories pays for what it reads and not for one call per repository.
// Names come in as variables, never spliced into the text. See batchPlan.ts for how they are filled.

/** The most "requests" (GitHub's formula, before dividing by 100) that still round to 1 point. */
export const ONE_POINT_REQUESTS = 149;

/** Each PR's details hold 3 nested connections (labels, review requests, timeline): 3 requests. */
const REQUESTS_PER_PULL_REQUEST = 3;

/** PRs whose details fit one batched call of 1 point: 49 x 3 = 147. */
export const DETAILS_PER_CALL = Math.floor(ONE_POINT_REQUESTS / REQUESTS_PER_PULL_REQUEST);

/** Numbers listed per page: a list without nested connections is 1 request, whatever its size. */
const LIST_PAGE_SIZE = 100;

export const repoAlias = (index: number) => `repo${index}`;
export const prAlias = (index: number) => `pr${index}`;
export const batchVariable = {
  owner: (repo: number) => `owner${repo}`,
  name: (repo: number) => `name${repo}`,
  openAfter: (repo: number) => `openAfter${repo}`,
  closedAfter: (repo: number) => `closedAfter${repo}`,
  number: (repo: number, pr: number) => `r${repo}n${pr}`,
};

/** Which lists one repository of a batched list call asks for. */
export interface ListWanted {
  open: boolean;
  closed: boolean;
}

/**
 * Open PR numbers (oldest first, with the total) and recently updated closed PRs, for several
 * repositories. No nested connections: each list is 1 request, so 149 lists cost 1 point.
 */
export function repositoryListsQuery(repos: readonly ListWanted[]): string {
  if (repos.length < 1 || repos.some((r) => !r.open && !r.closed)) throw new RangeError('repositoryListsQuery needs at least one repository, each asking for a list');
  const lists = repos.reduce((sum, r) => sum + Number(r.open) + Number(r.closed), 0);
  if (lists > ONE_POINT_REQUESTS) throw new RangeError(`repositoryListsQuery takes at most ${ONE_POINT_REQUESTS} lists (1 point), got ${lists}`);
  const v = batchVariable;
  const declarations = repos.flatMap((r, i) => [
    `$${v.owner(i)}: String!`,
    `$${v.name(i)}: String!`,
    ...(r.open ? [`$${v.openAfter(i)}: String`] : []),
    ...(r.closed ? [`$${v.closedAfter(i)}: String`] : []),
  ]);
  const aliases = repos.map((r, i) => {
    const open = `open: pullRequests(states: [OPEN], first: ${LIST_PAGE_SIZE}, after: $${v.openAfter(i)}, orderBy: { field: CREATED_AT, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { number }
    }`;
    const closed = `closed: pullRequests(states: [CLOSED, MERGED], first: ${LIST_PAGE_SIZE}, after: $${v.closedAfter(i)}, orderBy: { field: UPDATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes { number updatedAt closedAt mergedAt }
    }`;
    return `${repoAlias(i)}: repository(owner: $${v.owner(i)}, name: $${v.name(i)}) {
    ${[r.open ? open : '', r.closed ? closed : ''].filter(Boolean).join('\n    ')}
  }`;
  });
  return `
query RepositoryLists(${declarations.join(', ')}) {
  ${RATE_LIMIT}
  ${aliases.join('\n  ')}
}`;
}

/** Every fact of the given PRs, grouped by repository: `counts[i]` PRs of repository alias i. 49 in all cost 1 point. */
export function pullRequestDetailsQuery(counts: readonly number[]): string {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (counts.length < 1 || counts.some((n) => !Number.isInteger(n) || n < 1) || total > DETAILS_PER_CALL) {
    throw new RangeError(`pullRequestDetailsQuery takes 1 to ${DETAILS_PER_CALL} PRs, at least one per repository, got ${JSON.stringify(counts)}`);
  }
  const v = batchVariable;
  const declarations = counts.flatMap((n, i) => [`$${v.owner(i)}: String!`, `$${v.name(i)}: String!`, ...Array.from({ length: n }, (_, j) => `$${v.number(i, j)}: Int!`)]);
  const aliases = counts.map((n, i) => `${repoAlias(i)}: repository(owner: $${v.owner(i)}, name: $${v.name(i)}) {
    ${Array.from({ length: n }, (_, j) => `${prAlias(j)}: pullRequest(number: $${v.number(i, j)}) { ...PullRequestFacts }`).join('\n    ')}
  }`);
  return `
query PullRequestDetails(${declarations.join(', ')}) {
  ${RATE_LIMIT}
  ${aliases.join('\n  ')}
}
${PULL_REQUEST_FRAGMENT}`;
}

// The change feed: what changed on PRs, not on repositories (a push to any branch changes a
// repository's pulls list, and with it any ETag over it; it changes no PR's updatedAt).

/** Search results a page: GitHub's largest. No nested connection: 1 point a page. */
export const SEARCH_PAGE_SIZE = 100;

/** PRs of an owner updated since a moment, most recent first (the query text is built by the caller). */
export const CHANGED_PULL_REQUESTS_SEARCH = `
query ChangedPullRequests($q: String!, $after: String) {
  ${RATE_LIMIT}
  search(type: ISSUE, query: $q, first: ${SEARCH_PAGE_SIZE}, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on PullRequest { number updatedAt state closedAt mergedAt repository { nameWithOwner } }
    }
  }
}`;

export const headsVariable = {
  owner: (repo: number) => `owner${repo}`,
  name: (repo: number) => `name${repo}`,
  after: (repo: number) => `after${repo}`,
};

/**
 * Every open PR's number and updatedAt, and each repository's name as GitHub spells it now (a
 * renamed one answers to its former name), for `count` repositories: 1 request each, 149 a point.
 */
export function openHeadsQuery(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > ONE_POINT_REQUESTS) throw new RangeError(`openHeadsQuery takes 1 to ${ONE_POINT_REQUESTS} repositories, got ${count}`);
  const v = headsVariable;
  const indexes = Array.from({ length: count }, (_, i) => i);
  const declarations = indexes.flatMap((i) => [`$${v.owner(i)}: String!`, `$${v.name(i)}: String!`, `$${v.after(i)}: String`]);
  const aliases = indexes.map((i) => `${repoAlias(i)}: repository(owner: $${v.owner(i)}, name: $${v.name(i)}) {
    nameWithOwner
    open: pullRequests(states: [OPEN], first: ${LIST_PAGE_SIZE}, after: $${v.after(i)}, orderBy: { field: CREATED_AT, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { number updatedAt state closedAt mergedAt }
    }
  }`);
  return `
query OpenPullRequestHeads(${declarations.join(', ')}) {
  ${RATE_LIMIT}
  ${aliases.join('\n  ')}
}`;
}
