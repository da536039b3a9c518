import crypto from 'node:crypto';
import { fullNameOf, pushedAtOf, updatedAtOf, type Scenario, type SimPullRequest, type SimRepository } from './scenario.js';

// GitHub's REST shapes for the two endpoints flowlight reads, and strong ETags over the body.

/** GitHub's numeric repository id: stays the same through renames. */
export function repositoryId(repo: SimRepository): number {
  return repo.id ?? idFor(repo.formerNames?.[0] ?? fullNameOf(repo));
}

export function repositoryJson(repo: SimRepository) {
  const fullName = fullNameOf(repo);
  return {
    id: repositoryId(repo),
    node_id: Buffer.from(`Repository:${fullName}`).toString('base64url'),
    name: repo.name,
    full_name: fullName,
    owner: { login: repo.owner, type: 'Organization' },
    private: (repo.visibility ?? 'private') !== 'public',
    visibility: repo.visibility ?? 'private',
    html_url: `https://github.com/${fullName}`,
    default_branch: 'main',
    permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
    pushed_at: seconds(pushedAtOf(repo)),
  };
}

function pullRequestJson(repo: SimRepository, pr: SimPullRequest) {
  const fullName = fullNameOf(repo);
  return {
    id: idFor(`${fullName}#${pr.number}`),
    number: pr.number,
    state: pr.state === 'OPEN' ? 'open' : 'closed',
    title: pr.title,
    user: pr.author === null ? null : { login: pr.author, type: 'User' },
    html_url: `https://github.com/${fullName}/pull/${pr.number}`,
    draft: pr.isDraft,
    labels: pr.labels.map((name) => ({ name })),
    created_at: seconds(pr.createdAt),
    updated_at: seconds(updatedAtOf(pr)),
    closed_at: pr.closedAt || pr.mergedAt ? seconds((pr.closedAt ?? pr.mergedAt)!) : null,
    merged_at: pr.mergedAt ? seconds(pr.mergedAt) : null,
    // As on GitHub, each end embeds its repository, pushed_at included: a push to any branch changes the list.
    head: { ref: pr.headRef, repo: repositoryJson(repo) },
    base: { ref: pr.baseRef, repo: repositoryJson(repo) },
  };
}

/** GET /repos/{o}/{r}/pulls with state, sort, direction, per_page and page as GitHub reads them. */
export function listPullRequests(repo: SimRepository, query: URLSearchParams) {
  const state = query.get('state') ?? 'open';
  const sort = query.get('sort') ?? 'created';
  const direction = query.get('direction') ?? (sort === 'created' ? 'desc' : 'desc');
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const matching = repo.pullRequests.filter((pr) => state === 'all' || (state === 'open') === (pr.state === 'OPEN'));
  const key = sort === 'updated' ? (pr: SimPullRequest) => updatedAtOf(pr).getTime() : (pr: SimPullRequest) => pr.createdAt.getTime();
  const sign = direction === 'asc' ? 1 : -1;
  const sorted = [...matching].sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
  return sorted.slice((page - 1) * perPage, page * perPage).map((pr) => pullRequestJson(repo, pr));
}

/** GET /orgs/{org}/teams/{team_slug}/members (per_page, page); null when the organisation has no such team. */
export function listTeamMembers(scenario: Scenario, combinedSlug: string, query: URLSearchParams): { members: unknown[]; nextPage: number | null } | null {
  const wanted = combinedSlug.toLowerCase();
  const team = (scenario.teams ?? []).find((t) => `${t.org}/${t.slug}`.toLowerCase() === wanted);
  if (!team) return null;
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const all = team.members.map((login) => ({ login, id: idFor(`User:${login}`), node_id: Buffer.from(`User:${login}`).toString('base64url'), type: 'User', site_admin: false }));
  const members = all.slice((page - 1) * perPage, page * perPage);
  return { members, nextPage: page * perPage < all.length ? page + 1 : null };
}

export function strongEtag(body: string): string {
  return `"${crypto.createHash('sha256').update(body).digest('hex').slice(0, 40)}"`;
}

/** If-None-Match holds a list of (possibly weak) ETags; GET uses the weak comparison. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

// GitHub's REST timestamps have whole seconds.
const seconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function idFor(key: string): number {
  return crypto.createHash('sha256').update(key).digest().readUInt32BE(0);
}
