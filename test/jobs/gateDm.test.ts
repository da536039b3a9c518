// The input gate while red: a gate DM is delivered only after the red alert it refers to, and every
// gate DM names the person's line of the swarm plan, or says they have none. Real SQLite, the real
// outbox and a fake Slack on loopback, on a fixed clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyOpen } from '../../src/domain/classify.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { rankQueue } from '../../src/domain/suggest.js';
import { buildGateDm } from '../../src/slack/blocks/gateDm.js';
import { pullRequest } from '../domain/builders.js';
import { shownText } from '../helpers/shownText.js';
import { PEOPLE, startTeamWorld, TEAM, type TeamWorld } from './teamWorld.js';

describe('gate DMs', () => {
  let world: TeamWorld;
  beforeEach(async () => {
    world = await startTeamWorld();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    await world.close();
  });

  async function goRed(): Promise<void> {
    const authors = ['alice', 'bob', 'carol', 'alice', 'bob', 'carol', 'alice'];
    for (const [i, author] of authors.entries()) await world.open(i + 1, author);
    await world.tick(5);
  }

  it('waits for the red alert when Slack failed to post it, and follows it once it is in the channel', async () => {
    world.slack.fail('chat.postMessage', { status: 500, times: 1 });
    await goRed();
    expect(world.channel()).toHaveLength(0); // the red alert is waiting for a retry

    await world.open(8, 'alice');
    await world.tick(0); // the DM is enqueued, the alert still in its backoff
    expect(world.slack.transcript(`D${PEOPLE.alice}`)).toHaveLength(0);

    for (let i = 0; i < 10 && world.slack.transcript(`D${PEOPLE.alice}`).length === 0; i += 1) await world.tick(1);
    expect(world.channel()).toHaveLength(1);
    expect(world.slack.transcript(`D${PEOPLE.alice}`)).toHaveLength(1);
    const posts = world.slack.callsTo('chat.postMessage').map((call) => String(call.body.channel));
    expect(posts.indexOf(TEAM)).toBeGreaterThanOrEqual(0);
    expect(posts.findIndex((channel) => channel !== TEAM)).toBeGreaterThan(posts.lastIndexOf(TEAM));
  });

  it('names the person\'s line of the swarm plan', async () => {
    await goRed();
    await world.open(8, 'alice');
    await world.tick(1);
    const dm = shownText(world.slack.transcript(`D${PEOPLE.alice}`)[0]!);
    expect(dm).toMatch(/Pick up first:\* <https:\/\/github\.com\/acme\/api\/pull\/\d+\|[^>]*>, your line of the swarm plan · /);
  });

  it('says so when the person has no line in the plan, and still offers a review', () => {
    const own = pullRequest({ number: 3, author: 'alice' });
    const other = pullRequest({ number: 2, author: 'bob' });
    const suggestion = rankQueue(classifyOpen([other], []), { claims: [], openPullRequests: [other], settings: DEFAULT_SETTINGS, now: new Date('2026-11-23T12:00:00Z') }).queue[0]!;
    const dm = shownText(buildGateDm({ channelId: TEAM, ownPullRequest: own, suggestion, isPlanLine: false, planSize: 2 }));
    expect(dm).toContain('*You have no line in the swarm plan* (2 lines');
    expect(dm).toMatch(/Pick up first:\* <https:\/\/github\.com\/acme\/api\/pull\/2\|/);
  });
});
