// Untrusted text (PR titles, branch names, labels, logins) and Block Kit's size limits.

import { printable, printableLines } from '../../printable.js';

/** Block Kit: at most 50 blocks a message, 3000 characters a section text, 150 a button/plain header. */
export const LIMITS = Object.freeze({ blocks: 50, sectionText: 3000, header: 150, buttonText: 75, contextElements: 10, fallbackText: 4000 });

/**
 * Slack's mrkdwn reads `<...>` as links and mentions and `&` as an entity: escaping these three
 * shows `<!channel> fix` as text and pings no one (Slack's own formatting guide). Control and bidi
 * characters become "?" on the way (a U+202E in a PR title would turn the rest of the line around),
 * so every title, login, label, branch name or GitHub error that passes here reaches Slack neutral.
 */
export function escapeText(text: string): string {
  return printableLines(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to `max` characters, ending in "…", without splitting an escape entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** A link whose label is untrusted: the label is escaped and `|` cannot end it early. */
export function link(url: string, label: string): string {
  const safeUrl = url.replace(/[<>|\s]/g, encodeURIComponent);
  return `<${safeUrl}|${escapeText(label).replace(/\|/g, '¦')}>`;
}

/** Untrusted input echoed inside backticks: control and bidi characters as '?', escaped, short, no backtick to break out. */
export function shown(word: string, max = 60): string {
  return escapeText(truncate(printable(word), max)).replace(/`/g, "'");
}
