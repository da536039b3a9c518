import os from 'node:os';
import { BUILT_MAIN, startChild, type Child } from './childProcess.js';

export interface StartMainOptions {
  /** a CommonJS file the child requires before flowlight (`node --require`), such as a hook that pauses it */
  preload?: string;
  /** run as this user and group (root tests of file permissions) */
  uid?: number;
}

/**
 * flowlight as `npm start` runs it (dist/main.js) in a child process whose environment is PATH, HOME,
 * LOG_LEVEL=info and exactly `env` on top: no credential or setting of the test runner's own environment
 * leaks in. It runs in the temp folder, not the checkout, so a developer's own `.env` does not leak in either.
 * Callers own the child: kill it (or await its exit) when the test ends.
 */
export function startMain(env: Record<string, string>, options: StartMainOptions = {}): Child {
  return startChild(options.preload ? ['--require', options.preload, BUILT_MAIN] : [BUILT_MAIN], {
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'info', ...env },
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
}
