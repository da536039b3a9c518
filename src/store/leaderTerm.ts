import type { Db } from './open.js';

// The leader among replicas on one database. One row: who holds the role, when it last renewed,
// and its term, raised by one on every acquisition. A holder that stops renewing for `expireAfterMs`
// (by the clock of the replica that looks) may be replaced; its writes are refused from then on
// because they check the term they were started under (see holdsTerm).

const LEADER = 'leader';

/** One term of leadership: what every fenced write names. */
export interface Term {
  holder: string;
  term: number;
  expireAfterMs: number;
}

/** Who leads, as the database says (for /healthz); null before anyone ever led. */
export interface LeaderRecord {
  holder: string;
  term: number;
  renewedAt: Date | null;
}

/**
 * Takes the role unless another holder renewed it within `expireAfterMs`: one statement, so of two
 * replicas asking at once one wins. Every success is a new term, even for the holder that had it
 * (it asks only after losing it). Null when another holder leads.
 */
export async function acquireTerm(db: Db, holder: string, now: Date, expireAfterMs: number): Promise<Term | null> {
  const at = now.toISOString();
  const expiredBefore = new Date(now.getTime() - expireAfterMs).toISOString();
  const row = await db
    .insertInto('leader_term')
    .values({ name: LEADER, term: 1, holder, acquired_at: at, renewed_at: at })
    .onConflict((oc) =>
      oc.column('name')
        .doUpdateSet((eb) => ({ term: eb('leader_term.term', '+', 1), holder, acquired_at: at, renewed_at: at }))
        .where('leader_term.renewed_at', '<', expiredBefore),
    )
    .returning('term')
    .executeTakeFirst();
  return row ? { holder, term: Number(row.term), expireAfterMs } : null;
}

/** Renews the term; false when it is no longer ours (another replica took over, or it was released). */
export async function renewTerm(db: Db, term: Term, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('leader_term')
    .set({ renewed_at: now.toISOString() })
    .where('name', '=', LEADER)
    .where('term', '=', term.term)
    .where('holder', '=', term.holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives the role up at once (a clean stop): the term stays, so the next holder's is higher. */
export async function releaseTerm(db: Db, term: Term): Promise<void> {
  await db.updateTable('leader_term').set({ renewed_at: '' }).where('name', '=', LEADER).where('term', '=', term.term).where('holder', '=', term.holder).execute();
}

/**
 * The fence: true when `term` is still current and unexpired by `now`. Run inside the transaction of
 * the writes it guards, as a write to the leader row, so the row stays locked until that transaction
 * ends: on Postgres a replica taking over waits for it (its write lands before the new term, never
 * after), on SQLite the write lock is taken at once.
 */
export async function holdsTerm(db: Db, term: Term, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('leader_term')
    .set((eb) => ({ term: eb.ref('term') }))
    .where('name', '=', LEADER)
    .where('term', '=', term.term)
    .where('holder', '=', term.holder)
    .where('renewed_at', '>=', new Date(now.getTime() - term.expireAfterMs).toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function currentLeader(db: Db): Promise<LeaderRecord | null> {
  const row = await db.selectFrom('leader_term').selectAll().where('name', '=', LEADER).executeTakeFirst();
  return row ? { holder: row.holder, term: Number(row.term), renewedAt: row.renewed_at ? new Date(row.renewed_at) : null } : null;
}
