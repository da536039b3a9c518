import { FlowlightError } from '../errors.js';
import type { GitHub } from './client.js';
import { failureFromThrown } from './errors.js';
import { splitRepoName } from './repoName.js';

// For `/flow watch OWNER/REPO`: can the token see this repository? Answers with GitHub's own
// spelling of the name, or the reason it cannot, worded for the person who typed it.

/** `isPrivate`: private or internal on GitHub, or GitHub did not say (taken as private, the safe side). */
export type AccessCheck = { ok: true; fullName: string; isPrivate: boolean } | { ok: false; error: FlowlightError };

export async function checkRepositoryAccess(gh: GitHub, repo: string, now: Date): Promise<AccessCheck> {
  const parts = splitRepoName(repo);
  if (!parts) {
    return { ok: false, error: new FlowlightError('input_invalid', `"${repo}" is not a repository name: write it as OWNER/REPO, for example octo-org/api.`) };
  }
  try {
    const response = await gh.octokit.request('GET /repos/{owner}/{repo}', { owner: parts.owner, repo: parts.name });
    const data: unknown = response.data;
    const fullName = data && typeof data === 'object' ? (data as { full_name?: unknown }).full_name : undefined;
    if (typeof fullName !== 'string') {
      return { ok: false, error: new FlowlightError('github_bad_response', `GitHub sent an unexpected answer about ${repo}; try again in a minute.`) };
    }
    const isPrivate = (data as { private?: unknown }).private !== false;
    return { ok: true, fullName, isPrivate };
  } catch (thrown) {
    return { ok: false, error: failureFromThrown(thrown, { repo: `${parts.owner}/${parts.name}`, authKind: gh.authKind, now }).error };
  }
}
