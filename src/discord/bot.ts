/**
 * The bot: a discord.js client wired to the dispatchers. `createBot` does not log in; `start()`
 * does. Tests inject `clientOptions.rest.api` to point REST (and, through GET /gateway/bot, the
 * gateway) at an emulator; DISCORD_REST_API does the same for a self-hosted REST proxy.
 *
 * One process, one index, as many shards as Discord recommends (`shards: 'auto'`, internal
 * sharding): every shard's events reach the same handlers and the same engine. README "Scale" says
 * when to move to several processes.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, DefaultRestOptions, DiscordAPIError, Events, GatewayIntentBits, Options, REST, Routes, type ClientOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig, DataConfig } from '../config.ts';
import { noBotDatabase, openBotDatabase, type BotDatabase } from '../data/botDatabase.ts';
import { DataUnavailableError } from '../data/database.ts';
import type { QaEngine } from '../types.ts';
import { createContext, type AnswerRecorder, type BotContext, type StatsSource } from './context.ts';
import { handleAutocomplete } from './handlers/autocomplete.ts';
import { handleButton } from './handlers/button.ts';
import { handleChatCommand } from './handlers/chatCommand.ts';
import { handleMessage } from './handlers/message.ts';
import { handleThreadCreate } from './handlers/forumPost.ts';
import { handleSelect } from './handlers/select.ts';
import { SAFE_MENTIONS } from './respond.ts';
import { budgetedMakeRequest, UNBOUNDED_PER_SECOND } from './restBudget.ts';

export interface CreateBotOptions {
  config: BotConfig;
  engine: QaEngine & { notices?: readonly string[] };
  logger: Logger;
  /**
   * The bot's database (DATA_DIR): per-server settings and conversations. Without it (tests of other
   * features) every server has the environment's settings and follow-ups have no stored context.
   */
  data?: DataConfig;
  /** Where answers and votes are recorded (main.ts: openRecorder); none: nothing is recorded and answers have no 👍 / 👎. */
  recorder?: AnswerRecorder;
  /** /stats's figures and chart (main.ts: a StatsWorker on DATA_DIR). */
  stats?: StatsSource;
  /** Merged over the defaults; `rest` is merged key by key. */
  clientOptions?: Partial<ClientOptions>;
  now?: () => number;
  progressIntervalMs?: number;
  /** Discord's 15-minute interaction token lifetime and the bot's margin before it (tests shorten them). */
  interactionLifetimeMs?: number;
  interactionMarginMs?: number;
}

export interface Bot {
  client: Client;
  context: BotContext;
  /** Logs in and resolves once the client is ready (guilds received). */
  start(): Promise<void>;
  /** Stops taking new work, waits up to graceMs for answers under way, destroys the client. */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Handlers still running. */
  inFlight(): number;
}

/** How often idle REST handlers are dropped (see createBot). */
export const HANDLER_SWEEP_MS = 60_000;

/**
 * Intents: Guilds fills the guild, channel and thread caches (a thread's parent channel decides
 * whether /ask and mentions may answer there; the server's locale is a language hint) and brings
 * new threads (forum posts), and GuildMessages brings the messages that mention the bot. Interactions
 * (commands, buttons, autocomplete) need no intent. The privileged MessageContent intent only when
 * configured (DISCORD_MESSAGE_CONTENT): Discord includes the content of messages that mention the
 * bot anyway; it is needed for a forum post's first message and replies that do not mention it.
 */
function intents(config: Pick<BotConfig, 'messageContent'>): GatewayIntentBits[] {
  const base = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  return config.messageContent ? [...base, GatewayIntentBits.MessageContent] : base;
}

const NO_DATABASE = new DataUnavailableError('missing', {
  en: 'no database is configured for this bot',
  ar: 'لم تُضبط قاعدة بيانات لهذا البوت',
});

