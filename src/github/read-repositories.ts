import type { GitHub } from './client.js';
import { readRepository, type RepoCursor, type RepoRead } from './read-repository.js';

// Many repositories at once, but never more than `concurrency` in flight: polite to GitHub's
// secondary rate limits, and a poll of 1000 repositories still finishes in seconds.

export interface RepoToRead extends RepoCursor {
  repo: string;
}

export async function readRepositories(
  gh: GitHub,
  cursors: RepoToRead[],
  options: { concurrency: number; now?: Date },
): Promise<Map<string, RepoRead>> {
  const results = new Map<string, RepoRead>();
  await forEachBounded(cursors, Math.max(1, Math.floor(options.concurrency)), async (cursor) => {
    results.set(cursor.repo, await readRepository(gh, cursor.repo, cursor, options.now));
  });
  // Report in the order asked, whatever order the reads finished in.
  return new Map(cursors.map((c) => [c.repo, results.get(c.repo)!]));
}

/** A tiny worker pool: `limit` workers take the next item until none are left. */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
