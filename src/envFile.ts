import fs from 'node:fs';
import path from 'node:path';
import { FlowlightError } from './errors.js';

// `.env` in the working folder, read with Node's own parser (process.loadEnvFile). Variables already
// set in the environment win, so a deployment can override the file without editing it.

/** Loads `folder/.env` into process.env when it exists; returns its path, or null when there is none. */
export function loadEnvFileIfPresent(folder: string = process.cwd()): string | null {
  const file = path.resolve(folder, '.env');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw unreadable(file, error);
  }
  if (!stat.isFile()) throw unreadable(file, new Error('it is a folder, not a file'));
  try {
    process.loadEnvFile(file);
  } catch (error) {
    throw unreadable(file, error);
  }
  return file;
}

function unreadable(file: string, error: unknown): FlowlightError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
  return new FlowlightError('config_invalid', `Invalid configuration:\n  .env: cannot read ${file} (${reason}). Make it a readable file, or remove it and set the variables in the environment.`);
}
