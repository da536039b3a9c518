import { parseArgs } from 'node:util';
import { describeError, FlowlightError } from '../errors.js';
import { DEMO_TEAM } from './teamWorld.js';

// `flowlight demo [--speed N] [--days N] [--seed N] [--db PATH] [--as LOGIN] [--no-input]`

export interface DemoArgs {
  /** 1 = two working weeks in about a minute; 2 = twice as fast; 0.5 = half as fast */
  speed: number;
  seed: number;
  dbPath: string;
  /** the team member typed commands are sent as */
  as: string;
  /** working days simulated (10: two working weeks) */
  days: number;
  /** run the script without reading commands, even in a terminal */
  noInput: boolean;
}

const DEMO_USAGE = `Usage: flowlight demo [--speed N] [--days N] [--seed N] [--db PATH] [--as LOGIN] [--no-input]
  --speed N    N times the default pace (two working weeks in about a minute); e.g. 2, 0.5, 100
  --days N     working days to simulate, 1 to 10 (default 10: two working weeks)
  --seed N     another simulated team history (default 1)
  --db PATH    the SQLite file, recreated on every run (default ./data/demo.db)
  --as LOGIN   who your typed /flow commands come from: ${DEMO_TEAM.map((m) => m.login).join(', ')} (default ana)
  --no-input   do not read commands even in a terminal: run the two weeks and exit`;

export function parseDemoArgs(args: string[]): DemoArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      allowPositionals: false,
      options: { speed: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, db: { type: 'string' }, as: { type: 'string' }, 'no-input': { type: 'boolean' } },
    }));
  } catch (error) {
    throw new FlowlightError('input_invalid', `${describeError(error)}.\n${DEMO_USAGE}`);
  }
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 100_000) {
    throw new FlowlightError('input_invalid', `--speed "${values.speed}" must be a number above 0 (1 is the default pace, 2 twice as fast, 100 as fast as this machine goes).`);
  }
  const days = values.days === undefined ? 10 : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 10) {
    throw new FlowlightError('input_invalid', `--days "${values.days}" must be a whole number from 1 to 10 (working days; 10 is two working weeks).`);
  }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new FlowlightError('input_invalid', `--seed "${values.seed}" must be a whole number from 0 to 4294967295.`);
  }
  const as = (values.as ?? 'ana').toLowerCase();
  if (!DEMO_TEAM.some((m) => m.login === as)) {
    throw new FlowlightError('input_invalid', `--as "${values.as}" is not on the demo team: pick one of ${DEMO_TEAM.map((m) => m.login).join(', ')}.`);
  }
  const dbPath = values.db ?? './data/demo.db';
  if (dbPath.trim() === '' || dbPath === ':memory:') {
    throw new FlowlightError('input_invalid', '--db must be a file path, such as ./data/demo.db (the demo shows you the file afterwards).');
  }
  return { speed, days, seed, dbPath, as, noInput: values['no-input'] ?? false };
}
