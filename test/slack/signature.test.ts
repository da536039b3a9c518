import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPeople } from '../../src/store/people.js';
import { CHANNEL, postSigned, slashCommandBody, startHarness, type Harness } from './harness.js';

// Only requests Slack signed, recently, once, reach a listener. Anything else: 401, no Web API call,
// no response, no change in the store.

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.slack.reset(); // forget the start-up auth.test
});
afterEach(async () => {
  await h.close();
});

const FORM = 'application/x-www-form-urlencoded';
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function expectRefusedWithoutSideEffects(send: (body: string) => Promise<Response>): Promise<void> {
  const { body } = slashCommandBody(h, 'link octocat');
  const res = await send(body);
  expect(res.status).toBe(401);
  expect(await res.text()).toBe('');
  expect(h.slack.calls).toEqual([]);
  expect(h.slack.responses).toEqual([]);
  expect(await listPeople(h.db, CHANNEL)).toEqual([]);
}

describe('Slack request signatures', () => {
  it('accepts a correctly signed /flow command and acts on it', async () => {
    const { body, responseId } = slashCommandBody(h, 'link octocat');
    const res = await postSigned(h, body, FORM);
    expect(res.status).toBe(200);
    await h.slack.waitForResponse((r) => r.id === responseId);
    expect(await listPeople(h.db, CHANNEL)).toEqual([{ slackUserId: 'U0ALICE', githubLogin: 'octocat' }]);
  });

  it('refuses a forged signature (signed with another secret)', async () => {
    await expectRefusedWithoutSideEffects((body) => postSigned(h, body, FORM, { secret: 'not-the-secret' }));
  });

  it('refuses a body changed after signing', async () => {
    const ts = nowSeconds();
    const { body: signedBody } = slashCommandBody(h, 'help');
    const { signSlackRequest } = await import('../../src/slack/receiver/verifySignature.js');
    const signature = signSlackRequest('test-signing-secret-0123456789', ts, signedBody);
    await expectRefusedWithoutSideEffects((body) => postSigned(h, body, FORM, { timestamp: ts, signature }));
  });

  it('refuses a stale timestamp (more than 5 minutes old), even correctly signed', async () => {
    await expectRefusedWithoutSideEffects((body) => postSigned(h, body, FORM, { timestamp: nowSeconds() - 6 * 60 }));
  });

  it('refuses a timestamp from the future (more than 5 minutes ahead), even correctly signed', async () => {
    await expectRefusedWithoutSideEffects((body) => postSigned(h, body, FORM, { timestamp: nowSeconds() + 6 * 60 }));
  });

  it('refuses a request without a signature', async () => {
    await expectRefusedWithoutSideEffects((body) => postSigned(h, body, FORM, { signature: null }));
  });

  it('refuses a request without a timestamp', async () => {
    await expectRefusedWithoutSideEffects((body) => postSigned(h, body, FORM, { omitTimestamp: true }));
  });

  it('refuses a signature of an unknown version', async () => {
    await expectRefusedWithoutSideEffects((body) => postSigned(h, body, FORM, { signature: 'v1=00' }));
  });

  it('refuses a replay of a request it already accepted', async () => {
    const ts = nowSeconds();
    const { body, responseId } = slashCommandBody(h, 'link octocat');
    expect((await postSigned(h, body, FORM, { timestamp: ts })).status).toBe(200);
    await h.slack.waitForResponse((r) => r.id === responseId);
    const responses = h.slack.responses.length;
    const again = await postSigned(h, body, FORM, { timestamp: ts });
    expect(again.status).toBe(401);
    expect(h.slack.responses.length).toBe(responses);
  });

  it('answers GET /healthz with 200 ok, and unknown paths with 404', async () => {
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    expect((await fetch(`${h.url}/nope`)).status).toBe(404);
    expect((await fetch(`${h.url}/slack/events`)).status).toBe(405);
  });

  it('refuses a body over 1 MB with 413 before checking anything', async () => {
    const res = await postSigned(h, `text=${'x'.repeat(1024 * 1024 + 10)}`, FORM);
    expect(res.status).toBe(413);
    expect(h.slack.calls).toEqual([]);
  });
});
