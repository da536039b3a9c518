// Reading GitHub: one Octokit, conditional requests, GraphQL pages, mapped to PullRequestFacts.
export { createGitHub, type GitHub, type GitHubOptions, type RateLimitNotice } from './client.js';
export { readRepository, type RepoRead } from './readRepository.js';
export { readRepositories, type RepoToRead } from './readRepositories.js';
export { readPullRequests, type PullRequestsRead } from './readPullRequests.js';
export { checkRepositoryAccess, type AccessCheck } from './checkAccess.js';
export { readPullRequestHistory, type HistoryRead } from './readHistory.js';
