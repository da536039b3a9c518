import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTeamHistory } from '../../src/app/teamHistory.js';
import { nextTick } from '../../src/demo/clock.js';
import { DEMO_START } from '../../src/demo/run.js';
import { DEMO_CHANNEL } from '../../src/demo/teamWorld.js';
import { addBusinessHours, businessDayHours } from '../../src/domain/businessHours.js';
import { replayTeam } from '../../src/domain/replay.js';
import { listLightChanges, type LightChange } from '../../src/store/lights.js';
import { openStore } from '../../src/store/open.js';
import { copyDemoDatabase, sharedDemoRun } from '../helpers/demoRun.js';

// The same code and the same data give the same light: the demo's fortnight, replayed from what the
// bot stored, changes the light exactly when and how the running bot did.

const TICK_MINUTES = 10;

const shape = (change: { at: Date; from: string; to: string }) => `${change.at.toISOString()} ${change.from}→${change.to}`;

describe('replaying the demo fortnight', () => {
  let dir: string;
  let recorded: LightChange[];
  let replayed: ReturnType<typeof replayTeam>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-replay-demo-'));
    const demo = await sharedDemoRun(); // the test run's one demo fortnight (test/helpers/demoRun.ts)
    expect(demo.code).toBe(0);
    const db = await openStore(copyDemoDatabase(demo, dir));
    try {
      recorded = await listLightChanges(db, DEMO_CHANNEL.id, new Date(0));
      const history = await loadTeamHistory(db, DEMO_CHANNEL.id);
      const hours = history.settings.workingHours;
      // The demo's own schedule: every ten minutes of the working day, and the end of each day.
      const end = addBusinessHours(DEMO_START, 10 * businessDayHours(hours), hours);
      const pollTimes: Date[] = [];
      for (let t = DEMO_START; t.getTime() <= end.getTime(); t = nextTick(t, TICK_MINUTES, hours)) pollTimes.push(t);
      replayed = replayTeam({ pullRequests: history.pullRequests, members: history.members, settings: history.settings, from: DEMO_START, to: end, pollTimes });
    } finally {
      await db.destroy();
    }
  }, 500_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('changes the light at the same moments, from and to the same lights, as the running bot did', () => {
    expect(recorded.length).toBeGreaterThan(2); // the demo's story has yellow and red in it
    expect(replayed.transitions.map(shape)).toEqual(recorded.map(shape));
  });

  it('gives the same reasons for each change', () => {
    expect(replayed.transitions.map((t) => t.reasons.map((r) => r.text))).toEqual(recorded.map((t) => t.reasons.map((r) => r.text)));
  });
});
