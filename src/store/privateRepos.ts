import type { PrivateReposPolicy } from './database.js';
import type { Db } from './open.js';

export type { PrivateReposPolicy } from './database.js';

// Whether an admin let this channel watch private repositories although it is public.

export async function privateReposPolicyOf(db: Db, teamId: string): Promise<PrivateReposPolicy> {
  const row = await db.selectFrom('teams').select('private_repos').where('id', '=', teamId).executeTakeFirst();
  return row?.private_repos === 'allow' ? 'allow' : 'refuse';
}

export async function savePrivateReposPolicy(db: Db, teamId: string, policy: PrivateReposPolicy): Promise<void> {
  await db.updateTable('teams').set({ private_repos: policy }).where('id', '=', teamId).execute();
}
