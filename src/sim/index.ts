// The GitHub simulator: scenarios served over loopback for the demo, the benchmarks and the tests.
export { startSimulator, type Simulator, type SimulatorOptions, type SimStats } from './server.js';
export type { FailureRule } from './failures.js';
export type { SimAppOptions } from './auth.js';
export * from './scenario.js';
export * from './changes.js';
export { GITHUB_SECONDARY_LIMITS, type SecondaryLimitOptions } from './secondaryLimit.js';
export { generateScenario, type GenerateOptions } from './generate.js';
export { seededRandom, type Random } from './random.js';
export { sampleScenario, SAMPLE_REPOSITORIES, SAMPLE_PEOPLE } from './scenarios/sample.js';
export { queryCost, type QueryCost } from './graphql/cost.js';
export { forkSimulator, type RemoteSimulator } from './fork.js';
export { addClosedHistory, type HistoryOptions } from './history.js';
