import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flow, postSigned, press, shownText, slashCommandBody, startHarness, type Harness } from './harness.js';
import { seedTeam, waitingPr } from './seed.js';

// A reply to a response URL is the person's only answer. Under load a post to it can fail on the way
// (in a CI run 4 of 200 /flow replies were lost to a connection reset): it is posted again, and only
// a refusal (an expired URL, invalid blocks) is final.

describe('answers through a response URL', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const couldNotAnswer = () => h.logLines.filter((l) => l.msg === 'Could not answer /flow through its response URL');

  it('posts a /flow reply again when the connection dropped before Slack answered', async () => {
    h.slack.fail('response_url', { drop: true });
    expect((await flow(h, 'help')).text).toMatch(/\/flow/);
    expect(h.slack.responses).toHaveLength(1);
    expect(couldNotAnswer()).toEqual([]);
  });

  it('posts a /flow reply again when Slack answered 503 or 429', async () => {
    h.slack.fail('response_url', { status: 503 });
    h.slack.fail('response_url', { status: 429 });
    expect((await flow(h, 'help')).text).toMatch(/\/flow/);
    expect(h.slack.responses).toHaveLength(1);
    expect(couldNotAnswer()).toEqual([]);
  });

  it('posts a button\'s answer again when the connection dropped', async () => {
    await seedTeam(h, [waitingPr(1)], { people: {} });
    h.slack.fail('response_url', { drop: true });
    expect(shownText(await press(h, 'flow_pick_up', 'acme/api#1'))).toContain('/flow link GITHUB-LOGIN');
    expect(h.logLines.filter((l) => l.msg === 'Could not answer a button through its response URL')).toEqual([]);
  });

  it('does not post again after a refusal (an expired response URL), and logs it', async () => {
    h.slack.fail('response_url', { status: 404 });
    const { body, responseId } = slashCommandBody(h, 'help');
    expect((await postSigned(h, body, 'application/x-www-form-urlencoded')).status).toBe(200);
    await vi.waitFor(() => expect(couldNotAnswer()).toHaveLength(1));
    expect(h.slack.responses.filter((r) => r.id === responseId)).toEqual([]); // a second post would have been accepted
  });

  it('gives up after a few tries when every post fails on the way, and logs it', async () => {
    h.slack.fail('response_url', { drop: true, times: Infinity });
    const { body } = slashCommandBody(h, 'help');
    expect((await postSigned(h, body, 'application/x-www-form-urlencoded')).status).toBe(200);
    await vi.waitFor(() => expect(couldNotAnswer()).toHaveLength(1), { timeout: 10_000 });
    expect(String((couldNotAnswer()[0]?.err as { message?: string }).message)).toMatch(/fetch failed/);
    expect(h.slack.responses).toEqual([]);
  });
});