function botDatabase(data: DataConfig | undefined, logger: Logger): BotDatabase {
  return data ? openBotDatabase(data, (line) => logger.warn(line)) : noBotDatabase(NO_DATABASE);
}

/**
 * What discord.js keeps in memory: only what the bot reads. Servers, channels, threads, roles and
 * overwrites (the Guilds intent) decide where it may answer and with what permissions, and its own
 * member in each server holds its roles. It reads no cached message (replies and buttons carry what
 * they need), no other member and no other user: left at the defaults, a public bot kept 200
 * messages a channel it can see (the Guilds and GuildMessages intents bring every message, mention
 * or not) and every member and user that ever used it.
 */
const CACHE_LIMITS = Options.cacheWithLimits({
  ...Options.DefaultMakeCacheSettings,
  MessageManager: 0,
  GuildMessageManager: 0,
  DMMessageManager: 0,
  GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
  UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
  ThreadMemberManager: 0,
  ReactionManager: 0,
  ReactionUserManager: 0,
  PresenceManager: 0,
  VoiceStateManager: 0,
  GuildEmojiManager: 0,
  GuildStickerManager: 0,
  GuildScheduledEventManager: 0,
  GuildInviteManager: 0,
  GuildBanManager: 0,
  StageInstanceManager: 0,
  AutoModerationRuleManager: 0,
  ApplicationCommandManager: 0,
});

/** Archived threads are dropped hourly once archived for 4 hours (discord.js's default, kept on purpose). */
const SWEEPERS: ClientOptions['sweepers'] = { ...Options.DefaultSweeperSettings };

/** REST options: the defaults below, DISCORD_REST_API, then the caller's (tests point REST at an emulator). */
function restOptions(config: BotConfig, overrides: Partial<ClientOptions>['rest'] = {}): Partial<ClientOptions>['rest'] {
  return {
    // The global budget is applied to bot-token requests only (restBudget.ts): answers to
    // interactions are exempt at Discord and must not queue behind it.
    globalRequestsPerSecond: UNBOUNDED_PER_SECOND,
    // @discordjs/rest keeps one request handler per route and "major parameter", and for
    // interaction webhooks that parameter is the interaction's token: one handler per answer, swept
    // only when idle, by default once an hour (a busy bot holds an hour of answers' handlers, ~30 MB
    // for 40k answers in the load test). Idle handlers hold nothing worth keeping: sweep every minute.
    handlerSweepInterval: HANDLER_SWEEP_MS,
    ...(config.discordRestApi ? { api: config.discordRestApi } : {}),
    ...overrides,
    // Discord's 50 bot-token requests a second, applied where each attempt is sent (restBudget.ts).
    makeRequest: budgetedMakeRequest(overrides.makeRequest ?? DefaultRestOptions.makeRequest),
  };
}

/** The client's own events in the log: login, errors and warnings, the gateway's state, REST rate limits. */
function logClientEvents(client: Client, logger: Logger, isStopping: () => boolean): void {
  client.on(Events.ClientReady, (ready) => {
    logger.info({ user: ready.user.tag, userId: ready.user.id, guilds: ready.guilds.cache.size, shards: ready.ws.shards.size }, 'logged in to Discord');
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ code: event.code, shardId }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shardId) => {
    if (!isStopping()) logger.info({ shardId }, 'gateway reconnecting');
  });
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  if (logger.isLevelEnabled('trace')) client.on(Events.Debug, (message) => logger.trace(message));
  client.rest.on('rateLimited', (info) => logger.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'Discord rate limit'));
}

