import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// manifest.yml is pasted into Slack's "Create app from manifest". Read as text (no YAML library is
// installed): the parts that matter are checked line by line.

const manifest = fs.readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
const lines = manifest.split('\n').filter((line) => !line.trimStart().startsWith('#'));

function listUnder(key: string): string[] {
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  if (start === -1) return [];
  const indent = lines[start]!.search(/\S/);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    if (line.search(/\S/) <= indent) break;
    const item = /^\s*-\s+(.+)$/.exec(line);
    if (item) items.push(item[1]!.trim());
  }
  return items;
}

describe('the Slack app manifest', () => {
  it('asks for the least bot scopes that work, and no user scopes', () => {
    // history scopes: the outbox reads back its own messages after an unknown send outcome (exactly once);
    // channels:join: it must be in a public channel to read it; channels:read, groups:read: member_joined_channel
    expect(listUnder('bot')).toEqual([
      'commands', 'chat:write', 'chat:write.public', 'im:write', 'channels:history', 'groups:history', 'im:history',
      'channels:join', 'channels:read', 'groups:read',
    ]);
    expect(manifest).not.toMatch(/^\s*user:/m);
  });

  it('has a bot user, the /flow command with a usage hint and escaped mentions, interactivity and Socket Mode', () => {
    expect(manifest).toMatch(/^\s{2}bot_user:\n\s{4}display_name: flowlight/m);
    expect(manifest).toMatch(/- command: \/flow\n\s+description: .+\n\s+usage_hint: ".*next.*"\n\s+should_escape: true/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
  });

  it('subscribes the bot to member_joined_channel, so an invite releases the messages that waited for the channel', () => {
    expect(listUnder('bot_events')).toEqual(['member_joined_channel']);
  });

  it('is plain YAML: spaces only, no tabs', () => {
    expect(manifest).not.toContain('\t');
    expect(manifest.startsWith('#')).toBe(true);
  });
});
