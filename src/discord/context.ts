/** Everything a handler needs, built once per bot (tests build their own with a fake engine). */
import type { Logger } from 'pino';
import type { BotConfig } from '../config.ts';
import type { BotDatabase } from '../data/botDatabase.ts';
import { DataUnavailableError } from '../data/database.ts';
import type { FeedbackRecorder } from '../data/recorder.ts';
import type { Period } from '../stats/period.ts';
import type { StatsReport } from '../stats/report.ts';
import type { ConversationContext, Lang, QaEngine } from '../types.ts';
import type { UiLang } from './i18n.ts';
import { Lru } from '../util/lru.ts';
import { ConversationStore } from './conversations.ts';
import { RateLimiter } from './rateLimit.ts';
import { ServerSettingsStore } from './serverSettings.ts';

/** A question kept for its "More results" buttons. */
interface RememberedQuestion {
  /** As the user wrote it (neutralized): echoed in the answer header. */
  question: string;
  /** What went to the engine. */
  engineQuestion: string;
  k: number;
  lang: UiLang;
  /** A follow-up's conversation context, as it was asked (so every page ranks alike). */
  context?: ConversationContext;
}

/** Whose answer a message of the bot holds. */
interface AnswerContext {
  /** Who asked: their "More results" pages the answer in place; anyone else's gets a private copy. */
  askerId: string;
}

/** Where answers and votes are recorded (src/data/recorder.ts: it only queues, and never throws). */
export type AnswerRecorder = Pick<FeedbackRecorder, 'recordAnswer' | 'vote'>;

/** The figures and chart of a period, for /stats (src/stats/statsInWorker.ts: off the main thread). */
export interface StatsSource {
  report(period: Period, lang: Lang): Promise<StatsReport>;
}

/** A bot given no recorder (tests, the load test without recording) records nothing and shows no feedback buttons. */
const NO_RECORDING: AnswerRecorder = { recordAnswer: () => null, vote: () => 'not-recorded' };

const NO_STATS: StatsSource = {
  report: () =>
    Promise.reject(
      new DataUnavailableError('missing', {
        en: 'this bot was started without its database: nothing is recorded',
        ar: 'بدأ هذا البوت دون قاعدة بياناته: لا يُسجَّل شيء',
      }),
    ),
};

/** Discord's lifetime of an interaction token: no request may use it later. */
const INTERACTION_LIFETIME_MS = 15 * 60_000;
/** How long before that the bot stops using it (a request under way, clock skew, the gateway's delay). */
const INTERACTION_MARGIN_MS = 60_000;

export interface BotContext {
  config: BotConfig;
  engine: QaEngine;
  /** The engine's notices (model not loaded, index damaged and serving an older version, …), shown in /help. */
  readonly notices: readonly string[];
  logger: Logger;
  /** Records every answer (its key goes into the 👍 / 👎 buttons) and every vote. */
  recorder: AnswerRecorder;
  stats: StatsSource;
  rateLimiter: RateLimiter;
  /** questionKey → question, for "More results" (bounded: old buttons then say "expired"). */
  questions: Lru<string, RememberedQuestion>;
  /** Id of a message the bot sent with an answer → who asked (follow-ups use `conversations`). */
  answers: Lru<string, AnswerContext>;
  /** Per-server settings (/settings) over the environment's defaults. */
  settings: ServerSettingsStore;
  /** Threads and chains of replies: the context follow-ups are asked with; forum posts taken on. */
  conversations: ConversationStore;
  /** User id → language of their last question: the hint for commands without text. */
  userLangs: Lru<string, UiLang>;
  /** User id → time until which a rate-limit refusal was already said in a channel. */
  mentionRefusals: Lru<string, number>;
  /** Least time between two progress edits of a /reindex reply. */
  progressIntervalMs: number;
  /** An interaction's token lifetime, and how long before its end the bot stops using it. */
  interactionLifetimeMs: number;
  interactionMarginMs: number;
  /** When the next /reindex may start a rebuild (REINDEX_COOLDOWN_SEC after the last success). */
  reindexAvailableAt: number;
  now: () => number;
  botUserId: () => string | null;
  isShuttingDown: () => boolean;
  /** Aborted when the bot starts shutting down: long work (a /reindex's progress) says so and ends. */
  shutdownSignal: AbortSignal;
}

export interface ContextOptions {
  config: BotConfig;
  /** The bot's database (settings, conversations); one that cannot be used means the environment's settings. */
  data: BotDatabase;
  /** FEEDBACK_RETENTION_DAYS: conversations are not kept longer either. */
  retentionDays: number;
  engine: QaEngine & { notices?: readonly string[] };
  logger: Logger;
  recorder?: AnswerRecorder;
  stats?: StatsSource;
  now?: () => number;
  progressIntervalMs?: number;
  /** Tests shorten Discord's 15 minutes to see what happens when a token runs out. */
  interactionLifetimeMs?: number;
  interactionMarginMs?: number;
  botUserId: () => string | null;
  isShuttingDown: () => boolean;
  shutdownSignal: AbortSignal;
}

export function createContext(options: ContextOptions): BotContext {
  const now = options.now ?? Date.now;
  return {
    config: options.config,
    engine: options.engine,
    // Read live: the engine's notices change after start-up (a failed checksum, a finished /reindex).
    get notices() {
      return options.engine.notices ?? [];
    },
    logger: options.logger,
    recorder: options.recorder ?? NO_RECORDING,
    stats: options.stats ?? NO_STATS,
    rateLimiter: new RateLimiter({ userPerMinute: options.config.rateLimitUserPerMinute, guildPerMinute: options.config.rateLimitGuildPerMinute }, now),
    questions: new Lru(2000),
    answers: new Lru(2000),
    settings: new ServerSettingsStore(options.data, options.config, options.logger, now),
    conversations: new ConversationStore(options.data, options.logger, now, options.retentionDays),
    userLangs: new Lru(10_000),
    mentionRefusals: new Lru(10_000),
    progressIntervalMs: options.progressIntervalMs ?? 1500,
    interactionLifetimeMs: options.interactionLifetimeMs ?? INTERACTION_LIFETIME_MS,
    interactionMarginMs: options.interactionMarginMs ?? INTERACTION_MARGIN_MS,
    reindexAvailableAt: -Infinity,
    now,
    botUserId: options.botUserId,
    isShuttingDown: options.isShuttingDown,
    shutdownSignal: options.shutdownSignal,
  };
}
