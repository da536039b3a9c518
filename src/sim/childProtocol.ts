import type { FailureRule } from './failures.js';
import type { GenerateOptions } from './generate.js';
import type { SimulatorOptions } from './server.js';

// Messages between forkSimulator (the parent) and child-main (the simulator's process).

export type ChildWorld = { generate: GenerateOptions } | { sampleAt: string };

/** Simulator options that survive a trip through IPC (no clock function). */
export type ChildSimulatorOptions = Omit<SimulatorOptions, 'now'>;

export type ChildRequest = { id: number } & (
  | { op: 'start'; world: ChildWorld; options: ChildSimulatorOptions }
  | { op: 'stats' }
  | { op: 'resetStats' }
  | { op: 'inject'; rule: FailureRule }
  | { op: 'clearFailures' }
  /** a review comment on the first open PR of each repository: "this repository changed" */
  | { op: 'touch'; repos: string[]; at: string }
  | { op: 'close' }
);

export type ChildReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
