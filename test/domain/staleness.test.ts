import { describe, expect, it } from 'vitest';
import { findStaleRepos } from '../../src/domain/staleness.js';
import { at } from './builders.js';

const now = at('2026-11-24T12:00:00Z');
const minute = 60_000;
const ago = (minutes: number) => new Date(now.getTime() - minutes * minute);

describe('which repositories are stale', () => {
  it.each([
    ['read a minute ago', ago(1), null, false],
    ['read 2 intervals and 59 s ago, with an error since', new Date(now.getTime() - 3 * minute + 1000), 'GitHub unavailable (502)', false],
    ['read exactly 3 intervals ago', ago(3), null, true],
    ['read an hour ago', ago(60), 'GitHub unavailable (502)', true],
    ['never read, failing', null, 'repository not found (404)', true],
    ['never read yet, no error', null, null, true],
  ] as const)('%s → stale: %s', (_name, lastSuccessAt, lastError, stale) => {
    const result = findStaleRepos([{ repo: 'acme/api', lastSuccessAt, lastError }], now, minute, 3);
    expect(result.length > 0).toBe(stale);
  });

  it('reports the missed polls and the last error of each stale repository only', () => {
    const result = findStaleRepos([
      { repo: 'acme/api', lastSuccessAt: ago(1), lastError: null },
      { repo: 'acme/web', lastSuccessAt: ago(10), lastError: 'rate limited until 12:30 UTC' },
    ], now, minute, 3);
    expect(result).toEqual([{ repo: 'acme/web', lastSuccessAt: ago(10), error: 'rate limited until 12:30 UTC', missedPolls: 10 }]);
  });

  it('follows the team\'s staleAfterPolls and the poll interval', () => {
    const repos = [{ repo: 'acme/api', lastSuccessAt: ago(10), lastError: null }];
    expect(findStaleRepos(repos, now, 5 * minute, 3)).toEqual([]);
    expect(findStaleRepos(repos, now, 5 * minute, 2)).toHaveLength(1);
  });
});
