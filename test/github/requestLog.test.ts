import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createGitHub, readRepository } from '../../src/github/index.js';
import { isRequestLine } from '../../src/github/client.js';
import { createLogger } from '../../src/logger.js';
import { sampleScenario, startSimulator } from '../../src/sim/index.js';

const now = new Date('2026-11-18T15:00:00Z');

describe("Octokit's per-request log lines", () => {
  it('recognises the request-log line format', () => {
    expect(isRequestLine('GET /repos/a/b/pulls - 304 with id AB12:34 in 12ms')).toBe(true);
    expect(isRequestLine('POST /graphql - 200 in 3ms')).toBe(true);
    expect(isRequestLine('Request quota exhausted for request GET /x')).toBe(false);
  });

  it('does not log an unchanged repository (304) as an error at the default level', async () => {
    const sim = await startSimulator(sampleScenario(now), { now: () => now });
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const gh = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: createLogger('info', sink) });
    try {
      const first = await readRepository(gh, 'flowlight-demo/api', { etag: null, seeded: false }, now);
      expect(first.kind).toBe('changed');
      const second = await readRepository(gh, 'flowlight-demo/api', { etag: first.kind === 'changed' ? first.etag : null, seeded: true }, now);
      expect(second.kind).toBe('unchanged');
      expect(lines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
      expect(lines.join('')).not.toMatch(/ - 304 /);
    } finally {
      await sim.close();
    }
  });
});
