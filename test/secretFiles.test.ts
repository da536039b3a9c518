import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

// Secrets from files (X_FILE, and GITHUB_APP_PRIVATE_KEY_PATH): real files on disk, through loadConfig.

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n';

describe('secrets from files', () => {
  let dir: string;
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-secrets-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every _FILE variable into its variable, without the trailing newline', () => {
    const config = loadConfig({
      GITHUB_TOKEN_FILE: write('github', 'github_pat_fromfile\n'),
      SLACK_BOT_TOKEN_FILE: write('bot', 'xoxb-from-file\n'),
      SLACK_APP_TOKEN_FILE: write('app', 'xapp-from-file\r\n'),
      SLACK_SIGNING_SECRET_FILE: write('signing', 'signing-from-file\n'),
    });
    expect(config.github.auth).toEqual({ kind: 'token', token: 'github_pat_fromfile' });
    expect(config.slack).toMatchObject({ botToken: 'xoxb-from-file', appToken: 'xapp-from-file', signingSecret: 'signing-from-file', mode: 'socket' });
  });

  it.each(['GITHUB_APP_PRIVATE_KEY_FILE', 'GITHUB_APP_PRIVATE_KEY_PATH'])('reads the GitHub App key from %s, newlines intact', (variable) => {
    const config = loadConfig({ GITHUB_APP_ID: '12', GITHUB_APP_INSTALLATION_ID: '34', [variable]: write('key.pem', PEM) });
    expect(config.github.auth).toEqual({ kind: 'app', appId: '12', installationId: '34', privateKey: PEM.trim() });
  });

  it('checks what a file holds like the variable itself', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN_FILE: write('bot', 'xoxp-user-token\n') })).toThrow('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(() => loadConfig({ GITHUB_APP_ID: '12', GITHUB_APP_INSTALLATION_ID: '34', GITHUB_APP_PRIVATE_KEY_PATH: write('key.pem', 'not a key') })).toThrow('GITHUB_APP_PRIVATE_KEY: not a PEM private key');
  });

  const failures: Array<[string, (dir: string) => Record<string, string>, RegExp]> = [
    ['a missing file', (d) => ({ GITHUB_TOKEN_FILE: path.join(d, 'nope') }), /GITHUB_TOKEN_FILE: cannot read \/.*\/nope \(no such file\)\. Point it at the file that holds GITHUB_TOKEN/],
    ['a folder', (d) => ({ SLACK_BOT_TOKEN_FILE: d }), /SLACK_BOT_TOKEN_FILE: cannot read \/.*flowlight-secrets-\w+ \(it is a folder, not a file\)/],
    ['an empty file', (d) => (fs.writeFileSync(path.join(d, 'empty'), '\n'), { SLACK_SIGNING_SECRET_FILE: path.join(d, 'empty') }), /SLACK_SIGNING_SECRET_FILE: \/.*\/empty is empty\. Put SLACK_SIGNING_SECRET in it, or unset SLACK_SIGNING_SECRET_FILE/],
    ['the variable and its file both', (d) => (fs.writeFileSync(path.join(d, 't'), 'x'), { GITHUB_TOKEN: 'ghp_env', GITHUB_TOKEN_FILE: path.join(d, 't') }), /GITHUB_TOKEN_FILE: GITHUB_TOKEN is set too\. Set one of them, not both/],
    ['the key file named twice', (d) => (fs.writeFileSync(path.join(d, 'k'), PEM), { GITHUB_APP_PRIVATE_KEY_FILE: path.join(d, 'k'), GITHUB_APP_PRIVATE_KEY_PATH: path.join(d, 'k') }), /GITHUB_APP_PRIVATE_KEY_PATH: GITHUB_APP_PRIVATE_KEY_FILE is set too/],
  ];
  it.each(failures)('refuses %s with a config error naming the variable and the path', (_label, env, message) => {
    let error: unknown;
    try {
      loadConfig(env(dir));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'config_invalid' });
    expect((error as Error).message).toMatch(/^Invalid configuration:\n {2}/);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('see .env.example');
  });

  it('names the path but never the secret when a file holds a malformed value', () => {
    const secret = 'xoxp-9999-user-token-secret';
    expect(() => loadConfig({ SLACK_BOT_TOKEN_FILE: write('bot', secret) })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret) }));
  });
});
