import { loadImage } from '@napi-rs/canvas';
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postReport } from '../../src/app/postReport.js';
import { shareDigestChart, shareReportChart } from '../../src/app/teamCharts.js';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/chart/queueChart.js';
import type { PullRequestFacts } from '../../src/domain/types.js';
import { postDigest } from '../../src/jobs/digest.js';
import { createDeliveryClient, deliverDue } from '../../src/jobs/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { recordFirstWatch } from '../../src/store/historyBackfills.js';
import type { Db } from '../../src/store/open.js';
import { savePullRequests } from '../../src/store/pullRequests.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { pullRequest, review } from '../domain/builders.js';
import { tempStore } from '../helpers/tempStore.js';

// The digest's and the report's pictures reach Slack through its external upload (over loopback to
// the fake Slack), whole and as PNGs of the chart's size; and a refused upload leaves the text posted.

const installedAt = new Date('2026-11-02T09:00:00Z');
const monday = new Date('2026-11-30T10:00:00Z');
const tuesday = new Date('2026-12-01T10:00:00Z');
const HOUR = 3_600_000;

/** Four weeks before and four since: two merged PRs a working day, waits of 4 hours before and 1 since. */
function history(): PullRequestFacts[] {
  const prs: PullRequestFacts[] = [];
  for (let day = new Date('2026-10-05T00:00:00Z'); day < monday; day = new Date(day.getTime() + 24 * HOUR)) {
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const wait = day < installedAt ? 4 : 1;
    for (const startHour of [9, 11]) {
      const ready = new Date(day.getTime() + startHour * HOUR);
      const mergedAt = new Date(ready.getTime() + (wait + 1) * HOUR);
      prs.push(pullRequest({ number: prs.length + 1, createdAt: ready, state: 'MERGED', mergedAt, closedAt: mergedAt, reviews: [review('bob', 'APPROVED', new Date(ready.getTime() + wait * HOUR).toISOString())] }));
    }
  }
  prs.push(pullRequest({ number: 999, createdAt: new Date('2026-11-27T09:00:00Z') })); // still waiting
  return prs;
}

async function png(bytes: Buffer | null): Promise<[number, number]> {
  expect(bytes).not.toBeNull();
  expect(bytes!.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const image = await loadImage(bytes!);
  return [image.width, image.height];
}

describe('charts shared in Slack', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let slack: FakeSlack;
  let client: webApi.WebClient;

  beforeEach(async () => {
    ({ db, cleanup } = await tempStore());
    slack = await startFakeSlack();
    client = createDeliveryClient({ botToken: 'xoxb-test', slackApiUrl: slack.url });
    await ensureTeam(db, 'C1', installedAt);
    await watchRepo(db, 'C1', 'acme/api', 'UADMIN', installedAt);
    await recordFirstWatch(db, 'C1', installedAt);
    await savePullRequests(db, history(), monday);
  });
  afterEach(async () => {
    await slack.close();
    await cleanup();
  });

  it('uploads the digest\'s queue chart after its text: the bytes arrive whole, a 1200×675 PNG, shared in the channel', async () => {
    await postDigest(db, 'C1', monday);
    await deliverDue(db, client, monday, { logger: silentLogger });
    const outcome = await shareDigestChart({ db, client, logger: silentLogger }, 'C1', monday);
    expect(outcome).toMatchObject({ ok: true });

    expect(slack.transcript('C1')).toHaveLength(1);
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    const [upload] = slack.files.sharedIn('C1');
    expect(upload).toMatchObject({ filename: 'review-queue.png', completed: true, title: 'Review queue per business day' });
    expect(upload!.bytes!.length).toBe(upload!.length);
    expect(await png(upload!.bytes)).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    // After the text: the upload's calls come after the post.
    const methods = slack.calls.map((c) => c.method);
    expect(methods.indexOf('chat.postMessage')).toBeLessThan(methods.indexOf('files.getUploadURLExternal'));
  });

  it.each(['missing_scope', 'ratelimited', 'internal_error'])('keeps the digest text when Slack refuses the upload (%s)', async (error) => {
    slack.fail('files.getUploadURLExternal', { error, times: 1 });
    await postDigest(db, 'C1', monday);
    await deliverDue(db, client, monday, { logger: silentLogger });
    const outcome = await shareDigestChart({ db, client, logger: silentLogger }, 'C1', monday);
    expect(outcome).toEqual({ ok: false, error });
    expect(slack.transcript('C1')).toHaveLength(1);
    expect(slack.files.sharedIn('C1')).toEqual([]);
  });

  it('keeps the digest text when the bytes cannot be delivered to the upload URL', async () => {
    // The fake hands out an upload URL nobody serves: Slack's upload host is down.
    await postDigest(db, 'C1', monday);
    await deliverDue(db, client, monday, { logger: silentLogger });
    const broken = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const original = slack.files.answer.bind(slack.files);
    slack.files.answer = (method, body) => {
      const answer = original(method, body);
      return method === 'files.getUploadURLExternal' && answer?.ok ? { ...answer, upload_url: `${slack.origin}/nowhere` } : answer;
    };
    const outcome = await shareDigestChart({ db, client: broken, logger: silentLogger }, 'C1', monday);
    expect(outcome.ok).toBe(false);
    expect(slack.transcript('C1')).toHaveLength(1);
    expect(slack.files.sharedIn('C1')).toEqual([]);
  });

  it('posts the report with its figures, then the weekly wait chart', async () => {
    const report = await postReport(db, 'C1', monday);
    await deliverDue(db, client, monday, { logger: silentLogger });
    const [message] = slack.transcript('C1');
    const text = JSON.stringify(message!.blocks);
    expect(text).toContain('Before and after flowlight');
    expect(text).toContain('median 4 hours → 1 hour');
    expect(text).toContain('throughput held');
    expect(text).toMatch(/Based on 4\d PRs that waited for review/);
    expect(text).toContain('Business hours in each light');

    expect(await shareReportChart({ db, client, logger: silentLogger }, 'C1', report, monday)).toMatchObject({ ok: true });
    const [upload] = slack.files.sharedIn('C1');
    expect(upload!.filename).toBe('wait-before-after.png');
    expect(await png(upload!.bytes)).toEqual([CHART_WIDTH, CHART_HEIGHT]);
  });

  it('puts the before/after line in Monday\'s digest only', async () => {
    await postDigest(db, 'C1', monday);
    await postDigest(db, 'C1', tuesday);
    await deliverDue(db, client, tuesday, { logger: silentLogger });
    const [mondays, tuesdays] = slack.transcript('C1').map((m) => JSON.stringify(m.blocks));
    expect(mondays).toContain('*Since flowlight:* wait to first review 4 hours → 1 hour (median), merged per week 10 → 10');
    expect(tuesdays).not.toContain('Since flowlight');
  });
});
