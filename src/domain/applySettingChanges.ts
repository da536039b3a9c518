// Several `/flow set` changes at once (a suggestion, or the CLI's repeated --set), each through
// applySetting, in an order every intermediate step accepts: a rule's yellow level must stay below
// its red one, so when both move, the one that makes room goes first.

import { applySetting } from './applySetting.js';
import type { TeamSettings } from './settingsModel.js';

export type ApplyChangesResult = { ok: true; settings: TeamSettings; summaries: string[] } | { ok: false; error: string };

export function applySettingChanges(settings: TeamSettings, changes: ReadonlyArray<readonly [string, string]>): ApplyChangesResult {
  let current = settings;
  const pending = [...changes];
  const summaries: string[] = [];
  // A change refused now may be accepted once another made room: retry until nothing moves.
  while (pending.length > 0) {
    let lastError = '';
    const before = pending.length;
    for (let i = 0; i < pending.length; ) {
      const [key, value] = pending[i]!;
      const result = applySetting(current, key, value);
      if (result.ok) {
        current = result.settings;
        summaries.push(result.summary);
        pending.splice(i, 1);
      } else {
        lastError = result.error;
        i += 1;
      }
    }
    if (pending.length === before) return { ok: false, error: lastError };
  }
  return { ok: true, settings: current, summaries };
}
