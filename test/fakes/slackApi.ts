// Moved to src/sim/slack/ (one fake Slack for the demo, the benchmarks and the tests); this
// re-export keeps older imports compiling until they point at src/sim/slack/ directly.
export * from '../../src/sim/slack/fakeSlack.js';
