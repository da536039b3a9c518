import type { PullRequestFacts } from '../../domain/types.js';
import { escapeText, link, truncate } from './text.js';

// A PR as one line of mrkdwn: every part of it comes from GitHub and is untrusted.

const TITLE_CHARS = 120;

/** "owner/repo#12 Title" as a link, the title on one line and cut to fit. */
export function pullRequestLink(facts: Pick<PullRequestFacts, 'url' | 'repo' | 'number' | 'title'>): string {
  return link(facts.url, `${facts.repo}#${facts.number} ${truncate(facts.title.replace(/\s+/g, ' '), TITLE_CHARS)}`);
}

export function authorOf(facts: PullRequestFacts): string {
  return facts.author ? `by ${escapeText(truncate(facts.author, 40))}` : 'by a deleted account';
}
