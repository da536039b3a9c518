import type { GitHub } from './client.js';
import { pollTimedOut } from './errors.js';
import { forEachBounded } from './forEachBounded.js';
import { readChangedInBatches, type ChangedRepository } from './readInBatches.js';
import { untilAborted } from './untilAborted.js';
import { failed, probeForChanges, readChangedRepository, repoRef, type ReadCursor, type RepoRead } from './readRepository.js';

// Many repositories at once, never more than `concurrency` requests in flight: polite to GitHub's
// secondary rate limits, and a poll of 1000 repositories still finishes in seconds.
//   1. every repository's conditional probe (a 304 costs nothing: most polls end here);
//   2. the changed ones read together in batched GraphQL calls of 1 point each (readInBatches.ts),
//      or, when only one changed, on its own in pages of 49 (no list call needed: cheaper for one).
// When the GitHub carries a signal (the poll's time limit) and it aborts, the answer comes at once:
// what was read by then, and every other repository failed as "the poll timed out".

export interface RepoToRead extends ReadCursor {
  repo: string;
}

export async function readRepositories(
  gh: GitHub,
  cursors: RepoToRead[],
  options: { concurrency: number; now: Date },
): Promise<Map<string, RepoRead>> {
  const { now } = options;
  const limit = Math.max(1, Math.floor(options.concurrency));
  const results = new Map<string, RepoRead>();
  const changed: Array<ChangedRepository & { asked: string; index: number; renamedTo?: string }> = [];

  const work = async () => {
    await forEachBounded(cursors.map((cursor, index) => ({ cursor, index })), limit, async ({ cursor, index }) => {
      if (gh.signal?.aborted) return;
      const ref = repoRef(cursor.repo);
      if (!ref.ok) return void results.set(cursor.repo, failed(ref.failure));
      const probe = await probeForChanges(gh, ref.ref, cursor, now);
      if (probe.kind !== 'changed') return void results.set(cursor.repo, probe);
      // A renamed repository is read under its new name, so its PRs are stored under it.
      const current = probe.renamedTo ? repoRef(probe.renamedTo) : ref;
      changed.push({ ref: current.ok ? current.ref : ref.ref, etag: probe.etag, seeded: cursor.seeded, asked: cursor.repo, index, renamedTo: probe.renamedTo });
    });

    changed.sort((a, b) => a.index - b.index); // the same calls for the same poll, whatever order the probes answered in
    if (changed.length === 1) {
      const only = changed[0]!;
      results.set(only.asked, withRename(await readChangedRepository(gh, only.ref, only.seeded, only.etag, now), only.renamedTo));
    } else if (changed.length > 1) {
      const reads = await readChangedInBatches(gh, changed, { concurrency: limit, now });
      for (const repo of changed) results.set(repo.asked, withRename(reads.get(repo.ref.fullName)!, repo.renamedTo));
    }
  };
  await untilAborted(work(), gh.signal);
  // Report in the order asked, whatever order the reads finished in.
  return new Map(cursors.map((c) => [c.repo, results.get(c.repo) ?? failed(pollTimedOut(c.repo))]));
}

function withRename(read: RepoRead, renamedTo: string | undefined): RepoRead {
  return read.kind === 'failed' || !renamedTo ? read : { ...read, renamedTo };
}
