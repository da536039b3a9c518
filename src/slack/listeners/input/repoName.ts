import { shown } from '../../blocks/text.js';

// OWNER/REPO as GitHub allows it: an owner of 1-39 letters, digits or hyphens; a name of letters,
// digits, `.`, `_` or `-` (not `.` or `..`). A pasted GitHub URL works too (Slack wraps it in <…>).

const OWNER = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;
const NAME = /^[a-z\d._-]{1,100}$/i;

export type ParsedRepo = { ok: true; repo: string } | { ok: false; error: string };

const EXAMPLE = 'write OWNER/REPO, for example `acme/api`';

export function parseRepoName(word: string): ParsedRepo {
  const candidate = fromUrl(word) ?? word;
  const parts = candidate.replace(/\.git$/i, '').split('/');
  if (parts.length !== 2) return { ok: false, error: `\`${shown(word)}\` is not a repository: ${EXAMPLE}.` };
  const [owner = '', name = ''] = parts;
  if (!OWNER.test(owner)) return { ok: false, error: `\`${shown(word)}\`: \`${shown(owner)}\` is not a GitHub owner (letters, digits and single hyphens); ${EXAMPLE}.` };
  if (!NAME.test(name) || name === '.' || name === '..') {
    return { ok: false, error: `\`${shown(word)}\`: \`${shown(name)}\` is not a repository name (letters, digits, \`.\`, \`_\`, \`-\`); ${EXAMPLE}.` };
  }
  return { ok: true, repo: `${owner}/${name}`.toLowerCase() };
}

/** `<https://github.com/acme/api|github.com/acme/api>`, `https://github.example.com/acme/api/pulls` → `acme/api`. */
function fromUrl(word: string): string | null {
  const unwrapped = word.replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1');
  if (!/^https?:\/\//i.test(unwrapped)) return null;
  try {
    const segments = new URL(unwrapped).pathname.split('/').filter(Boolean);
    return segments.length >= 2 ? `${segments[0]}/${segments[1]}` : unwrapped;
  } catch {
    return unwrapped;
  }
}