export function createBot(options: CreateBotOptions): Bot {
  const { config, logger } = options;
  let stopping = false;
  const shutdown = new AbortController();
  const client = new Client({
    intents: intents(config),
    allowedMentions: SAFE_MENTIONS,
    shards: 'auto',
    makeCache: CACHE_LIMITS,
    sweepers: SWEEPERS,
    ...options.clientOptions,
    rest: restOptions(config, options.clientOptions?.rest),
  });
  const data = botDatabase(options.data, logger);
  const context = createContext({
    config,
    data,
    retentionDays: options.data?.retentionDays ?? 0,
    engine: options.engine,
    logger,
    recorder: options.recorder,
    stats: options.stats,
    now: options.now,
    progressIntervalMs: options.progressIntervalMs,
    interactionLifetimeMs: options.interactionLifetimeMs,
    interactionMarginMs: options.interactionMarginMs,
    botUserId: () => client.user?.id ?? null,
    isShuttingDown: () => stopping,
    shutdownSignal: shutdown.signal,
  });

  const running = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    const tracked = work.catch((error: unknown) => logger.error({ err: error }, 'unhandled error in a handler'));
    running.add(tracked);
    void tracked.finally(() => running.delete(tracked));
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) track(handleChatCommand(context, interaction));
    else if (interaction.isAutocomplete()) track(handleAutocomplete(context, interaction));
    else if (interaction.isButton()) track(handleButton(context, interaction));
    else if (interaction.isStringSelectMenu()) track(handleSelect(context, interaction));
  });
  client.on(Events.MessageCreate, (message) => track(handleMessage(context, message)));
  client.on(Events.ThreadCreate, (thread, newlyCreated) => track(handleThreadCreate(context, thread, newlyCreated)));
  logClientEvents(client, logger, () => stopping);

  return {
    client,
    context,
    async start() {
      const controller = new AbortController();
      const ready = once(client, Events.ClientReady, { signal: controller.signal });
      ready.catch(() => undefined);
      try {
        await client.login(config.discordToken);
        await ready;
      } finally {
        controller.abort();
      }
    },
    async stop({ graceMs = 10_000 } = {}) {
      stopping = true;
      shutdown.abort(); // long work (a /reindex's progress) says it was interrupted and ends
      if (running.size) {
        logger.info({ inFlight: running.size, graceMs }, 'waiting for answers under way');
        const timeout = new AbortController();
        await Promise.race([Promise.allSettled([...running]), sleep(graceMs, undefined, { signal: timeout.signal }).catch(() => undefined)]);
        timeout.abort();
      }
      await client.destroy();
      context.conversations.close();
      data.close();
    },
    inFlight: () => running.size,
  };
}

/** Checks the token with one REST call (fast, clear error) without opening the gateway. */
export async function verifyToken(config: Pick<BotConfig, 'discordToken' | 'discordRestApi'>): Promise<void> {
  const rest = new REST(config.discordRestApi ? { api: config.discordRestApi } : {}).setToken(config.discordToken);
  await rest.get(Routes.user());
}

/** One clear line for a failed login, instead of a stack trace. */
export function describeLoginError(error: unknown, restApi: string | null): string {
  const err = error as { code?: unknown; status?: unknown; message?: unknown; cause?: { code?: unknown } };
  const message = typeof err?.message === 'string' ? err.message : String(error);
  if (
    err?.code === 'TokenInvalid' ||
    (error instanceof DiscordAPIError && error.status === 401) ||
    err?.status === 401 ||
    /Authentication failed/i.test(message)
  ) {
    return 'Discord rejected the bot token: check DISCORD_TOKEN in .env (Developer Portal → your app → Bot → Reset Token).';
  }
  if (/sharding is required/i.test(message)) {
    return 'Discord requires more shards than the bot identified with (close code 4011): restart it to use the recommended count.';
  }
  if (/disallowed intents/i.test(message)) {
    return 'Discord refused the gateway intents: this bot needs no privileged intent; check the application in the Developer Portal.';
  }
  const network = err?.cause?.code ?? err?.code;
  if (typeof network === 'string' && /^E[A-Z]+/.test(network)) {
    return `Could not reach Discord at ${restApi ?? 'https://discord.com/api'} (${network}): check the network or DISCORD_REST_API.`;
  }
  return `Could not log in to Discord: ${message.split('\n')[0]}`;
}
