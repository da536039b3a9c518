import { GraphQLError } from 'graphql';
import { connection, type ConnectionArgs } from '../connection.js';
import { fullNameOf, pushedAtOf, reviewDecisionOf, updatedAtOf, type Scenario, type SimPullRequest, type SimRepository } from '../scenario.js';
import { resolveRepository } from '../scenario.js';
import { SEARCH_RESULT_LIMIT, searchPullRequests } from './search.js';

// Plain objects shaped like GitHub's GraphQL types. graphql-js's default resolver reads a property,
// or calls it with (args) when it is a function; union and interface members carry `__typename`.

type Args = ConnectionArgs & Record<string, unknown>;

/** An error GitHub reports with a `type` beside the message (NOT_FOUND, RATE_LIMITED, ...). */
export function typedError(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const nodeId = (kind: string, key: string) => Buffer.from(`${kind}:${key}`).toString('base64url');

function actor(login: string | null) {
  return login === null ? null : { __typename: 'User', login, id: nodeId('User', login), url: `https://github.com/${login}` };
}

function reviewer(name: string) {
  const [org, slug] = name.includes('/') ? name.split('/', 2) : [null, null];
  if (org && slug) {
    return { __typename: 'Team', slug, name: slug, combinedSlug: `${org}/${slug}`, id: nodeId('Team', name), organization: { login: org } };
  }
  return actor(name);
}

export function rootValue(scenario: Scenario, rateLimit: () => Record<string, unknown>) {
  return {
    rateLimit,
    viewer: { __typename: 'User', login: 'flowlight-sim', id: nodeId('User', 'flowlight-sim') },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      // GitHub resolves a former name (before a rename) to the repository as it is now.
      const repo = resolveRepository(scenario, owner, name);
      if (!repo) throw typedError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return repositoryView(repo);
    },
    search: (args: Args) => {
      const hits = args.type === 'ISSUE' ? searchPullRequests(scenario, String(args.query ?? '')) : [];
      const reachable = hits.slice(0, SEARCH_RESULT_LIMIT);
      return { ...connection(reachable, args, 'search', ({ repo, pr }) => pullRequestView(repo, pr)), issueCount: hits.length, repositoryCount: 0, userCount: 0, wikiCount: 0, codeCount: 0, discussionCount: 0 };
    },
  };
}

