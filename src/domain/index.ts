// flowlight's pure core: data and `now` in, values out. No I/O, no clock reads.

export * from './types.js';
export * from './businessHours.js';
export * from './classify.js';
export * from './queueHistory.js';
export * from './settings.js';
export * from './metrics.js';
export * from './forecast.js';
export * from './rules.js';
export * from './light.js';
export * from './staleness.js';
export * from './suggest.js';
export * from './swarm.js';
export * from './assess.js';
export * from './format.js';
export { parseClock, formatClock } from './clock.js';
export { isCountingReview, changedLines, hasAnyLabel, readyAt } from './reviews.js';
