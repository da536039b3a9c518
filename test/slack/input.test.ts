import { describe, expect, it } from 'vitest';
import { parsePullRequestKey } from '../../src/slack/blocks/actionIds.js';
import { parseGitHubLogin } from '../../src/slack/listeners/input/githubLogin.js';
import { parseRepoName } from '../../src/slack/listeners/input/repoName.js';
import { parseUserMention } from '../../src/slack/listeners/input/slackMention.js';
import { parseFlowText } from '../../src/slack/listeners/commands/parseFlowText.js';
import { ReplayGuard } from '../../src/slack/receiver/replayGuard.js';
import { signSlackRequest, verifySlackSignature } from '../../src/slack/receiver/verifySignature.js';

// What people type and what arrives in requests, read without trusting any of it.

describe('reading /flow text', () => {
  it.each([
    ['', { kind: 'command', name: 'status', args: [] }],
    ['   ', { kind: 'command', name: 'status', args: [] }],
    ['Next', { kind: 'command', name: 'next', args: [] }],
    ['set  skip_labels  wip, on hold', { kind: 'command', name: 'set', args: ['skip_labels', 'wip,', 'on', 'hold'], rest: 'skip_labels  wip, on hold' }],
    ['watch\u00a0acme/api', { kind: 'command', name: 'watch', args: ['acme/api'] }],
    ['nope x', { kind: 'unknown', word: 'nope' }],
    ['x'.repeat(1001), { kind: 'too_long', length: 1001 }],
  ])('reads %j', (text, expected) => {
    expect(parseFlowText(text)).toMatchObject(expected);
  });
});

describe('repository names', () => {
  it.each([
    ['acme/api', 'acme/api'],
    ['Acme/API.js', 'acme/api.js'],
    ['acme/api.git', 'acme/api'],
    ['https://github.com/acme/api/pull/3', 'acme/api'],
    ['<https://github.example.com/acme/api>', 'acme/api'],
    ['<https://github.com/acme/api|github.com/acme/api>', 'acme/api'],
    ['a-b/c_d-e.f', 'a-b/c_d-e.f'],
  ])('accepts %s', (word, repo) => {
    expect(parseRepoName(word)).toEqual({ ok: true, repo });
  });

  it.each(['../etc', 'acme/..', 'acme/.', 'acme', 'acme/api/extra', '-acme/api', 'ac--me/api', 'acme/a%2e', 'ácme/api', `${'a'.repeat(40)}/x`, `acme/${'r'.repeat(101)}`, '/api', 'acme/', 'https://github.com/acme', '<https://x|y>'])('refuses %s with how to write it', (word) => {
    const parsed = parseRepoName(word);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('acme/api');
  });
});

describe('GitHub logins and Slack mentions', () => {
  it.each(['octocat', 'mona-lisa', 'A1', 'a'.repeat(39)])('accepts login %s', (login) => {
    expect(parseGitHubLogin(login)).toEqual({ ok: true, login: login.toLowerCase() });
  });

  it.each(['-x', 'x-', 'a--b', 'a_b', 'a.b', 'a'.repeat(40), 'dependabot[bot]', '<@U1>', '🙂', ''])('refuses login %j', (login) => {
    expect(parseGitHubLogin(login).ok).toBe(false);
  });

  it.each([
    ['<@U0BOB|bob>', 'U0BOB'],
    ['<@W0ENT>', 'W0ENT'],
    ['@bob', null],
    ['<@U0BOB', null],
    ['<!channel>', null],
    ['<@u0bob>', null],
  ])('reads mention %s', (word, id) => {
    expect(parseUserMention(word)).toBe(id);
  });

  it.each([
    ['acme/api#12', { repo: 'acme/api', number: 12 }],
    ['Acme/API#1', { repo: 'acme/api', number: 1 }],
    ['acme/api#', null],
    ['acme/api#1e3', null],
    ['../x#1', null],
    ['acme/api#1234567890', null],
  ])('reads a button value %s', (value, expected) => {
    expect(parsePullRequestKey(value)).toEqual(expected);
  });
});

describe('request signatures', () => {
  const secret = 'shh';
  const body = 'command=%2Fflow&text=status';
  const nowMs = 1_764_000_000_000;
  const ts = String(nowMs / 1000);

  it('accepts Slack\'s v0 signature within five minutes either way', () => {
    expect(verifySlackSignature({ signingSecret: secret, rawBody: body, signature: signSlackRequest(secret, ts, body), timestamp: ts, nowMs })).toEqual({ ok: true });
    const early = String(nowMs / 1000 - 299);
    expect(verifySlackSignature({ signingSecret: secret, rawBody: body, signature: signSlackRequest(secret, early, body), timestamp: early, nowMs }).ok).toBe(true);
  });

  it.each([
    [{ signature: undefined }, 'missing_signature'],
    [{ timestamp: undefined }, 'missing_timestamp'],
    [{ timestamp: 'soon' }, 'missing_timestamp'],
    [{ timestamp: String(nowMs / 1000 - 301) }, 'stale_timestamp'],
    [{ timestamp: String(nowMs / 1000 + 301) }, 'future_timestamp'],
    [{ signature: 'v0=abc' }, 'bad_signature'],
    [{ rawBody: `${body}&x=1` }, 'bad_signature'],
  ])('refuses %j as %s', (change, reason) => {
    const request = { signingSecret: secret, rawBody: body, signature: signSlackRequest(secret, ts, body) as string | undefined, timestamp: ts as string | undefined, nowMs, ...change };
    expect(verifySlackSignature(request)).toEqual({ ok: false, reason });
  });

  it('accepts a signature once within the window, and forgets it after', () => {
    const guard = new ReplayGuard(3);
    expect(guard.firstSighting('a', 0)).toBe(true);
    expect(guard.firstSighting('a', 1000)).toBe(false);
    expect(guard.firstSighting('a', 11 * 60_000)).toBe(true);
  });

  it('stays bounded under a flood of distinct signatures', () => {
    const guard = new ReplayGuard(100);
    for (let i = 0; i < 1000; i += 1) guard.firstSighting(`s${i}`, i);
    expect(guard.firstSighting('s999', 1000)).toBe(false);
    expect(guard.firstSighting('s0', 1000)).toBe(true); // forgotten: beyond the bound
  });
});
