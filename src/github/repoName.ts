// "owner/name" as GitHub allows it: letters, digits, '-', '_' and '.'; never '..' or a path.

const PART = /^[A-Za-z0-9_.-]{1,100}$/;

export function splitRepoName(repo: string): { owner: string; name: string } | null {
  const [owner, name, ...rest] = repo.trim().split('/');
  if (!owner || !name || rest.length > 0) return null;
  if (!PART.test(owner) || !PART.test(name) || owner.startsWith('.') || name === '.' || name === '..') return null;
  return { owner, name };
}
