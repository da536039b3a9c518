import type { GitHub } from './client.js';
import { failureFromThrown } from './errors.js';

// Who is in a GitHub team that a review request names (CODEOWNERS requests teams), so the request
// counts for each member. REST `GET /orgs/{org}/teams/{team_slug}/members`, 100 a page, 1 point a
// page. It needs more than reading pull requests: a fine-grained token needs Organization →
// Members: Read, a GitHub App the "Members" organization permission (a classic token: read:org).
// Without it GitHub answers 403 "Resource not accessible by …", and flowlight says so.

export type TeamMembersRead =
  | { status: 'ok'; members: string[] }
  | { status: 'forbidden' | 'not_found' | 'failed'; detail: string };

/** `combinedSlug`: "org/team-slug", as review requests name the team. */
export async function readTeamMembers(gh: GitHub, combinedSlug: string, now: Date): Promise<TeamMembersRead> {
  const [org, slug, ...rest] = combinedSlug.split('/');
  if (!org || !slug || rest.length > 0) return { status: 'not_found', detail: `"${combinedSlug}" is not a team name (ORG/TEAM-SLUG).` };
  try {
    const members = await gh.octokit.paginate('GET /orgs/{org}/teams/{team_slug}/members', { org, team_slug: slug, per_page: 100 });
    return { status: 'ok', members: members.flatMap((member) => (member && typeof member.login === 'string' ? [member.login] : [])) };
  } catch (thrown) {
    const status = (thrown as { status?: number }).status;
    const failure = failureFromThrown(thrown, { repo: `team @${combinedSlug}`, authKind: gh.authKind, now });
    if (status === 403 && failure.retryAfter === null) {
      const grant = gh.authKind === 'app'
        ? 'give the GitHub App the "Members" organization permission (read)'
        : 'give the token Organization → Members: Read (fine-grained) or read:org (classic)';
      return { status: 'forbidden', detail: `GitHub refused to list the members of @${combinedSlug}: ${grant}.` };
    }
    if (status === 404) {
      return { status: 'not_found', detail: `GitHub does not show the team @${combinedSlug} (it was renamed or deleted, or a classic token lacks read:org).` };
    }
    return { status: 'failed', detail: failure.error.message };
  }
}
