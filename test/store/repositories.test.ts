import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimPullRequest, listClaims, pruneClaims } from '../../src/store/claims.js';
import { getCursors, listRepoHealth, recordReadFailure, recordReadSuccess } from '../../src/store/cursors.js';
import { openStore, type Db } from '../../src/store/open.js';
import { linkPerson, listPeople, loginFor, unlinkPerson } from '../../src/store/people.js';
import { ensureTeam, getSettingsOverrides, listTeamIds, saveSettingsOverrides } from '../../src/store/teams.js';
import { listAllWatchedRepos, listTeamsWatching, listWatchedRepos, unwatchRepo, watchRepo } from '../../src/store/watchedRepos.js';
import { tempStore, testDatabase } from '../helpers/tempStore.js';

const now = new Date('2026-11-20T10:00:00Z');

describe('the store', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let file: string;
  let databaseUrl: string;
  beforeEach(async () => {
    ({ db, cleanup, file, databaseUrl } = await tempStore());
    await ensureTeam(db, 'C1', now);
    await ensureTeam(db, 'C2', now);
  });
  afterEach(async () => cleanup());

  it('keeps teams and their settings overrides', async () => {
    await ensureTeam(db, 'C1', now); // idempotent
    expect(await listTeamIds(db)).toEqual(['C1', 'C2']);
    expect(JSON.parse(await getSettingsOverrides(db, 'C1'))).toEqual({});
    await saveSettingsOverrides(db, 'C1', { digestTime: '10:00' });
    expect(JSON.parse(await getSettingsOverrides(db, 'C1'))).toEqual({ digestTime: '10:00' });
  });

  it('watches repositories per team, case-insensitively, once each', async () => {
    expect(await watchRepo(db, 'C1', 'Acme/API', 'U1', now)).toBe(true);
    expect(await watchRepo(db, 'C1', 'acme/api', 'U1', now)).toBe(false);
    await watchRepo(db, 'C2', 'acme/api', 'U2', now);
    await watchRepo(db, 'C2', 'acme/web', 'U2', now);
    expect(await listWatchedRepos(db, 'C1')).toEqual(['acme/api']);
    expect(await listAllWatchedRepos(db)).toEqual(['acme/api', 'acme/web']);
    expect(await listTeamsWatching(db, ['acme/web'])).toEqual(['C2']);
    expect(await unwatchRepo(db, 'C1', 'ACME/api')).toBe(true);
    expect(await unwatchRepo(db, 'C1', 'acme/api')).toBe(false);
  });

  it('links one Slack user to one GitHub login and refuses a login someone else holds', async () => {
    await linkPerson(db, 'C1', 'U1', 'Alice', now);
    await linkPerson(db, 'C1', 'U1', 'alice2', now); // relinking replaces
    expect(await loginFor(db, 'C1', 'U1')).toBe('alice2');
    await expect(linkPerson(db, 'C1', 'U2', 'ALICE2', now)).rejects.toThrow(/already linked to someone else.*\/flow unlink/);
    await linkPerson(db, 'C2', 'U2', 'alice2', now); // another channel is another team
    expect(await listPeople(db, 'C1')).toEqual([{ slackUserId: 'U1', githubLogin: 'alice2' }]);
    expect(await unlinkPerson(db, 'C1', 'U1')).toBe(true);
    expect(await loginFor(db, 'C1', 'U1')).toBeNull();
  });

  it('keeps one claim per PR per team, the latest', async () => {
    await claimPullRequest(db, 'C1', { repo: 'acme/api', number: 7, login: 'bob', slackUserId: 'U2' }, now);
    await claimPullRequest(db, 'C1', { repo: 'acme/api', number: 7, login: 'carol', slackUserId: 'U3' }, new Date('2026-11-20T11:00:00Z'));
    expect(await listClaims(db, 'C1')).toEqual([{ repo: 'acme/api', number: 7, login: 'carol', claimedAt: new Date('2026-11-20T11:00:00Z') }]);
    expect(await listClaims(db, 'C2')).toEqual([]);
  });

  it('forgets claims made before a given time', async () => {
    await claimPullRequest(db, 'C1', { repo: 'acme/api', number: 1, login: 'bob', slackUserId: 'U2' }, now);
    await claimPullRequest(db, 'C1', { repo: 'acme/api', number: 2, login: 'bob', slackUserId: 'U2' }, new Date('2026-11-20T12:00:00Z'));
    expect(await pruneClaims(db, new Date('2026-11-20T11:00:00Z'))).toBe(1);
    expect((await listClaims(db, 'C1')).map((c) => c.number)).toEqual([2]);
  });

  it('records read successes and failures without losing the last success', async () => {
    await recordReadSuccess(db, 'acme/api', '"etag-1"', now);
    const later = new Date('2026-11-20T10:05:00Z');
    await recordReadFailure(db, 'acme/api', 'GitHub did not answer', null, later);
    await recordReadFailure(db, 'acme/api', 'GitHub did not answer', new Date('2026-11-20T11:00:00Z'), later);
    const cursor = (await getCursors(db, ['acme/api'])).get('acme/api')!;
    expect(cursor).toMatchObject({ etag: '"etag-1"', seeded: true, lastSuccessAt: now, lastError: 'GitHub did not answer', consecutiveFailures: 2 });
    expect(cursor.retryAfter).toEqual(new Date('2026-11-20T11:00:00Z'));
    expect(await listRepoHealth(db, ['acme/api', 'acme/new'])).toEqual([
      { repo: 'acme/api', lastSuccessAt: now, lastError: 'GitHub did not answer' },
      { repo: 'acme/new', lastSuccessAt: null, lastError: null },
    ]);
    await recordReadSuccess(db, 'acme/api', '"etag-2"', later);
    expect((await getCursors(db, ['acme/api'])).get('acme/api')).toMatchObject({ lastError: null, consecutiveFailures: 0, retryAfter: null });
  });

  it('reopens an existing database file and keeps its data (migrations run once)', async () => {
    await watchRepo(db, 'C1', 'acme/api', null, now);
    await db.destroy();
    db = await openStore(testDatabase() === 'sqlite' ? `file:${file}` : databaseUrl);
    expect(await listWatchedRepos(db, 'C1')).toEqual(['acme/api']);
  });
});

describe('opening the store', () => {
  it('refuses a file that is not a database with a message that says what to do', async () => {
    const { dir, cleanup } = await tempStore();
    const bogus = `${dir}/not-a-db.db`;
    fs.writeFileSync(bogus, 'this is not sqlite, just text that is long enough to fill a header page'.repeat(20));
    await expect(openStore(bogus)).rejects.toMatchObject({ code: 'store_unreadable', message: expect.stringContaining('Point DATABASE_URL at another path') });
    await cleanup();
  });

  it('refuses a path it cannot create with a message naming DATABASE_URL', async () => {
    const { dir, cleanup } = await tempStore();
    fs.writeFileSync(`${dir}/file`, '');
    await expect(openStore(`${dir}/file/sub/flowlight.db`)).rejects.toMatchObject({ code: 'store_unavailable', message: expect.stringContaining('DATABASE_URL') });
    await cleanup();
  });
});
