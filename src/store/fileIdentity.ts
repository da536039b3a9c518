import fs from 'node:fs';

/**
 * The database file's identity, device and inode: the same path can come to name another file (deleted
 * and recreated, restored from a backup, `touch`ed). Null when the path is not a regular file.
 */
export function fileIdentity(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? `${stat.dev}:${stat.ino}` : null;
  } catch {
    return null;
  }
}
