// Moved to src/sim/slack/ beside the fake Slack that enforces it; kept so older imports compile.
export * from '../../src/sim/slack/blockKitLimits.js';
