import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// manifest.yml (Socket Mode) and manifest.http.yml (HTTP mode) are pasted into Slack's "Create app
// from manifest". Read as text (no YAML library is installed): the parts that matter are checked line by line.

function read(file: string) {
  const text = fs.readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  const lines = text.split('\n').filter((line) => !line.trimStart().startsWith('#'));
  return { text, lines };
}

function listUnder(lines: string[], key: string): string[] {
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

/** The YAML block under `key:` (its deeper-indented lines), as text. */
function blockUnder(lines: string[], key: string): string {
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  if (start === -1) return '';
  const indent = lines[start]!.search(/\S/);
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && line.search(/\S/) <= indent) break;
    out.push(line);
  }
  return out.join('\n');
}

describe.each(['manifest.yml', 'manifest.http.yml'])('the Slack app manifest %s', (file) => {
  const { text: manifest, lines } = read(file);

  it('asks for the least bot scopes that work, and no user scopes', () => {
    // history scopes: the outbox reads back its own messages after an unknown send outcome (exactly once);
    // the Home tab needs none (app_home_opened and views.publish come with the bot token);
    // users:read (users.info: is this person a Slack admin) and the :read scopes (conversations.info: is this
    // channel private; member_joined_channel) decide who may change a channel and where a private repository
    // may be shown; channels:join: the bot must be in a public channel to read its history
    expect(listUnder(lines, 'bot')).toEqual([
      'commands', 'chat:write', 'chat:write.public', 'im:write', 'users:read', 'channels:read', 'groups:read', 'im:read', 'mpim:read',
      'channels:join', 'channels:history', 'groups:history', 'im:history',
      // files:write: the digest's and /flow report's charts, with Slack's external upload
      'files:write',
    ]);
    // every scope is explained in the manifest's header
    for (const scope of listUnder(lines, 'bot')) expect(manifest).toMatch(new RegExp(`^#.*\\b${scope.replace('.', '\\.')}\\b`, 'm'));
    expect(manifest).not.toMatch(/^\s*user:/m);
  });

  it('has a bot user, the /flow command with a usage hint and escaped mentions, and interactivity', () => {
    expect(manifest).toMatch(/^\s{2}bot_user:\n\s{4}display_name: flowlight/m);
    expect(manifest).toMatch(/- command: \/flow\n\s+description: .+\n\s+usage_hint: ".*next.*"\n\s+should_escape: true/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
  });

  it('has an App Home with the Home tab and a read-only Messages tab (the bot sends DMs), and subscribes to app_home_opened', () => {
    const home = blockUnder(lines, 'app_home');
    expect(home).toMatch(/home_tab_enabled: true/);
    expect(home).toMatch(/messages_tab_enabled: true/);
    expect(home).toMatch(/messages_tab_read_only_enabled: true/);
    expect(listUnder(lines, 'bot_events')).toContain('app_home_opened');
  });

  it('subscribes the bot to member_joined_channel, so an invite releases the messages that waited for the channel', () => {
    expect(listUnder(lines, 'bot_events')).toContain('member_joined_channel');
  });

  it('is plain YAML: spaces only, no tabs', () => {
    expect(manifest).not.toContain('\t');
    expect(manifest.startsWith('#')).toBe(true);
  });
});

describe('Socket Mode versus HTTP mode', () => {
  it('manifest.yml uses Socket Mode and names no request URL', () => {
    const { text } = read('manifest.yml');
    expect(text).toMatch(/socket_mode_enabled: true/);
    expect(text).not.toMatch(/request_url|^\s+url:/m);
  });

  it('manifest.http.yml sends the slash command, interactivity and events to /slack/events, without Socket Mode', () => {
    const { text, lines } = read('manifest.http.yml');
    expect(text).toMatch(/socket_mode_enabled: false/);
    expect(blockUnder(lines, 'slash_commands')).toMatch(/^\s+url: https:\/\/\S+\/slack\/events$/m);
    expect(blockUnder(lines, 'interactivity')).toMatch(/^\s+request_url: https:\/\/\S+\/slack\/events$/m);
    expect(blockUnder(lines, 'event_subscriptions')).toMatch(/^\s+request_url: https:\/\/\S+\/slack\/events$/m);
  });

  it('the two differ only in how Slack reaches flowlight', () => {
    const strip = (text: string) => text.split('\n').filter((l) => !l.trimStart().startsWith('#') && !/(request_url|^\s+url):/.test(l) && !/socket_mode_enabled/.test(l)).join('\n');
    expect(strip(read('manifest.http.yml').text)).toBe(strip(read('manifest.yml').text));
  });
});
