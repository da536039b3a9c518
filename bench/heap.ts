import v8 from 'node:v8';
import vm from 'node:vm';

// A full garbage collection on demand, so heap figures measure what is live, not what is pending.
// Node hides gc() unless started with --expose-gc; the flag can be set at run time instead.

let collect: (() => void) | null = null;

export function fullGc(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

export const heapUsed = () => process.memoryUsage().heapUsed;
