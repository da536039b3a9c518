// Which repositories a channel may watch. The operator allows GitHub owners (or lets a GitHub App
// installation's repositories be the list); a private repository's titles, authors and waits go only
// to private channels and DMs, unless an admin allowed private repositories in that channel.

export type GitHubAuthKind = 'token' | 'app' | 'none';

/** What a Slack conversation is, from conversations.info. */
export type ChannelKind = 'public' | 'private' | 'im' | 'mpim';

export type OwnerDecision =
  | { allowed: true }
  | { allowed: false; reason: 'no_owners_configured' | 'owner_not_allowed' };

/**
 * Whether `owner`'s repositories may be watched. With a GitHub App and no list, the installation's
 * repositories are the list (GitHub answers 404 for the others); with a token, an empty list allows none,
 * since a token often reads far more than the team should show.
 */
export function ownerDecision(owner: string, allowedOwners: readonly string[], authKind: GitHubAuthKind): OwnerDecision {
  if (allowedOwners.length === 0) {
    return authKind === 'app' ? { allowed: true } : { allowed: false, reason: 'no_owners_configured' };
  }
  return allowedOwners.includes(owner.toLowerCase()) ? { allowed: true } : { allowed: false, reason: 'owner_not_allowed' };
}

/** Private repositories, by default, only where everyone reading is already invited: private channels and DMs. */
export function privateRepoAllowedIn(channel: ChannelKind, allowedByAdmin: boolean): boolean {
  switch (channel) {
    case 'private':
    case 'im':
    case 'mpim':
      return true;
    case 'public':
      return allowedByAdmin;
    default: {
      const _exhaustive: never = channel;
      return _exhaustive;
    }
  }
}
