import { describe, expect, it } from 'vitest';
import { postLimitDecision, USER_POST_LIMIT } from '../../src/domain/postLimit.js';
import { ownerDecision, privateRepoAllowedIn } from '../../src/domain/watchPolicy.js';

describe('which owners may be watched', () => {
  it.each([
    ['acme', ['acme'], 'token', { allowed: true }],
    ['ACME', ['acme'], 'token', { allowed: true }],
    ['globex', ['acme'], 'token', { allowed: false, reason: 'owner_not_allowed' }],
    ['globex', ['acme'], 'app', { allowed: false, reason: 'owner_not_allowed' }],
    ['acme', [], 'token', { allowed: false, reason: 'no_owners_configured' }],
    ['acme', [], 'none', { allowed: false, reason: 'no_owners_configured' }],
    ['acme', [], 'app', { allowed: true }],
  ] as const)('%s with %j (%s) → %j', (owner, owners, auth, expected) => {
    expect(ownerDecision(owner, owners, auth)).toEqual(expected);
  });
});

describe('where a private repository may be watched', () => {
  it.each([
    ['private', false, true],
    ['im', false, true],
    ['mpim', false, true],
    ['public', false, false],
    ['public', true, true],
  ] as const)('%s channel, allowed by an admin: %s → %s', (channel, allowed, expected) => {
    expect(privateRepoAllowedIn(channel, allowed)).toBe(expected);
  });
});

describe('the per-channel limit on user-triggered posts', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  it('allows up to the limit within the window', () => {
    expect(postLimitDecision([], now)).toEqual({ allowed: true });
    expect(postLimitDecision([minutesAgo(1), minutesAgo(2), minutesAgo(3), minutesAgo(4)], now)).toEqual({ allowed: true });
  });

  it('refuses past it, until the oldest counted post leaves the window', () => {
    const recent = [minutesAgo(9), minutesAgo(1), minutesAgo(2), minutesAgo(3), minutesAgo(4)];
    expect(postLimitDecision(recent, now)).toEqual({ allowed: false, retryAt: new Date(now.getTime() + 60_000) });
  });

  it('forgets posts older than the window', () => {
    const recent = [minutesAgo(10), minutesAgo(11), minutesAgo(1), minutesAgo(2), minutesAgo(3), minutesAgo(4)];
    expect(postLimitDecision(recent, now)).toEqual({ allowed: true });
    expect(USER_POST_LIMIT).toEqual({ posts: 5, windowMs: 600_000 });
  });
});
