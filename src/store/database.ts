import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Light, PullRequestState } from '../domain/types.js';

// One interface per table. Timestamps are ISO-8601 UTC strings; JSON columns are strings,
// parsed into domain types by the repositories at the boundary.

export interface TeamTable {
  id: string;
  settings: ColumnType<string, string | undefined, string>;
  created_at: string;
  /** the Slack workspace (and enterprise) the channel belongs to; null until a request recorded it */
  slack_team_id: ColumnType<string | null, string | null | undefined, string | null>;
  slack_enterprise_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** 'refuse' (default) or 'allow': whether a public channel may watch private repositories */
  private_repos: ColumnType<PrivateReposPolicy, PrivateReposPolicy | undefined, PrivateReposPolicy>;
}

export type PrivateReposPolicy = 'refuse' | 'allow';

/** Which posts people trigger count against the channel's limit (src/store/channelPosts.ts). */
export type UserPostKind = 'digest' | 'announcement';

export interface ChannelPostTable {
  id: Generated<number>;
  team_id: string;
  slack_user_id: string;
  kind: UserPostKind;
  at: string;
}

export interface WatchedRepoTable {
  team_id: string;
  repo: string;
  added_by: string | null;
  added_at: string;
}

export interface RepoCursorTable {
  repo: string;
  etag: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  retry_after: string | null;
}

export interface PullRequestTable {
  repo: string;
  number: number;
  state: PullRequestState;
  author: string | null;
  facts: string;
  fetched_at: string;
  /** GitHub's updatedAt when last read (null: read before the change feed kept it) */
  github_updated_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PersonTable {
  team_id: string;
  slack_user_id: string;
  github_login: string;
  linked_at: string;
}

export interface ClaimTable {
  team_id: string;
  repo: string;
  number: number;
  github_login: string;
  slack_user_id: string | null;
  claimed_at: string;
}

export interface TeamLightTable {
  team_id: string;
  light: Light;
  since: string;
  reasons: ColumnType<string, string | undefined, string>;
  evaluated_at: string;
}

export interface LightChangeTable {
  id: Generated<number>;
  team_id: string;
  from_light: Light;
  to_light: Light;
  reasons: ColumnType<string, string | undefined, string>;
  at: string;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'parked' | 'dropped';
export type OutboxKind = 'alert' | 'swarm_update' | 'gate_dm' | 'digest' | 'notice';
/** Why a parked message waits, and so what releases it (src/app/outboxCauses.ts). */
export type OutboxParkCause = 'bot_token' | 'channel_access' | 'other_refusal' | 'awaiting_target';

export interface OutboxTable {
  id: Generated<number>;
  team_id: string;
  dedupe_key: string;
  kind: OutboxKind;
  payload: string;
  status: OutboxStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  last_error: string | null;
  message_channel: string | null;
  message_ts: string | null;
  created_at: string;
  updated_at: string;
  park_cause: ColumnType<OutboxParkCause | null, OutboxParkCause | null | undefined, OutboxParkCause | null>;
  /** the status a parked message goes back to when its cause clears */
  resume_as: ColumnType<'pending' | 'sending' | null, 'pending' | 'sending' | null | undefined, 'pending' | 'sending' | null>;
}

export interface DigestTable {
  team_id: string;
  day: string;
  posted_at: string;
}

export interface SwarmMessageTable {
  alert_key: string;
  team_id: string;
  started_at: string;
  ended_at: string | null;
  transition: string;
  plan_fingerprint: string;
  updates: ColumnType<number, number | undefined, number>;
  updated_at: string;
}

export interface InstanceLeaseTable {
  name: string;
  holder: string;
  acquired_at: string;
  renewed_at: string;
  holder_host: string | null;
  holder_pid: number | null;
  holder_started: string | null;
}

export interface HealthHeartbeatTable {
  name: string;
  beat_at: string;
}

/** A GitHub team named by review requests, and how reading its members last went. */
export interface GitHubTeamTable {
  slug: string;
  status: 'ok' | 'forbidden' | 'not_found' | 'failed';
  detail: string | null;
  checked_at: string;
}

export interface GitHubTeamMemberTable {
  slug: string;
  login: string;
}

/** How far one repository's history backfill got (src/jobs/backfill.ts). */
export interface HistoryBackfillTable {
  repo: string;
  status: 'reading' | 'complete' | 'failed';
  weeks: number;
  since: string;
  cursor: string | null;
  read_back_to: string | null;
  pages: ColumnType<number, number | undefined, number>;
  pull_requests: ColumnType<number, number | undefined, number>;
  failures: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  retry_after: string | null;
  started_at: string;
  updated_at: string;
}

/** When a team first watched a repository: where before/after comparisons split. */
export interface TeamFirstWatchTable {
  team_id: string;
  first_watched_at: string;
}

export interface Database {
  teams: TeamTable;
  watched_repos: WatchedRepoTable;
  repo_cursors: RepoCursorTable;
  pull_requests: PullRequestTable;
  people: PersonTable;
  claims: ClaimTable;
  team_lights: TeamLightTable;
  light_changes: LightChangeTable;
  outbox: OutboxTable;
  digests: DigestTable;
  instance_lease: InstanceLeaseTable;
  swarm_messages: SwarmMessageTable;
  health_heartbeat: HealthHeartbeatTable;
  channel_posts: ChannelPostTable;
  github_teams: GitHubTeamTable;
  github_team_members: GitHubTeamMemberTable;
  history_backfills: HistoryBackfillTable;
  team_first_watch: TeamFirstWatchTable;
  github_feed: GitHubFeedTable;
  github_deliveries: GitHubDeliveryTable;
  leader_term: LeaderTermTable;
}

/** The replicas' leader on Postgres: see store/leaderTerm.ts. */
export interface LeaderTermTable {
  name: string;
  term: number;
  holder: string;
  acquired_at: string;
  renewed_at: string;
}

export interface GitHubFeedTable {
  owner: string;
  searched_at: string | null;
  reconciled_at: string | null;
}

export type OutboxRow = Selectable<OutboxTable>;

export interface GitHubDeliveryTable {
  id: string;
  event: string;
  repo: string | null;
  number: number | null;
  received_at: string;
  processed_at: string | null;
}
