import type { Db } from './open.js';

// Per owner: how far the change feed has searched, and when its repositories were last reconciled in full.

export interface FeedMark {
  owner: string;
  searchedAt: Date | null;
  reconciledAt: Date | null;
}

const toDate = (value: string | null) => (value ? new Date(value) : null);

export async function getFeedMarks(db: Db, owners: string[]): Promise<Map<string, FeedMark>> {
  const lower = [...new Set(owners.map((o) => o.toLowerCase()))];
  const rows = lower.length === 0 ? [] : await db.selectFrom('github_feed').selectAll().where('owner', 'in', lower).execute();
  const byOwner = new Map(rows.map((row) => [row.owner, row]));
  return new Map(lower.map((owner) => {
    const row = byOwner.get(owner);
    return [owner, { owner, searchedAt: toDate(row?.searched_at ?? null), reconciledAt: toDate(row?.reconciled_at ?? null) }];
  }));
}

/** Moves an owner's marks forward: `searchedAt` after a complete search, `reconciledAt` after a complete reconciliation. */
export async function recordFeedMark(db: Db, owner: string, marks: { searchedAt?: Date; reconciledAt?: Date }): Promise<void> {
  const values = {
    ...(marks.searchedAt ? { searched_at: marks.searchedAt.toISOString() } : {}),
    ...(marks.reconciledAt ? { reconciled_at: marks.reconciledAt.toISOString() } : {}),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('github_feed')
    .values({ owner: owner.toLowerCase(), searched_at: null, reconciled_at: null, ...values })
    .onConflict((oc) => oc.column('owner').doUpdateSet(values))
    .execute();
}
