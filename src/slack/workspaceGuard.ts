import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Db } from '../store/open.js';
import { recordedWorkspaceOf, recordWorkspace, sameWorkspace, type SlackWorkspace } from '../store/teamWorkspace.js';

// Every request and button press must come from the workspace (and enterprise) the bot is installed
// in, as auth.test said at start. Anything else is acknowledged, told why, and never acted on: a
// team is (enterprise, workspace, channel), and a channel ID from another workspace is not ours.
// The workspace is recorded on the team, so a channel's data is never served to another installation.

export interface WorkspaceGuardOptions {
  /** the installed workspace, known once start() ran auth.test; null before */
  installed: () => SlackWorkspace | null;
  db: Db;
  logger: Logger;
}

const OTHER_WORKSPACE_TEXT =
  ':no_entry: This flowlight is installed in another Slack workspace, so it does not act on requests from this one. Ask an admin of this workspace to install its own flowlight.';
const OTHER_WORKSPACE_CHANNEL_TEXT =
  ':no_entry: This channel\'s flowlight data belongs to another Slack workspace, so nothing was shown or changed. Whoever runs flowlight can move the channel to a new one (`/flow watch` in a channel of this workspace).';
const NOT_STARTED_TEXT = ':hourglass: flowlight is still starting; try again in a few seconds.';

export function workspaceGuard(options: WorkspaceGuardOptions): Middleware<AnyMiddlewareArgs> {
  const recordedWorkspace = recordedWorkspaceReader(options.db);
  return async (args) => {
    const body = args.body as Record<string, unknown>;
    const installed = options.installed();
    const from = requestWorkspace(body);
    const channel = requestChannel(body);
    let refusal: string | null = null;
    // Only a channel with no workspace on record (an older team, or one this request creates) is written to.
    let unrecorded = false;
    if (!installed) refusal = NOT_STARTED_TEXT;
    else if (!from || !sameWorkspace(from, installed)) refusal = OTHER_WORKSPACE_TEXT;
    else if (channel) {
      const recorded = await recordedWorkspace(channel);
      if (recorded && !sameWorkspace(recorded, installed)) refusal = OTHER_WORKSPACE_CHANNEL_TEXT;
      unrecorded = recorded === null;
    }
    if (refusal) {
      options.logger.warn({ from, installed, channel, type: body.type ?? body.command }, 'Refused a Slack request from outside the installed workspace');
      await refuse(args, refusal, options.logger);
      return;
    }
    await args.next();
    if (channel && installed && unrecorded) await record(options, channel, installed);
  };
}

/**
 * The guard reads a channel's workspace before the request is acknowledged, so that read must not wait: under a
 * burst (200 commands at once, PostgreSQL's pool busy with the work of those already acknowledged) a wait for a
 * connection outlasted Slack's 3 s acknowledgement window. A recorded workspace never changes (recordWorkspace
 * writes only where none is, on any replica), so it is read once per channel and kept; requests arriving together
 * share that one read. A channel with nothing recorded yet, or a read that failed, is read again next time.
 */
function recordedWorkspaceReader(db: Db): (channel: string) => Promise<SlackWorkspace | null> {
  const reads = new Map<string, Promise<SlackWorkspace | null>>();
  return (channel) => {
    let read = reads.get(channel);
    if (!read) {
      read = recordedWorkspaceOf(db, channel);
      reads.set(channel, read);
      read.then((recorded) => recorded === null && reads.delete(channel), () => reads.delete(channel));
    }
    return read;
  };
}

async function record(options: WorkspaceGuardOptions, channel: string, workspace: SlackWorkspace): Promise<void> {
  await recordWorkspace(options.db, channel, workspace).catch((error: unknown) => options.logger.warn({ err: error, channel }, 'Could not record the channel\'s workspace'));
}

/** The (enterprise, workspace) a request says it comes from: slash commands, events, interactivity. */
function requestWorkspace(body: Record<string, unknown>): SlackWorkspace | null {
  const team = asRecord(body.team);
  const enterprise = asRecord(body.enterprise);
  const teamId = stringOf(body.team_id) ?? stringOf(team?.id);
  const enterpriseId = stringOf(body.enterprise_id) ?? stringOf(enterprise?.id) ?? null;
  return teamId ? { teamId, enterpriseId } : null;
}

function requestChannel(body: Record<string, unknown>): string | null {
  return stringOf(body.channel_id) ?? stringOf(asRecord(body.channel)?.id) ?? stringOf(asRecord(body.container)?.channel_id) ?? stringOf(asRecord(body.event)?.channel) ?? null;
}

async function refuse(args: AnyMiddlewareArgs, text: string, logger: Logger): Promise<void> {
  const { ack, respond } = args as { ack?: (response?: unknown) => Promise<void>; respond?: (message: unknown) => Promise<unknown> };
  const isCommand = typeof (args.body as { command?: unknown }).command === 'string';
  try {
    if (isCommand && ack) {
      // A slash command's acknowledgement is shown to the person who typed it, and only to them.
      await ack({ response_type: 'ephemeral', text });
      return;
    }
    if (ack) await ack();
    if (respond) await respond({ response_type: 'ephemeral', replace_original: false, text });
  } catch (error) {
    logger.warn({ err: error }, 'Could not tell the sender why their request was refused');
  }
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
