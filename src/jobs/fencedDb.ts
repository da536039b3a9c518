import type { Db } from '../store/open.js';
import { holdsTerm, type Term } from '../store/leaderTerm.js';

// The database as the leader's jobs see it: every write they make is checked against the leader's
// term in the same transaction, so a leader that was paused past its lease and replaced cannot write
// once it wakes (no second delivery, no light saved over the new leader's). Reads pass through.
//   - db.transaction().execute(fn): the term is checked first inside the transaction, then fn runs.
//   - a write outside a transaction (db.updateTable(...)...execute()): the builder chain is recorded
//     and replayed on a transaction that checks the term first (kysely's builders are immutable
//     values, so replaying the same calls builds the same statement).
// A refused check rolls the transaction back, throws FencedError and tells `onFenced` once, so the
// leader steps down at once whichever job noticed. Raw `sql` run against this db is not fenced: the
// leader's jobs write through the query builder.

export class FencedError extends Error {
  constructor(readonly term: Term) {
    super(`this replica's leadership (term ${term.term}) ended: another replica leads now, so this write was refused`);
    this.name = 'FencedError';
  }
}

export interface Fence {
  term: Term;
  clock: () => Date;
  /** called once, on the first refused write */
  onFenced: (error: FencedError) => void;
}

const WRITES = new Set(['insertInto', 'replaceInto', 'updateTable', 'deleteFrom', 'mergeInto']);
const EXECUTES = new Set(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow']);

type Call = { method: string | symbol; args: unknown[] };

export function fenceDb(db: Db, fence: Fence): Db {
  let fenced = false;
  const check = async (trx: Db): Promise<void> => {
    if (fenced || !(await holdsTerm(trx, fence.term, fence.clock()))) {
      const error = new FencedError(fence.term);
      if (!fenced) {
        fenced = true;
        fence.onFenced(error);
      }
      throw error;
    }
  };

  const inFencedTransaction = <T>(work: (trx: Db) => Promise<T>): Promise<T> =>
    db.transaction().execute(async (trx) => {
      await check(trx);
      return work(trx);
    });

  // A builder made from the fenced db: chained calls are recorded; execute* replays them on a checked transaction.
  const recording = (builder: object, calls: Call[]): object =>
    new Proxy(builder, {
      get(target, property) {
        const value = Reflect.get(target, property) as unknown;
        if (typeof value !== 'function') return value;
        if (EXECUTES.has(String(property))) {
          return () => inFencedTransaction((trx) => {
            const replayed = calls.reduce<any>((on, call) => on[call.method](...call.args), trx);
            return replayed[property]();
          });
        }
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return isBuilder(result) ? recording(result, [...calls, { method: property, args }]) : result;
        };
      },
    });

  return new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (property === 'transaction') {
        return () => fencedTransactionBuilder(target.transaction(), check);
      }
      // Ways to write that would bypass the check: the leader's jobs do not use them, and must not start to unnoticed.
      if (property === 'startTransaction' || property === 'connection') {
        return () => {
          throw new Error(`fenceDb: ${property}() is not fenced; write through transaction() or the query builder`);
        };
      }
      if (typeof property === 'string' && (WRITES.has(property) || property === 'with' || property === 'withRecursive')) {
        return (...args: unknown[]) => recording((value as (...a: unknown[]) => object).apply(target, args), [{ method: property, args }]);
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** kysely's TransactionBuilder, whose execute checks the term first; setIsolationLevel and friends keep the check. */
function fencedTransactionBuilder(builder: ReturnType<Db['transaction']>, check: (trx: Db) => Promise<void>): ReturnType<Db['transaction']> {
  return new Proxy(builder, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (property === 'execute') {
        return <T>(work: (trx: Db) => Promise<T>) => target.execute(async (trx) => {
          await check(trx as unknown as Db);
          return work(trx as unknown as Db);
        });
      }
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result && typeof result === 'object' && 'execute' in result ? fencedTransactionBuilder(result as ReturnType<Db['transaction']>, check) : result;
      };
    },
  });
}

function isBuilder(value: unknown): value is object {
  return typeof value === 'object' && value !== null && typeof (value as { execute?: unknown }).execute === 'function';
}
