// The GitHub simulator: scenarios served over loopback for the demo, the benchmarks and the tests.
export { startSimulator, type Simulator, type SimulatorOptions, type SimStats } from './server.js';
export type { FailureRule } from './failures.js';
export type { SimAppOptions } from './auth.js';
export * from './scenario.js';