function repositoryView(repo: SimRepository) {
  const fullName = fullNameOf(repo);
  return {
    __typename: 'Repository',
    id: nodeId('Repository', repo.formerNames?.[0] ?? fullName), // a node id survives renames, as on GitHub
    name: repo.name,
    nameWithOwner: fullName,
    owner: { __typename: 'Organization', login: repo.owner },
    url: `https://github.com/${fullName}`,
    pushedAt: iso(pushedAtOf(repo)),
    pullRequests: (args: Args) => {
      const states = args.states as string[] | undefined;
      const orderBy = args.orderBy as { field: string; direction: string } | undefined;
      let prs = repo.pullRequests.filter((pr) => !states || states.includes(pr.state));
      if (typeof args.baseRefName === 'string') prs = prs.filter((pr) => pr.baseRef === args.baseRefName);
      if (typeof args.headRefName === 'string') prs = prs.filter((pr) => pr.headRef === args.headRefName);
      const keyOf = orderBy?.field === 'UPDATED_AT' ? (pr: SimPullRequest) => updatedAtOf(pr).getTime() : (pr: SimPullRequest) => pr.createdAt.getTime();
      const sign = orderBy?.direction === 'DESC' ? -1 : 1;
      // each key once, not once per comparison: a PR's last update is a walk over all its events
      const keys = new Map(prs.map((pr) => [pr, keyOf(pr)]));
      prs = [...prs].sort((a, b) => sign * (keys.get(a)! - keys.get(b)! || a.number - b.number));
      return connection(prs, args, 'pullRequests', (pr) => pullRequestView(repo, pr));
    },
    pullRequest: ({ number }: { number: number }) => {
      const pr = repo.pullRequests.find((p) => p.number === number);
      if (!pr) throw typedError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`);
      return pullRequestView(repo, pr);
    },
  };
}

function pullRequestView(repo: SimRepository, pr: SimPullRequest) {
  const fullName = fullNameOf(repo);
  const key = `${fullName}#${pr.number}`;
  const reviews = [...pr.reviews]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((review, i) => ({
      __typename: 'PullRequestReview',
      id: nodeId('PullRequestReview', `${key}/${i}`),
      author: actor(review.author),
      state: review.state,
      submittedAt: review.state === 'PENDING' ? null : iso(review.at),
      createdAt: iso(review.at),
      at: review.at,
    }));
  const commits = [...pr.commits]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((commit, i) => {
      const oid = Buffer.from(`${key}/${i}`).toString('hex').padEnd(40, '0').slice(0, 40);
      return {
        __typename: 'PullRequestCommit',
        id: nodeId('PullRequestCommit', `${key}/${i}`),
        commit: { __typename: 'Commit', oid, committedDate: iso(commit.at), authoredDate: iso(commit.at), pushedDate: null, additions: commit.additions ?? 0, deletions: commit.deletions ?? 0 },
        at: commit.at,
      };
    });
  const requested = pr.reviewRequests.map((request, i) => ({
    __typename: 'ReviewRequestedEvent',
    id: nodeId('ReviewRequestedEvent', `${key}/${i}`),
    createdAt: iso(request.at),
    actor: actor(pr.author),
    requestedReviewer: reviewer(request.reviewer),
    at: request.at,
  }));
  const removed = pr.reviewRequests.flatMap((request, i) => request.removedAt
    ? [{
        __typename: 'ReviewRequestRemovedEvent',
        id: nodeId('ReviewRequestRemovedEvent', `${key}/${i}`),
        createdAt: iso(request.removedAt),
        actor: actor(pr.author),
        requestedReviewer: reviewer(request.reviewer),
        at: request.removedAt,
      }]
    : []);
  const ready = pr.readyForReviewAt
    ? [{ __typename: 'ReadyForReviewEvent', id: nodeId('ReadyForReviewEvent', key), createdAt: iso(pr.readyForReviewAt), actor: actor(pr.author), at: pr.readyForReviewAt }]
    : [];
  const timeline = [...commits, ...ready, ...requested, ...removed, ...reviews].sort((a, b) => a.at.getTime() - b.at.getTime());
  const itemTypeOf: Record<string, string> = {
    PullRequestCommit: 'PULL_REQUEST_COMMIT',
    PullRequestReview: 'PULL_REQUEST_REVIEW',
    ReviewRequestedEvent: 'REVIEW_REQUESTED_EVENT',
    ReviewRequestRemovedEvent: 'REVIEW_REQUEST_REMOVED_EVENT',
    ReadyForReviewEvent: 'READY_FOR_REVIEW_EVENT',
  };
  const pending = new Map<string, ReturnType<typeof reviewer>>();
  for (const request of pr.reviewRequests) if (request.pending) pending.set(request.reviewer.toLowerCase(), reviewer(request.reviewer));

  return {
    __typename: 'PullRequest',
    id: nodeId('PullRequest', key),
    number: pr.number,
    title: pr.title,
    url: `https://github.com/${fullName}/pull/${pr.number}`,
    author: actor(pr.author),
    state: pr.state,
    closed: pr.state !== 'OPEN',
    merged: pr.state === 'MERGED',
    isDraft: pr.isDraft,
    createdAt: iso(pr.createdAt),
    updatedAt: iso(updatedAtOf(pr)),
    closedAt: iso(pr.closedAt ?? pr.mergedAt),
    mergedAt: iso(pr.mergedAt),
    additions: pr.additions,
    deletions: pr.deletions,
    changedFiles: Math.max(1, Math.ceil((pr.additions + pr.deletions) / 40)),
    headRefName: pr.headRef,
    baseRefName: pr.baseRef,
    repository: { __typename: 'Repository', nameWithOwner: fullName, name: repo.name, owner: { __typename: 'Organization', login: repo.owner } },
    reviewDecision: reviewDecisionOf(repo, pr),
    labels: (args: Args) =>
      connection(pr.labels.map((name) => ({ __typename: 'Label', id: nodeId('Label', `${fullName}/${name}`), name })), args, 'labels'),
    reviews: (args: Args) => {
      const states = args.states as string[] | undefined;
      const author = args.author as string | undefined;
      const chosen = reviews.filter((r) => (!states || states.includes(r.state)) && (!author || r.author?.login === author));
      return connection(chosen, args, 'reviews');
    },
    reviewRequests: (args: Args) =>
      connection(
        [...pending.values()].map((requestedReviewer, i) => ({ __typename: 'ReviewRequest', id: nodeId('ReviewRequest', `${key}/${i}`), requestedReviewer, asCodeOwner: false })),
        args,
        'reviewRequests',
      ),
    commits: (args: Args) => connection(commits, args, 'commits'),
    timelineItems: (args: Args) => {
      const itemTypes = args.itemTypes as string[] | undefined;
      const since = typeof args.since === 'string' ? new Date(args.since) : null;
      const chosen = timeline.filter((item) => (!itemTypes || itemTypes.includes(itemTypeOf[item.__typename] ?? '')) && (!since || item.at >= since));
      return { ...connection(chosen, args, 'timelineItems'), filteredCount: chosen.length, pageCount: chosen.length, updatedAt: iso(updatedAtOf(pr)) };
    },
  };
}
