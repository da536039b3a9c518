import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordReadFailure, recordReadSuccess } from '../../src/store/cursors.js';
import type { Db } from '../../src/store/open.js';
import { savePullRequests } from '../../src/store/pullRequests.js';
import { ensureTeam } from '../../src/store/teams.js';
import { teamDataVersion } from '../../src/store/teamVersion.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { pullRequest } from '../domain/builders.js';
import { tempStore } from '../helpers/tempStore.js';

const t0 = new Date('2026-11-20T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe("a team's data version (when /flow's shared view must be built again)", () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ db, cleanup } = await tempStore());
    await ensureTeam(db, 'C1', t0);
    await watchRepo(db, 'C1', 'acme/api', null, t0);
    await watchRepo(db, 'C1', 'acme/web', null, t0);
    await recordReadSuccess(db, 'acme/api', null, t0);
    await recordReadSuccess(db, 'acme/web', null, t0);
    await savePullRequests(db, [pullRequest({ number: 1 })], t0);
  });
  afterEach(async () => cleanup());
  const version = (now = later(60_000)) => teamDataVersion(db, 'C1', new Date(now.getTime() - 3 * 60_000));

  it('stays put when a poll only confirms nothing changed, or another team changes', async () => {
    const before = await version();
    await recordReadSuccess(db, 'acme/api', '"etag"', later(60_000));
    await ensureTeam(db, 'C2', t0);
    await watchRepo(db, 'C2', 'acme/other', null, t0);
    await savePullRequests(db, [pullRequest({ repo: 'acme/other', number: 5 })], later(60_000));
    expect(await version()).toBe(before);
  });

  it("moves when a poll saves PRs, even a second repository's with the same poll time", async () => {
    await savePullRequests(db, [pullRequest({ number: 1, title: 'Edited' })], later(60_000));
    const afterFirst = await version();
    await savePullRequests(db, [pullRequest({ repo: 'acme/web', number: 1 })], later(60_000));
    expect(await version()).not.toBe(afterFirst);
  });

  it('moves when a repository fails, or goes unread long enough to be stale', async () => {
    const before = await version();
    await recordReadFailure(db, 'acme/web', 'GitHub unavailable (502)', null, later(60_000));
    const failed = await version();
    expect(failed).not.toBe(before);
    expect(await version(later(10 * 60_000))).not.toBe(failed);
  });

  it('moves with watched repositories and settings', async () => {
    const before = await version();
    await watchRepo(db, 'C1', 'acme/docs', null, t0);
    const watched = await version();
    expect(watched).not.toBe(before);
    await db.updateTable('teams').set({ settings: '{"staleAfterPolls":5}' }).where('id', '=', 'C1').execute();
    expect(await version()).not.toBe(watched);
  });
});
