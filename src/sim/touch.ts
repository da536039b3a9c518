import { fullNameOf, updatedAtOf, type Scenario } from './scenario.js';

// GitHub bumps a pull request's updated_at on every change. The simulator sees what `update`
// changed by comparing fingerprints, and moves each changed PR to the front of "recently updated",
// at least a second past everything else (REST timestamps have whole seconds), so the
// conditional request's top item, and with it the ETag, changes as it would on GitHub.

export type Fingerprints = Map<string, string>;

export function fingerprint(scenario: Scenario): Fingerprints {
  const prints: Fingerprints = new Map();
  for (const repo of scenario.repositories) {
    for (const pr of repo.pullRequests) {
      const { updatedAt: _ignored, ...content } = pr;
      prints.set(`${fullNameOf(repo)}#${pr.number}`, contentOf(content));
    }
  }
  return prints;
}

/**
 * A pull request's content as one string, equal exactly when the content is: what JSON.stringify
 * gives, but with dates as their milliseconds. Every update fingerprints every PR of the scenario
 * twice, and Date's toJSON (an ISO string per commit, review and request) made JSON.stringify
 * three times slower; in the demo's fortnight that was an eighth of its CPU.
 */
function contentOf(value: unknown): string {
  if (value instanceof Date) return `@${value.getTime()}`;
  if (Array.isArray(value)) {
    let text = '[';
    for (const item of value) text += `${contentOf(item)},`;
    return `${text}]`;
  }
  if (value !== null && typeof value === 'object') {
    let text = '{';
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) text += `${key}:${contentOf(item)},`;
    }
    return `${text}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function touchChanged(scenario: Scenario, before: Fingerprints, now: Date): void {
  const after = fingerprint(scenario);
  for (const repo of scenario.repositories) {
    const changed = repo.pullRequests.filter((pr) => before.get(`${fullNameOf(repo)}#${pr.number}`) !== after.get(`${fullNameOf(repo)}#${pr.number}`));
    if (changed.length === 0) continue;
    const latest = Math.max(...repo.pullRequests.map((pr) => updatedAtOf(pr).getTime()));
    const bumped = new Date(Math.max(now.getTime(), Math.floor(latest / 1000) * 1000 + 1000));
    for (const pr of changed) pr.updatedAt = bumped;
  }
}
