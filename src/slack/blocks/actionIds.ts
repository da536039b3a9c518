// The action ids our buttons carry; the action listeners register on exactly these.

export const ACTION_IDS = Object.freeze({
  pickUp: 'flow_pick_up',
  skip: 'flow_skip',
  queuePrevious: 'flow_queue_previous',
  queueNext: 'flow_queue_next',
});

/** A button's value back to its PR: the inverse of domain pullRequestKey. */
export function parsePullRequestKey(value: string): { repo: string; number: number } | null {
  const match = /^([a-z\d-]{1,39}\/[a-z\d._-]{1,100})#(\d{1,9})$/i.exec(value);
  return match ? { repo: match[1]!.toLowerCase(), number: Number(match[2]) } : null;
}
