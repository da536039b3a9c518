import fs from 'node:fs';
import { sql } from 'kysely';
import type { Logger } from '../logger.js';
import type { Db } from '../store/open.js';
import { fileIdentity } from '../store/fileIdentity.js';

// SQLite keeps writing to a database file that was deleted while open: nothing fails, and the
// repositories, links and settings vanish at the next start. So the file at DATABASE_URL is
// watched (inotify where there is one, and a check every CHECK_EVERY_MS wherever there is not);
// when it is gone or replaced by another file, the open database is copied aside and the process
// stops, saying where the copy is. (VACUUM INTO is SQLite's: a PostgreSQL store has no file here, so
// main.ts gives none and nothing is watched; the server keeps its own files and backups.)

const CHECK_EVERY_MS = 30_000;

export interface StoreFileWatch {
  stop(): void;
}

export function watchStoreFile(db: Db, file: string, options: { logger: Logger; clock: () => Date; onGone: () => void }): StoreFileWatch {
  const identity = fileIdentity(file);
  if (identity === null) return { stop() {} }; // not a file (":memory:", or another kind of store)
  let noticed = false;
  const check = () => {
    if (noticed || fileIdentity(file) === identity) return;
    noticed = true;
    void rescue(db, file, options.clock()).then((outcome) => {
      options.logger.error({ file, rescuedTo: outcome.ok ? outcome.copy : null },
        `The database file ${file} was deleted or replaced while flowlight was running. ${outcome.ok
          ? `Its last state is saved at ${outcome.copy}: move it back to ${file} to keep the watched repositories, linked people and settings, then start flowlight again (start without it for a fresh database).`
          : `Saving its last state failed (${outcome.reason}): restore ${file} from a backup, or start flowlight again for a fresh database (watch the repositories and link people again).`} Stopping.`);
      options.onGone();
    });
  };
  let watcher: fs.FSWatcher | null = null;
  try {
    // The path is deleted (or renamed) while SQLite holds it open: inotify reports the link count change.
    watcher = fs.watch(file, { persistent: false }, check);
    watcher.on('error', check);
  } catch {
    watcher = null; // the interval still checks
  }
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      watcher?.close();
    },
  };
}

type Rescue = { ok: true; copy: string } | { ok: false; reason: string };

/** Copies the still-open database (the deleted inode, WAL included) to a new file beside the old path. */
async function rescue(db: Db, file: string, now: Date): Promise<Rescue> {
  const copy = `${file}.rescued-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    await sql`VACUUM INTO ${copy}`.execute(db);
    return { ok: true, copy };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
