// The shared vocabulary of flowlight's pure core. Nothing here does I/O or reads the clock.

import type { RuleName } from './ruleCatalog.js';

/** The team's stop light. `grey` means the data is stale: never green on data we could not read. */
export type Light = 'green' | 'yellow' | 'red' | 'grey';

/** Where a pull request sits from the review queue's point of view (DESIGN.md, "Domain rules"). */
export type QueueState = 'draft' | 'skipped' | 'approved' | 'awaiting_review' | 'awaiting_author';

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export type ReviewDecision = 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;

export type PullRequestState = 'OPEN' | 'CLOSED' | 'MERGED';

/** A submitted review. `author` is null for deleted accounts ("ghost"). */
export interface Review {
  id: string;
  author: string | null;
  state: ReviewState;
  submittedAt: Date;
}

/** A review request made on the PR's timeline (also re-requests after a review). */
export interface ReviewRequestEvent {
  at: Date;
  /** login of a requested user, or `org/team-slug` of a requested team, null when unknown */
  reviewer: string | null;
}

/** A pending review request: a user login or a team slug. */
export type PendingReviewer = { kind: 'user'; login: string } | { kind: 'team'; slug: string };

/**
 * Everything GitHub tells us about one pull request that the domain rules need.
 * Mapped from the API at the github/ boundary; stored as-is; classified by the domain.
 */
export interface PullRequestFacts {
  repo: string; // "owner/name"
  number: number;
  title: string;
  url: string;
  author: string | null;
  state: PullRequestState;
  isDraft: boolean;
  createdAt: Date;
  /** latest time the PR was marked ready for review; null when it was never a draft */
  readyForReviewAt: Date | null;
  closedAt: Date | null;
  mergedAt: Date | null;
  labels: string[];
  additions: number;
  deletions: number;
  headRef: string;
  baseRef: string;
  reviewDecision: ReviewDecision;
  /** when the latest commit reached the PR (pushed or committed date); null when unknown */
  lastCommitAt: Date | null;
  /**
   * when each commit reached the PR, oldest first: commit dates and force pushes (GitHub no longer
   * gives push dates). Finds the first commit after a review. Absent (facts built before it was
   * read): only lastCommitAt is known.
   */
  commitTimes?: Date[];
  /**
   * lines each commit added and removed, oldest first, so a replay can tell how big the PR was
   * earlier (force pushes are not in it). Absent: unknown (today's line counts hold throughout).
   */
  commitLines?: Array<{ at: Date; additions: number; deletions: number }>;
  reviews: Review[];
  pendingReviewers: PendingReviewer[];
  reviewRequests: ReviewRequestEvent[];
  /** review requests withdrawn on the timeline, oldest first; absent: none known */
  reviewRequestRemovals?: ReviewRequestEvent[];
  /** GitHub's updatedAt when these facts were read: the change feed reads a PR again only when it moved */
  updatedAt?: Date;
}

/** A PR as the queue sees it: its facts plus the classification at a point in time. */
export interface QueuedPullRequest {
  facts: PullRequestFacts;
  queue: QueueState;
  /** when it last entered "awaiting review"; null when not awaiting review */
  awaitingReviewSince: Date | null;
}

/** A PR entering or leaving "awaiting review": the raw material for throughput and arrivals. */
export interface QueueTransition {
  repo: string;
  number: number;
  kind: 'entered' | 'left';
  at: Date;
}

/** Working days and hours in a time zone. Days are ISO weekdays: 1 = Monday ... 7 = Sunday. */
export interface WorkingHours {
  timeZone: string;
  days: number[];
  /** "HH:MM", local time */
  start: string;
  /** "HH:MM", local time, after start */
  end: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze({
  timeZone: 'UTC',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
}) as WorkingHours;

export const DEFAULT_SKIP_LABELS: readonly string[] = Object.freeze(['wip', 'do not review', 'on hold']);
export const DEFAULT_URGENT_LABELS: readonly string[] = Object.freeze(['hotfix', 'urgent', 'incident']);

/** Members of the GitHub teams review requests name: `org/slug` (lower case) → member logins (lower case). */
export type GitHubTeams = ReadonlyMap<string, ReadonlySet<string>>;

/** Someone picked up this PR's review (the claim lapses after the team's claim window). */
export interface Claim {
  repo: string;
  number: number;
  login: string;
  claimedAt: Date;
}

export interface RuleLevels {
  enabled: boolean;
  yellow: number;
  red: number;
}

export interface TeamSettings {
  rules: Record<RuleName, RuleLevels>;
  /** nothing comes down within this many minutes of the last change */
  coolDownMinutes: number;
  /** yellow comes down only when every rule is under this share of its yellow level */
  yellowExitRatio: number;
  skipLabels: string[];
  urgentLabels: string[];
  /** cost of delay multiplier for PRs with an urgent label */
  urgentMultiplier: number;
  workingHours: WorkingHours;
  /** "HH:MM", local time of the daily digest */
  digestTime: string;
  /** DM people who open a PR while the light is red */
  gateDms: boolean;
  /** PRs with more changed lines than this are flagged as oversized (and may take two reviewers) */
  oversizedLines: number;
  /** a claim keeps a PR out of others' suggestions for this many business hours */
  claimBusinessHours: number;
  /** a repository without a successful read for this many poll intervals makes the light grey */
  staleAfterPolls: number;
}

export interface RepoHealth {
  repo: string;
  lastSuccessAt: Date | null;
  lastError: string | null;
}

export interface TeamSnapshot {
  settings: TeamSettings;
  /** GitHub logins of the team */
  members: string[];
  /** linked people: GitHub login (lower-case) → Slack user id */
  slackIdByLogin: ReadonlyMap<string, string>;
  /** open and recently closed PRs of the watched repositories */
  pullRequests: PullRequestFacts[];
  claims: Claim[];
  repos: RepoHealth[];
  previous: { light: Light; since: Date } | null;
  pollIntervalMs: number;
  /** CLI --reviewers N */
  reviewersOverride?: number;
  /** members of the GitHub teams requested on the PRs; absent: not read */
  githubTeams?: GitHubTeams;
  /** requested teams whose members GitHub would not list: their requests count for nobody */
  unreadableTeams?: Array<{ slug: string; detail: string }>;
}
