import fs from 'node:fs';
import os from 'node:os';
import type { HolderProcess } from '../store/lease.js';

// Whether a lease holder's process still runs, asked of this host's kernel. A pid alone is not
// enough: after a crash the pid can be given to another process (in a container, flowlight is
// often pid 1 every time). On Linux, /proc gives the boot id and the tick at which a pid's process
// started, and both together name one process for the life of the machine. Where /proc is missing
// (macOS, Windows) a pid that exists counts as alive, so the restart waits for the lease to expire.
// A holder on another host cannot be asked at all: it always waits for expiry.

export type Liveness = 'alive' | 'gone' | 'elsewhere';

export function thisProcess(): HolderProcess {
  return { host: os.hostname(), pid: process.pid, started: startedIdentity(process.pid) };
}

export function livenessOf(holder: HolderProcess): Liveness {
  if (holder.host !== os.hostname()) return 'elsewhere';
  // Our own pid in the lease is a previous process that had it: this one has not taken the lease yet.
  if (holder.pid === process.pid) return 'gone';
  if (!pidExists(holder.pid)) return 'gone';
  const started = startedIdentity(holder.pid);
  if (holder.started !== null && started !== null && started !== holder.started) return 'gone';
  return 'alive';
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    // EPERM: it exists, under another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** "<boot id>/<start tick>" on Linux; null elsewhere or when the process is gone. */
function startedIdentity(pid: number): string | null {
  try {
    const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTick = fields[19]; // field 22 of stat(5); fields[0] is field 3
    return startTick ? `${bootId}/${startTick}` : null;
  } catch {
    return null;
  }
}
