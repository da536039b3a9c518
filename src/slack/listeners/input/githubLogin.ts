import { shown } from '../../blocks/text.js';

// GitHub logins: 1-39 letters, digits or single hyphens, not starting or ending with a hyphen.

const LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;

export type ParsedLogin = { ok: true; login: string } | { ok: false; error: string };

export function parseGitHubLogin(word: string): ParsedLogin {
  if (word.startsWith('@') && LOGIN.test(word.slice(1))) {
    return { ok: false, error: `Write the GitHub login without @: \`/flow link ${word.slice(1)}\`. To link someone else: \`/flow link @person GITHUB-LOGIN\`.` };
  }
  if (!LOGIN.test(word)) {
    return { ok: false, error: `\`${shown(word)}\` is not a GitHub login: logins are 1 to 39 letters, digits or single hyphens, such as \`octocat\` or \`mona-lisa\`.` };
  }
  return { ok: true, login: word.toLowerCase() };
}
