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
      prints.set(`${fullNameOf(repo)}#${pr.number}`, JSON.stringify(content));
    }
  }
  return prints;
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
