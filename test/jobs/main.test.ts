import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleScenario, SAMPLE_REPOSITORIES, startSimulator } from '../../src/sim/index.js';
import { getTeamLight } from '../../src/store/lights.js';
import { openStore } from '../../src/store/open.js';
import { linkPerson } from '../../src/store/people.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { startFakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { startMain } from '../helpers/startMain.js';
import { shownText } from '../helpers/shownText.js';
import { freePort } from '../helpers/freePort.js';

describe('npm start (dist/main.js)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-main-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('without credentials names every missing variable, points to the demo, and exits 1 without a stack trace', async () => {
    const child = startMain({ DATABASE_URL: path.join(dir, 'db.sqlite') });
    expect(await child.exit).toEqual({ code: 1, signal: null });
    const message = child.stderr();
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'GITHUB_TOKEN', 'GITHUB_APP_ID']) expect(message).toContain(name);
    expect(message).toContain('npm run demo');
    expect(message).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(path.join(dir, 'db.sqlite'))).toBe(false); // nothing was started
  });

  it('names only what is missing', async () => {
    const child = startMain({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A1-abc', DATABASE_URL: path.join(dir, 'db.sqlite') });
    expect((await child.exit).code).toBe(1);
    expect(child.stderr()).toContain('GITHUB_TOKEN');
    expect(child.stderr()).not.toContain('SLACK_BOT_TOKEN');
    expect(child.stderr()).not.toContain('xoxb-1-2-abc');
  });

  it('refuses a malformed variable with what is wrong and how to fix it', async () => {
    const child = startMain({ SLACK_BOT_TOKEN: 'not-a-token', SLACK_SIGNING_SECRET: 's', GITHUB_TOKEN: 'ghp_x', DATABASE_URL: path.join(dir, 'db.sqlite') });
    expect((await child.exit).code).toBe(1);
    expect(child.stderr()).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(child.stderr()).not.toMatch(/^\s+at /m);
  });

  it('runs the bot end to end (poll → light → alert through the outbox) and stops cleanly on SIGTERM', async () => {
    const slack = await startFakeSlack();
    const sim = await startSimulator(sampleScenario(new Date()));
    const file = path.join(dir, 'db.sqlite');
    const seed = await openStore(file);
    await ensureTeam(seed, 'C0TEAM', new Date());
    for (const repo of SAMPLE_REPOSITORIES) await watchRepo(seed, 'C0TEAM', repo, null, new Date());
    await linkPerson(seed, 'C0TEAM', 'U0ZED', 'zed', new Date()); // one reviewer for five waiting PRs: red
    await seed.destroy();
    try {
      const child = startMain({
        SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'test-secret', SLACK_API_URL: slack.url, PORT: String(await freePort()),
        GITHUB_TOKEN: 'ghp_testtoken', GITHUB_API_URL: sim.url, DATABASE_URL: file, POLL_CRON: '* * * * * *',
      });
      await child.waitFor('flowlight is running');
      // A second bot on the same database would deliver the same outbox: it is refused, naming the first.
      const second = startMain({
        SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'test-secret', SLACK_API_URL: slack.url, PORT: String(await freePort()),
        GITHUB_TOKEN: 'ghp_testtoken', GITHUB_API_URL: sim.url, DATABASE_URL: file,
      });
      expect((await second.exit).code).toBe(1);
      expect(second.stderr()).toMatch(/^Another flowlight is running on the database .* pid \d+ .*Stop it first, or set DATABASE_URL to another file/);
      expect(second.stderr()).not.toMatch(/\n\s+at /);
      // The real process runs on the real clock: on a working day after 09:30 UTC the day's digest is posted too.
      const isAlert = (c: { method: string; body: Record<string, unknown> }) =>
        c.method === 'chat.postMessage' && c.body.channel === 'C0TEAM' && shownText(c.body as { blocks: unknown[] }).includes('Review queue over the limit');
      const alert = await slack.waitForCall(isAlert, 20_000);
      const text = shownText(alert.body as { blocks: unknown[] });
      expect(text).toMatch(/<@U0ZED> → <https?:\/\/[^|]+\/pull\/\d+\|flowlight-demo\//);

      child.kill('SIGTERM');
      expect(await child.exit).toEqual({ code: 0, signal: null });
      expect(child.stdout()).toContain('"msg":"stopped"');
      expect(slack.transcript('C0TEAM').filter((m) => !m.text.includes('Review queue digest'))).toHaveLength(1);
      const db = await openStore(file); // consistent, and not locked by a leftover process
      expect((await getTeamLight(db, 'C0TEAM'))?.light).toBe('red');
      expect(await db.selectFrom('instance_lease').selectAll().execute()).toEqual([]); // released on a clean stop
      await db.destroy();
    } finally {
      await sim.close();
      await slack.close();
    }
  });
});
