import type { GitHubTeams } from '../domain/types.js';
import type { GitHubTeamTable } from './database.js';
import type { Db } from './open.js';

// The members of GitHub teams that review requests name, as the poller last read them.

export type TeamReadStatus = GitHubTeamTable['status'];

export interface GitHubTeamState {
  slug: string;
  status: TeamReadStatus;
  detail: string | null;
  checkedAt: Date;
}

/** Records a read of one team: its members when it succeeded (replacing the old list), else why not (keeping the old list). */
export async function saveTeamRead(db: Db, slug: string, read: { status: 'ok'; members: string[] } | { status: Exclude<TeamReadStatus, 'ok'>; detail: string }, now: Date): Promise<void> {
  const key = slug.toLowerCase();
  const row = { status: read.status, detail: read.status === 'ok' ? null : read.detail, checked_at: now.toISOString() };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('github_teams').values({ slug: key, ...row }).onConflict((oc) => oc.column('slug').doUpdateSet(row)).execute();
    if (read.status !== 'ok') return;
    await trx.deleteFrom('github_team_members').where('slug', '=', key).execute();
    const logins = [...new Set(read.members.map((login) => login.toLowerCase()))];
    for (let i = 0; i < logins.length; i += 200) {
      await trx.insertInto('github_team_members').values(logins.slice(i, i + 200).map((login) => ({ slug: key, login }))).execute();
    }
  });
}

export async function listTeamStates(db: Db, slugs?: readonly string[]): Promise<GitHubTeamState[]> {
  if (slugs && slugs.length === 0) return [];
  let query = db.selectFrom('github_teams').selectAll();
  if (slugs) query = query.where('slug', 'in', slugs.map((slug) => slug.toLowerCase()));
  const rows = await query.orderBy('slug').execute();
  return rows.map((row) => ({ slug: row.slug, status: row.status, detail: row.detail, checkedAt: new Date(row.checked_at) }));
}

/** Members of these teams (`org/slug`), for the domain. Teams never read successfully are absent. */
export async function loadGitHubTeams(db: Db, slugs: readonly string[]): Promise<GitHubTeams> {
  const teams = new Map<string, Set<string>>();
  if (slugs.length === 0) return teams;
  const rows = await db.selectFrom('github_team_members').select(['slug', 'login']).where('slug', 'in', [...new Set(slugs.map((s) => s.toLowerCase()))]).execute();
  for (const row of rows) {
    const members = teams.get(row.slug);
    if (members) members.add(row.login);
    else teams.set(row.slug, new Set([row.login]));
  }
  return teams;
}
