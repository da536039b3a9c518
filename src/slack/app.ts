import { App, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import type { Config } from '../config.js';
import { FlowlightError } from '../errors.js';
import { createTeamViewCache, type TeamViewCache } from '../app/teamViewCache.js';
import type { OpsEndpoints } from '../ops/endpoints.js';
import type { SlackWorkspace } from '../store/teamWorkspace.js';
import { boltLogger } from './boltLogger.js';
import { bindDirectory, createSlackDirectory, type SlackDirectory } from './directory.js';
import type { ListenerDeps } from './listeners/deps.js';
import { registerListeners } from './listeners/index.js';
import { GuardedHttpReceiver } from './receiver/guardedHttpReceiver.js';
import { guardSocketModeMessages } from './receiver/guardedSocketMode.js';
import { workspaceGuard } from './workspaceGuard.js';

// The Bolt app: Socket Mode with an app token, HTTP mode with a signing secret (GET /healthz),
// its Web API client pointed at config.apiUrl. It wires listeners and decides nothing itself.

export type WebClient = webApi.WebClient;

export interface SlackAppDeps extends Omit<ListenerDeps, 'directory' | 'teamViews'> {
  /** the /flow views and decoded PR facts (built in main.ts, shared with the post-poll priming; a fresh one by default) */
  teamViews?: TeamViewCache;
  /** users.info / conversations.info answers, kept a while (built in main.ts; a fresh one by default) */
  directory?: SlackDirectory;
  config: Config['slack'];
  /** a receiver of your own (tests, tools); by default chosen from config.mode */
  receiver?: Receiver;
  /** Slack's request timestamps are wall-clock time even when the app runs on a simulated clock */
  wallClockMs?: () => number;
  /** HTTP mode serves /healthz, /readyz and /metrics beside /slack/events */
  opsEndpoints?: OpsEndpoints;
}

export interface SlackApp {
  app: App;
  /** the bot's Web API client (token set, no automatic retries: callers own retrying) */
  client: WebClient;
  /** the workspace the bot is installed in (auth.test at start); null before start() */
  installedWorkspace(): SlackWorkspace | null;
  /** verifies the token (auth.test), then listens; resolves with the HTTP port in HTTP mode */
  start(): Promise<{ port: number | null }>;
  stop(): Promise<void>;
  /** Socket Mode: the WebSocket is open (Slack said hello); HTTP mode: started with a valid token */
  isConnected(): boolean;
}

/** Slack errors that mean the token itself is wrong: starting cannot succeed until it is fixed. */
const BAD_TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const { config } = deps;
  if (!config.botToken) {
    throw new FlowlightError('config_invalid', 'SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from the app\'s OAuth & Permissions page, or try `npm run demo`, which needs no Slack app.');
  }
  const logger = boltLogger(deps.logger);
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.apiUrl,
    logger,
    // A listener answers a person within seconds: no retrying for minutes behind their back.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
  const receiver = deps.receiver ?? defaultReceiver(deps, logger);
  const app = new App({
    token: config.botToken,
    receiver,
    logger,
    clientOptions,
    // auth.test runs once in start(), where a bad token becomes a clear message.
    deferInitialization: true,
    // No listener reads conversation state; Bolt's default in-memory store would only grow.
    convoStore: false,
  });
  let installed: SlackWorkspace | null = null;
  // Bolt acknowledges first and works after: a stop waits for the work already running (stop() is
  // itself bounded by the caller), so nothing writes to a store that was closed under it.
  const inFlight = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  app.use(workspaceGuard({ installed: () => installed, db: deps.db, logger: deps.logger }));
  registerListeners(app, {
    ...deps,
    directory: bindDirectory(deps.directory ?? createSlackDirectory({ clock: deps.clock }), app.client),
    teamViews: deps.teamViews ?? createTeamViewCache(),
  });
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'Unhandled error in a Slack listener');
  });

  let started = false;
  // Socket Mode drops and reopens its WebSocket on its own; readiness follows the client's state.
  let socketOpen = false;
  if (receiver instanceof SocketModeReceiver) {
    receiver.client.on('connected', () => void (socketOpen = true));
    for (const state of ['reconnecting', 'disconnecting', 'disconnected'] as const) receiver.client.on(state, () => void (socketOpen = false));
    // The client reports "reconnecting" only after waiting out its ping timeout (5 s) once the socket
    // closed: a closed socket is not a connection from the moment it closes (a close of an older
    // socket while a newer one is open changes nothing, as in the client itself).
    const { client } = receiver;
    client.on('close', () => void (socketOpen = client.websocket?.isActive() ?? false));
  }
  return {
    app,
    client: app.client,
    installedWorkspace: () => installed,
    async start() {
      installed = await verifyToken(app);
      await app.start();
      started = true;
      return { port: receiver instanceof GuardedHttpReceiver ? receiver.port : null };
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
      await Promise.allSettled([...inFlight]);
    },
    isConnected: () => started && (receiver instanceof SocketModeReceiver ? socketOpen : true),
  };
}

function defaultReceiver(deps: SlackAppDeps, logger: ReturnType<typeof boltLogger>): Receiver {
  const { config } = deps;
  switch (config.mode) {
    case 'socket': {
      const receiver = new SocketModeReceiver({
        appToken: config.appToken!,
        logger,
        installerOptions: { clientOptions: { slackApiUrl: config.apiUrl, retryConfig: { retries: 0 } } },
      });
      guardSocketModeMessages(receiver, logger);
      return receiver;
    }
    case 'http':
      return new GuardedHttpReceiver({ signingSecret: config.signingSecret!, port: config.port, logger, wallClockMs: deps.wallClockMs, opsEndpoints: deps.opsEndpoints });
    case 'none':
      throw new FlowlightError('config_invalid', 'Slack needs SLACK_APP_TOKEN (Socket Mode, no public URL) or SLACK_SIGNING_SECRET (HTTP mode): set one, or try `npm run demo`, which needs no Slack app.');
    default: {
      const _exhaustive: never = config.mode;
      throw new Error(`unknown Slack mode ${String(_exhaustive)}`);
    }
  }
}

/** auth.test, once: the token works, and which workspace (and enterprise) installed the bot. */
async function verifyToken(app: App): Promise<SlackWorkspace> {
  try {
    const auth = await app.client.auth.test();
    if (!auth.team_id) throw new Error('auth.test did not say which workspace installed the app');
    await app.init();
    return { teamId: auth.team_id, enterpriseId: auth.enterprise_id || null };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code && BAD_TOKEN_ERRORS.has(code)) {
      throw new FlowlightError('config_invalid', `Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-...) again from the app's OAuth & Permissions page and reinstall the app if it was revoked.`);
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not reach Slack at SLACK_API_URL to check SLACK_BOT_TOKEN (${detail}). Check the network or SLACK_API_URL and start again.`);
  }
}
