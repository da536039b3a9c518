import { decodeFacts, encodeFacts } from './factsCodec.js';
import type { Db } from './open.js';

// A watched repository renamed on GitHub: everything flowlight keeps under its old name moves to the
// new one (the channels that watch it, its cursor, its stored PRs and claims), in the caller's
// transaction, so the light keeps its history and people keep their claims. Where a channel already
// watched the new name too, the old entry simply goes.

export interface RenameOutcome {
  /** the channels that watched the old name: each is told */
  teamIds: string[];
}

export async function renameRepository(db: Db, from: string, to: string): Promise<RenameOutcome> {
  const oldName = from.toLowerCase();
  const newName = to.toLowerCase();
  if (oldName === newName) return { teamIds: [] };

  // 1. The channels: watch the new name instead (once).
  const watching = await db.selectFrom('watched_repos').select('team_id').where('repo', '=', oldName).execute();
  const alsoNew = new Set((await db.selectFrom('watched_repos').select('team_id').where('repo', '=', newName).execute()).map((r) => r.team_id));
  for (const { team_id: teamId } of watching) {
    if (alsoNew.has(teamId)) await db.deleteFrom('watched_repos').where('team_id', '=', teamId).where('repo', '=', oldName).execute();
    else await db.updateTable('watched_repos').set({ repo: newName }).where('team_id', '=', teamId).where('repo', '=', oldName).execute();
  }

  // 2. The cursor: the old one carries on, unless the new name has its own.
  const newCursor = await db.selectFrom('repo_cursors').select('repo').where('repo', '=', newName).executeTakeFirst();
  if (newCursor) await db.deleteFrom('repo_cursors').where('repo', '=', oldName).execute();
  else await db.updateTable('repo_cursors').set({ repo: newName }).where('repo', '=', oldName).execute();

  // 3. Stored PRs (their facts name the repository and link to it) and claims.
  const taken = new Set((await db.selectFrom('pull_requests').select('number').where('repo', '=', newName).execute()).map((r) => r.number));
  const rows = await db.selectFrom('pull_requests').select(['number', 'facts']).where('repo', '=', oldName).execute();
  for (const row of rows) {
    if (taken.has(row.number)) {
      await db.deleteFrom('pull_requests').where('repo', '=', oldName).where('number', '=', row.number).execute();
      continue;
    }
    const facts = decodeFacts(row.facts);
    const moved = { ...facts, repo: newName, url: facts.url.replace(/\/[^/]+\/[^/]+\/pull\//, `/${to}/pull/`) };
    await db.updateTable('pull_requests').set({ repo: newName, facts: encodeFacts(moved) }).where('repo', '=', oldName).where('number', '=', row.number).execute();
  }
  const claimed = await db.selectFrom('claims').select(['team_id', 'number']).where('repo', '=', newName).execute();
  const claimedKeys = new Set(claimed.map((c) => `${c.team_id}#${c.number}`));
  for (const claim of await db.selectFrom('claims').select(['team_id', 'number']).where('repo', '=', oldName).execute()) {
    if (claimedKeys.has(`${claim.team_id}#${claim.number}`)) await db.deleteFrom('claims').where('team_id', '=', claim.team_id).where('repo', '=', oldName).where('number', '=', claim.number).execute();
    else await db.updateTable('claims').set({ repo: newName }).where('team_id', '=', claim.team_id).where('repo', '=', oldName).where('number', '=', claim.number).execute();
  }
  return { teamIds: watching.map((r) => r.team_id) };
}
