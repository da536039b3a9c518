import { loadImage } from '@napi-rs/canvas';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryClient, deliverDue } from '../../src/jobs/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { getBackfills, recordFirstWatch } from '../../src/store/historyBackfills.js';
import { pullRequest, review } from '../domain/builders.js';
import { CHANNEL, flow, shownText, startHarness, type Harness } from './harness.js';
import { seedTeam } from './seed.js';

// `/flow watch` asks for the history and `/flow repos` shows how far it got; `/flow report` posts
// before/after in the channel and shares its chart, over signed HTTP to the real Bolt app.

let h: Harness | null = null;
afterEach(async () => {
  expect(h?.slack.rejections ?? []).toEqual([]);
  await h?.close();
  h = null;
});

const HOUR = 3_600_000;
const installedAt = new Date('2026-11-02T09:00:00Z');

/** Two merged PRs a working day from 5 October to 25 November: waits of 4 hours before installation, 1 since. */
function history() {
  const prs = [];
  for (let day = new Date('2026-10-05T00:00:00Z'); day < new Date('2026-11-25T00:00:00Z'); day = new Date(day.getTime() + 24 * HOUR)) {
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const wait = day < installedAt ? 4 : 1;
    for (const startHour of [9, 11]) {
      const ready = new Date(day.getTime() + startHour * HOUR);
      const mergedAt = new Date(ready.getTime() + (wait + 1) * HOUR);
      prs.push(pullRequest({ number: prs.length + 1, createdAt: ready, state: 'MERGED', mergedAt, closedAt: mergedAt, reviews: [review('bob', 'APPROVED', new Date(ready.getTime() + wait * HOUR).toISOString())] }));
    }
  }
  return prs;
}

describe('the history on /flow watch and /flow repos', () => {
  it('asks for 12 weeks of history when a repository is watched, and shows its progress', async () => {
    h = await startHarness();
    const reply = shownText(await flow(h, 'watch acme/api'));
    expect(reply).toContain('Watching `acme/api`');
    const backfill = (await getBackfills(h.db, ['acme/api'])).get('acme/api');
    expect(backfill).toMatchObject({ status: 'reading', weeks: 12, pages: 0 });
    expect(shownText(await flow(h, 'repos'))).toContain('history: 0 of 12 weeks read');
  });

  it('says what to do when the history could not be read', async () => {
    h = await startHarness();
    await flow(h, 'watch acme/api');
    await h.db.updateTable('history_backfills').set({ status: 'failed', last_error: 'GitHub answered 502 Bad Gateway.' }).execute();
    const shown = shownText(await flow(h, 'repos'));
    expect(shown).toContain('history failed: GitHub answered 502 Bad Gateway.');
    expect(shown).toContain('/flow watch acme/api` again');
  });
});

describe('/flow report', () => {
  it('tells a channel without repositories how to start', async () => {
    h = await startHarness();
    expect(shownText(await flow(h, 'report'))).toContain('/flow watch OWNER/REPO');
    expect(h.slack.callsTo('files.getUploadURLExternal')).toEqual([]);
  });

  it('posts before/after in the channel and shares the weekly wait chart, a 1200×675 PNG', async () => {
    h = await startHarness();
    await seedTeam(h, history(), { repos: ['acme/api'] });
    await recordFirstWatch(h.db, CHANNEL, installedAt);
    const reply = shownText(await flow(h, 'report'));
    expect(reply).toContain('The report is on its way to this channel.');
    await deliverDue(h.db, createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url }), h.clock.now(), { logger: silentLogger });
    const posted = JSON.stringify(h.slack.transcript(CHANNEL).map((m) => m.blocks));
    expect(posted).toContain('Before and after flowlight');
    expect(posted).toContain('median 4 hours → 1 hour');
    const [upload] = h.slack.files.sharedIn(CHANNEL);
    expect(upload).toMatchObject({ filename: 'wait-before-after.png', completed: true });
    const image = await loadImage(upload!.bytes!);
    expect([image.width, image.height]).toEqual([1200, 675]);
  });

  it('says the picture was refused and why, and still posts the report', async () => {
    h = await startHarness();
    await seedTeam(h, history(), { repos: ['acme/api'] });
    await recordFirstWatch(h.db, CHANNEL, installedAt);
    h.slack.fail('files.getUploadURLExternal', { error: 'missing_scope', times: 1 });
    const reply = shownText(await flow(h, 'report'));
    expect(reply).toContain('without its picture');
    expect(reply).toContain('files:write');
    await deliverDue(h.db, createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url }), h.clock.now(), { logger: silentLogger });
    expect(JSON.stringify(h.slack.transcript(CHANNEL).map((m) => m.blocks))).toContain('Before and after flowlight');
    expect(h.slack.files.sharedIn(CHANNEL)).toEqual([]);
  });

  it.each(['12', 'weeks 4', '<!channel>'])('refuses arguments it does not take (%s), saying how to ask', async (args) => {
    h = await startHarness();
    await seedTeam(h, history().slice(0, 4), { repos: ['acme/api'] });
    const reply = shownText(await flow(h, `report ${args}`));
    expect(reply).toContain('takes nothing after it');
    expect(reply).toContain('Type just `/flow report`');
    expect(h.slack.callsTo('files.getUploadURLExternal')).toEqual([]);
    expect(await h.db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });

  it('says too few PRs to compare when the history is thin', async () => {
    h = await startHarness();
    await seedTeam(h, history().slice(0, 12), { repos: ['acme/api'] });
    await recordFirstWatch(h.db, CHANNEL, installedAt);
    await flow(h, 'report');
    await deliverDue(h.db, createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url }), h.clock.now(), { logger: silentLogger });
    expect(JSON.stringify(h.slack.transcript(CHANNEL).map((m) => m.blocks))).toContain('Too few PRs to compare');
  });
});
