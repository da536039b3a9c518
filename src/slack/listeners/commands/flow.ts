import { performance } from 'node:perf_hooks';
import type { App } from '@slack/bolt';
import { buildHelp } from '../../blocks/help.js';
import { buildNotice } from '../../blocks/notice.js';
import { shown } from '../../blocks/text.js';
import type { ListenerDeps } from '../deps.js';
import { userFacingError } from '../userFacingError.js';
import { respondWithRetry } from '../respondWithRetry.js';
import { acknowledge } from '../acknowledge.js';
import { flowConfig } from './flowConfig.js';
import { flowDigest } from './flowDigest.js';
import { flowHelp } from './flowHelp.js';
import { flowLink } from './flowLink.js';
import { flowNext } from './flowNext.js';
import { flowQueue } from './flowQueue.js';
import { flowRepos } from './flowRepos.js';
import { flowReplay } from './flowReplay.js';
import { flowReport } from './flowReport.js';
import { flowSet } from './flowSet.js';
import { flowStatus } from './flowStatus.js';
import { flowUnlink } from './flowUnlink.js';
import { flowUnwatch } from './flowUnwatch.js';
import { flowWatch } from './flowWatch.js';
import type { FlowHandler } from './flowRequest.js';
import { MAX_COMMAND_LENGTH, parseFlowText, type FlowSubcommand } from './parseFlowText.js';

// `/flow …`: acknowledge at once, then dispatch to the subcommand's handler and answer ephemerally
// through the response URL. Unknown input gets the help; failures get a sentence, never a trace.

const HANDLERS: Record<FlowSubcommand, FlowHandler> = {
  status: flowStatus,
  next: flowNext,
  queue: flowQueue,
  link: flowLink,
  unlink: flowUnlink,
  watch: flowWatch,
  unwatch: flowUnwatch,
  repos: flowRepos,
  config: flowConfig,
  set: flowSet,
  digest: flowDigest,
  help: flowHelp,
  replay: flowReplay,
  report: flowReport,
};

export function registerFlowCommand(app: App, deps: ListenerDeps): void {
  app.command('/flow', async ({ command, ack, respond, client }) => {
    const arrivedAt = performance.now();
    await acknowledge(ack, deps.logger, { channel: command.channel_id, command: '/flow' });
    // Let the acks of requests that arrived together go out before this one's work blocks the thread.
    await new Promise(setImmediate);
    const parsed = parseFlowText(command.text);
    let reply;
    switch (parsed.kind) {
      case 'too_long':
        reply = buildHelp(`That was ${parsed.length} characters; /flow commands are short (at most ${MAX_COMMAND_LENGTH}).`);
        break;
      case 'unknown':
        reply = buildHelp(`I don't know \`${shown(parsed.word, 40)}\`. Here is what /flow can do:`);
        break;
      case 'command':
        try {
          reply = await HANDLERS[parsed.name](
            { teamId: command.channel_id, userId: command.user_id, args: parsed.args, rest: parsed.rest, slack: client },
            deps,
          );
        } catch (error) {
          const { message, expected } = userFacingError(error, `answering /flow ${parsed.name}`);
          if (!expected) deps.logger.error({ err: error, subcommand: parsed.name, channel: command.channel_id }, '/flow failed');
          reply = buildNotice(`:warning: ${message}`);
        }
        break;
      default: {
        const _exhaustive: never = parsed;
        throw new Error(`unhandled ${String(_exhaustive)}`);
      }
    }
    try {
      await respondWithRetry(respond, { response_type: 'ephemeral', replace_original: false, ...reply });
    } catch (error) {
      deps.logger.warn({ err: error, channel: command.channel_id }, 'Could not answer /flow through its response URL');
    }
    deps.onFlowAnswered?.(parsed.kind === 'command' ? parsed.name : parsed.kind, (performance.now() - arrivedAt) / 1000);
  });
}
