// The action ids our buttons carry; the action listeners register on exactly these.

export const ACTION_IDS = Object.freeze({
  pickUp: 'flow_pick_up',
  skip: 'flow_skip',
  queuePrevious: 'flow_queue_previous',
  queueNext: 'flow_queue_next',
  /** Pick up on the App Home tab: no channel there, so the value names the team too */
  homePickUp: 'flow_home_pick_up',
  /** /flow replay: apply the levels suggested from the team's history */
  applySuggestion: 'flow_apply_suggestion',
});

/** A button's value back to its PR: the inverse of domain pullRequestKey. */
export function parsePullRequestKey(value: string): { repo: string; number: number } | null {
  const match = /^([a-z\d-]{1,39}\/[a-z\d._-]{1,100})#(\d{1,9})$/i.exec(value);
  return match ? { repo: match[1]!.toLowerCase(), number: Number(match[2]) } : null;
}

/** The Home tab's Pick up value: the team (channel id) and the PR key, since a Home view has no channel. */
export function homePickUpValue(teamId: string, prKey: string): string {
  return JSON.stringify({ team: teamId, pr: prKey });
}

export function parseHomePickUpValue(value: string): { teamId: string; repo: string; number: number } | null {
  try {
    const parsed = JSON.parse(value) as { team?: unknown; pr?: unknown };
    if (typeof parsed.team !== 'string' || !/^[A-Z0-9]{2,30}$/.test(parsed.team) || typeof parsed.pr !== 'string') return null;
    const target = parsePullRequestKey(parsed.pr);
    return target ? { teamId: parsed.team, ...target } : null;
  } catch {
    return null;
  }
}
