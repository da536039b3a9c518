import type { webApi } from '@slack/bolt';
import type { SlackMessage } from '../../blocks/kit.js';
import type { ListenerDeps } from '../deps.js';

/** One `/flow` subcommand as a handler sees it. The team is the channel the command was typed in. */
export interface FlowRequest {
  teamId: string;
  userId: string;
  /** the words after the subcommand */
  args: string[];
  /** the text after the subcommand, spacing kept (for values with spaces) */
  rest: string;
  /** the bot's Web API client, for the few subcommands that act in Slack (`/flow watch` joins the channel) */
  slack?: webApi.WebClient;
}

/** Loads, decides through the domain, builds: returns the ephemeral reply. */
export type FlowHandler = (request: FlowRequest, deps: ListenerDeps) => Promise<SlackMessage>;
