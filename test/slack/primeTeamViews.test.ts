import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { loadTeamView, primeTeamViews } from '../../src/app/teamView.js';
import { createTeamViewCache, type TeamViewCache } from '../../src/app/teamViewCache.js';
import { recordReadSuccess } from '../../src/store/cursors.js';
import type { Db } from '../../src/store/open.js';
import { savePullRequests } from '../../src/store/pullRequests.js';
import { ensureTeam } from '../../src/store/teams.js';
import { unwatchRepo, watchRepo } from '../../src/store/watchedRepos.js';
import { pullRequest } from '../domain/builders.js';
import { tempStore } from '../helpers/tempStore.js';

const t0 = new Date('2026-11-25T13:00:00Z');

describe('preparing /flow views after a poll', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let now = t0;
  let teamViews: TeamViewCache;
  const deps = () => ({ db, logger: createLogger('silent'), clock: () => now, pollIntervalMs: 60_000, teamViews });
  beforeEach(async () => {
    ({ db, cleanup } = await tempStore());
    teamViews = createTeamViewCache();
    now = t0;
    await ensureTeam(db, 'C1', t0);
    await watchRepo(db, 'C1', 'acme/api', null, t0);
    await recordReadSuccess(db, 'acme/api', null, t0);
    await savePullRequests(db, [pullRequest({ number: 1 })], t0);
  });
  afterEach(async () => cleanup());

  it('leaves a view that the next request shares, until a poll changes what it reads', async () => {
    await primeTeamViews(['C1'], deps());
    now = new Date(t0.getTime() + 5_000);
    const primed = await loadTeamView('C1', deps());
    expect(primed.now).toEqual(t0);

    await recordReadSuccess(db, 'acme/api', '"same"', now); // a quiet poll
    expect(await loadTeamView('C1', deps())).toBe(primed);

    await savePullRequests(db, [pullRequest({ number: 2 })], now); // a poll that found a new PR
    const rebuilt = await loadTeamView('C1', deps());
    expect(rebuilt).not.toBe(primed);
    expect(rebuilt.snapshot.pullRequests.map((pr) => pr.number).sort()).toEqual([1, 2]);
  });

  it('keeps its views in the cache it is given: another cache (another app, a replica) builds its own', async () => {
    await primeTeamViews(['C1'], deps());
    const primed = await loadTeamView('C1', deps());
    expect(teamViews.views.has('C1')).toBe(true);
    const elsewhere = createTeamViewCache();
    const own = await loadTeamView('C1', { ...deps(), teamViews: elsewhere });
    expect(own).not.toBe(primed);
    expect(await elsewhere.views.get('C1')?.view).toBe(own);
    expect(await loadTeamView('C1', deps())).toBe(primed);
  });

  it('lets go of the facts of a repository no team watches any more', async () => {
    await primeTeamViews(['C1'], deps());
    await unwatchRepo(db, 'C1', 'acme/api');
    await primeTeamViews(['C1'], deps());
    // Watched again later: its facts are read afresh from the store, not served from memory.
    await db.updateTable('pull_requests').set({ facts: JSON.stringify({ ...pullRequest({ number: 1, title: 'changed behind the cache' }) }) }).execute();
    await watchRepo(db, 'C1', 'acme/api', null, now);
    now = new Date(t0.getTime() + 60_000);
    const view = await loadTeamView('C1', deps());
    expect(view.snapshot.pullRequests.map((pr) => pr.title)).toEqual(['changed behind the cache']);
  });
});
