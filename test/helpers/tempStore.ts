import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Db } from '../../src/store/open.js';

/** A real SQLite file in a fresh temp folder, with the real migrations run. */
export async function tempStore(): Promise<{ db: Db; file: string; dir: string; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-test-'));
  const file = path.join(dir, 'flowlight.db');
  const db = await openStore(file);
  return {
    db,
    file,
    dir,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
