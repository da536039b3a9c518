// How many channel posts people may trigger (`/flow digest`, announced changes): a few per window
// per channel, so a loop of commands cannot flood the channel. The bot's own alerts do not count.

export interface PostLimit {
  posts: number;
  windowMs: number;
}

/** 5 posts per 10 minutes: a digest and a handful of announced changes while setting a channel up. */
export const USER_POST_LIMIT: PostLimit = { posts: 5, windowMs: 10 * 60_000 };

export type PostLimitDecision = { allowed: true } | { allowed: false; retryAt: Date };

/** `recent` are the times of the channel's user-triggered posts (any order, older ones ignored). */
export function postLimitDecision(recent: readonly Date[], now: Date, limit: PostLimit = USER_POST_LIMIT): PostLimitDecision {
  const windowStart = now.getTime() - limit.windowMs;
  const inWindow = recent.map((at) => at.getTime()).filter((at) => at > windowStart && at <= now.getTime()).sort((a, b) => a - b);
  if (inWindow.length < limit.posts) return { allowed: true };
  // A slot frees when the oldest post that still counts leaves the window.
  const oldestCounted = inWindow[inWindow.length - limit.posts]!;
  return { allowed: false, retryAt: new Date(oldestCounted + limit.windowMs) };
}
