// Reading GitHub: one Octokit, conditional requests, GraphQL pages, mapped to PullRequestFacts.
export { createGitHub, type GitHub, type GitHubOptions, type RateLimitNotice } from './client.js';
export { readRepository, type RepoRead } from './read-repository.js';
export { readRepositories, type RepoToRead } from './read-repositories.js';
export { readPullRequests, type PullRequestsRead } from './read-pull-requests.js';
export { checkRepositoryAccess, type AccessCheck } from './check-access.js';
export { readPullRequestHistory, type HistoryRead } from './read-history.js';
