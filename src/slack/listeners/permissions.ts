import type { SlackMessage } from '../blocks/kit.js';
import { buildNotice } from '../blocks/notice.js';
import { shown } from '../blocks/text.js';
import type { ListenerDeps } from './deps.js';

// Who is a flowlight admin: the operator's FLOWLIGHT_ADMINS, and Slack's workspace admins and owners
// (users.info, kept a while). Changing a channel's rules, repositories or other people's links takes
// an admin; everyone may read, pick up reviews, and link or unlink themselves. When Slack cannot be
// asked, the answer is "not now", never "yes".

export type AdminCheck = { kind: 'admin' } | { kind: 'not_admin' } | { kind: 'unknown'; error: string };

export async function checkAdmin(userId: string, deps: ListenerDeps): Promise<AdminCheck> {
  if (deps.access?.admins.includes(userId)) return { kind: 'admin' };
  if (!deps.directory) return { kind: 'not_admin' };
  const lookup = await deps.directory.isWorkspaceAdmin(userId);
  if (!lookup.ok) {
    deps.logger.warn({ user: userId, error: lookup.error }, 'Could not ask Slack whether a person is a workspace admin');
    return { kind: 'unknown', error: lookup.error };
  }
  return lookup.value ? { kind: 'admin' } : { kind: 'not_admin' };
}

/** null when `userId` may `action` (e.g. "change this channel's rules"); else the reply saying why not and what to do. */
export async function adminRefusal(userId: string, deps: ListenerDeps, action: string): Promise<SlackMessage | null> {
  const check = await checkAdmin(userId, deps);
  switch (check.kind) {
    case 'admin':
      return null;
    case 'not_admin':
      return buildNotice(`:lock: Only a flowlight admin can ${action}: ${whoAreAdmins(deps)}. Ask one of them, or ask whoever runs flowlight to add your member ID to FLOWLIGHT_ADMINS. Nothing was changed.`);
    case 'unknown':
      return notAskable(check.error);
    default: {
      const _exhaustive: never = check;
      return _exhaustive;
    }
  }
}

export function notAskable(error: string): SlackMessage {
  return buildNotice(`:warning: I could not ask Slack whether you are an admin (\`${shown(error, 40)}\`), so nothing was changed. Try again in a minute.`);
}

function whoAreAdmins(deps: ListenerDeps): string {
  const listed = deps.access?.admins ?? [];
  const named = listed.slice(0, 5).map((id) => `<@${id}>`);
  if (listed.length > named.length) named.push(`${listed.length - named.length} more`);
  return named.length > 0 ? `${named.join(', ')}, and this workspace's Slack admins and owners` : 'this workspace\'s Slack admins and owners';
}
