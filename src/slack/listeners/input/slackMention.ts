// Slack sends a picked @mention in a slash command as `<@U123|name>` (the manifest's should_escape).

const MENTION = /^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$/;

export function parseUserMention(word: string): string | null {
  return MENTION.exec(word)?.[1] ?? null;
}

