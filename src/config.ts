/**
 * The one place that reads the environment. Every variable is listed in .env.example with its
 * default; values are validated here, at start-up, with messages that say what to fix.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { SearchMode } from './types.ts';
import type { InterfaceLanguage, ReplyMode } from './data/guildSettings.ts';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export interface CoreConfig {
  corpusDir: string;
  indexDir: string;
  /** Hub id or local folder name of the sentence-embedding model; empty string disables dense search. */
  embeddingModel: string;
  /** Local folder holding models as `<MODELS_DIR>/<model id>/…` (offline machines). */
  modelsDir: string | null;
  allowRemoteModels: boolean;
  queryPrefix: string;
  passagePrefix: string;
  /** ONNX weights variant: q8 (int8, default), fp32, fp16, … */
  embeddingDtype: string;
  /** Seconds to wait for the model before falling back to lexical search. */
  modelLoadTimeoutSec: number;
  embedThreads: number;
  /**
   * ONNX intra-op threads of the bot's question embedder (its own worker; builds run in another).
   * One is fastest here: a question is a few dozen tokens, and the main thread searches meanwhile.
   */
  queryEmbedThreads: number;
  searchMode: SearchMode;
  defaultResults: number;
  /**
   * Answer only when the confidence model's probability reaches this (0–1); null = the fitted
   * threshold (src/answer/confidence.ts). Higher: fewer wrong answers, more "no confident answer".
   */
  confidenceThreshold: number | null;
  /** English→Arabic dictionary (FreeDict TEI or dictd); null = look in the usual Debian places. */
  dictionaryPath: string | null;
  maxQuestionChars: number;
  logLevel: string;
}

export interface BotConfig extends CoreConfig {
  discordToken: string;
  discordApplicationId: string | null;
  guildId: string | null;
  allowedChannelIds: string[];
  /** May administer the deployment (/reindex, admin commands) from any server or a DM. */
  adminUserIds: string[];
  /** May administer it in the home servers only (GUILD_ID and ADMIN_GUILD_IDS), as Manage Server does there. */
  adminRoleIds: string[];
  /** Servers besides GUILD_ID whose managers (and ADMIN_ROLE_IDS) may administer the deployment. */
  adminGuildIds: string[];
  /** Least time between the end of a successful /reindex and the start of the next (0 = none). */
  reindexCooldownSec: number;
  /** Base URL of the REST API (e.g. a self-hosted proxy); null = Discord's own. */
  discordRestApi: string | null;
  rateLimitUserPerMinute: number;
  rateLimitGuildPerMinute: number;
  // Defaults of the per-server settings (/settings): a server's own choice wins. ALLOWED_CHANNEL_IDS
  // and DEFAULT_RESULTS are the defaults of its answer channels and number of results.
  /** A mention is answered by a reply in the channel, or in a thread opened on the question. */
  replyMode: ReplyMode;
  /** Forum channels whose new posts are answered automatically. */
  forumChannelIds: string[];
  /** /ask answers only the asker sees unless they ask otherwise. */
  answersPrivate: boolean;
  /** The bot's own words: the question's language (auto), or always Arabic or English. */
  interfaceLanguage: InterfaceLanguage;
  /**
   * Ask Discord for the privileged Message Content intent (enable it in the Developer Portal too):
   * then a forum post's first message is read, and replies to the bot need not mention it. Without
   * it Discord gives the bot the text of messages that mention it only, and a forum post is answered
   * from its title.
   */
  messageContent: boolean;
}

type Env = Record<string, string | undefined>;

const SEARCH_MODES: readonly SearchMode[] = ['hybrid', 'lexical', 'dense'];

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  }

  /** Like string() but keeps surrounding spaces: prefixes such as "query: " end in one. */
  raw(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined ? fallback : value;
  }

  optional(name: string): string | null {
    const value = this.env[name]?.trim();
    return value ? value : null;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const text = this.env[name]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${text}")`);
      return fallback;
    }
    return value;
  }

  /** A number from 0 to 1, or null when unset. */
  fraction(name: string): number | null {
    const text = this.env[name]?.trim();
    if (!text) return null;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      this.problems.push(`${name} must be a number from 0 to 1 (got "${text}")`);
      return null;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const text = this.env[name]?.trim().toLowerCase();
    if (!text) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off'].includes(text)) return false;
    this.problems.push(`${name} must be true or false (got "${text}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const text = this.env[name]?.trim().toLowerCase();
    if (!text) return fallback;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${text}")`);
    return fallback;
  }

  ids(name: string): string[] {
    const text = this.env[name]?.trim();
    if (!text) return [];
    const ids = text.split(/[\s,]+/).filter(Boolean);
    for (const id of ids) {
      if (!/^\d{15,22}$/.test(id)) this.problems.push(`${name}: "${id}" is not a Discord id (a long number)`);
    }
    return ids;
  }
}

function resolveDir(root: string, value: string): string {
  return path.resolve(root, value);
}

function readCore(reader: Reader, env: Env, root: string): CoreConfig {
  const modelsDirValue = reader.optional('MODELS_DIR');
  const defaultModelsDir = path.join(root, 'models');
  return {
    corpusDir: resolveDir(root, reader.string('CORPUS_DIR', 'corpus')),
    indexDir: resolveDir(root, reader.string('INDEX_DIR', 'index')),
    // Set but empty means "no model" (lexical only); unset means the default model.
    embeddingModel: env.EMBEDDING_MODEL === undefined ? 'Xenova/multilingual-e5-small' : env.EMBEDDING_MODEL.trim(),
    modelsDir: modelsDirValue ? resolveDir(root, modelsDirValue) : existsSync(defaultModelsDir) ? defaultModelsDir : null,
    allowRemoteModels: reader.bool('ALLOW_REMOTE_MODELS', true),
    queryPrefix: reader.raw('QUERY_PREFIX', 'query: '),
    passagePrefix: reader.raw('PASSAGE_PREFIX', 'passage: '),
    embeddingDtype: reader.string('EMBEDDING_DTYPE', 'q8'),
    modelLoadTimeoutSec: reader.int('MODEL_LOAD_TIMEOUT_SEC', 120, 1, 3600),
    embedThreads: reader.int('EMBED_THREADS', 0, 0, 256),
    queryEmbedThreads: reader.int('QUERY_EMBED_THREADS', 1, 0, 256),
    searchMode: reader.oneOf('SEARCH_MODE', 'hybrid', SEARCH_MODES),
    defaultResults: reader.int('DEFAULT_RESULTS', 3, 1, 10),
    confidenceThreshold: reader.fraction('CONFIDENCE_THRESHOLD'),
    dictionaryPath: reader.optional('DICTIONARY_PATH'),
    maxQuestionChars: reader.int('MAX_QUESTION_CHARS', 500, 20, 4000),
    logLevel: reader.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  };
}

/**
 * Settings of the bot's own database (answers and votes; later per-server settings): read apart from
 * CoreConfig so that the hash secret never travels with the core's settings (into workers, logs).
 */
export interface DataConfig {
  /** Folder of the database file (and of the generated hash secret when none is configured). */
  dataDir: string;
  /** Record answers and votes (the bot; the CLIs read and maintain what was recorded either way). */
  recording: boolean;
  /** Recorded answers and their votes are deleted this many days after the question; 0 keeps them. */
  retentionDays: number;
  /** Key of the HMAC that stands for user ids; null = the generated one in DATA_DIR (see src/data/userHash.ts). */
  hashSecret: string | null;
}

/** Shortest FEEDBACK_HASH_SECRET accepted: a guessable key would let anyone test user ids against the hashes. */
const MIN_HASH_SECRET_CHARS = 16;

export function loadDataConfig(env: Env = process.env, root: string = process.cwd()): DataConfig {
  const reader = new Reader(env);
  const hashSecret = reader.optional('FEEDBACK_HASH_SECRET');
  if (hashSecret !== null && hashSecret.length < MIN_HASH_SECRET_CHARS) {
    reader.problems.push(`FEEDBACK_HASH_SECRET must be at least ${MIN_HASH_SECRET_CHARS} characters (e.g. openssl rand -hex 32), or unset`);
  }
  const config: DataConfig = {
    dataDir: resolveDir(root, reader.string('DATA_DIR', 'data')),
    recording: reader.bool('FEEDBACK_RECORDING', true),
    retentionDays: reader.int('FEEDBACK_RETENTION_DAYS', 180, 0, 36500),
    hashSecret,
  };
  if (reader.problems.length) throw new ConfigError(reader.problems);
  return config;
}

/** Settings for the CLI and the retrieval core. Throws ConfigError listing every problem at once. */
export function loadCoreConfig(env: Env = process.env, root: string = process.cwd()): CoreConfig {
  const reader = new Reader(env);
  const config = readCore(reader, env, root);
  if (reader.problems.length) throw new ConfigError(reader.problems);
  return config;
}

/** Settings for the Discord bot: the core's plus Discord's. */
export function loadBotConfig(env: Env = process.env, root: string = process.cwd()): BotConfig {
  const reader = new Reader(env);
  const core = readCore(reader, env, root);
  const discordToken = reader.string('DISCORD_TOKEN', '');
  if (!discordToken) {
    reader.problems.push(
      'DISCORD_TOKEN is missing: copy .env.example to .env and paste your bot token (Discord Developer Portal → your app → Bot → Reset Token)',
    );
  }
  const restApi = reader.optional('DISCORD_REST_API');
  if (restApi && !/^https?:\/\//.test(restApi)) {
    reader.problems.push(`DISCORD_REST_API must be an http(s) URL (got "${restApi}")`);
  }
  const config: BotConfig = {
    ...core,
    discordToken,
    discordApplicationId: reader.optional('DISCORD_APPLICATION_ID'),
    guildId: reader.optional('GUILD_ID'),
    allowedChannelIds: reader.ids('ALLOWED_CHANNEL_IDS'),
    adminUserIds: reader.ids('ADMIN_USER_IDS'),
    adminRoleIds: reader.ids('ADMIN_ROLE_IDS'),
    adminGuildIds: reader.ids('ADMIN_GUILD_IDS'),
    reindexCooldownSec: reader.int('REINDEX_COOLDOWN_SEC', 120, 0, 86_400),
    discordRestApi: restApi ? restApi.replace(/\/+$/, '') : null,
    rateLimitUserPerMinute: reader.int('RATE_LIMIT_USER_PER_MINUTE', 6, 0, 1000),
    rateLimitGuildPerMinute: reader.int('RATE_LIMIT_GUILD_PER_MINUTE', 60, 0, 100000),
    replyMode: reader.oneOf('REPLY_MODE', 'reply', ['reply', 'thread'] as const),
    forumChannelIds: reader.ids('FORUM_CHANNEL_IDS'),
    answersPrivate: reader.bool('ANSWERS_PRIVATE', false),
    interfaceLanguage: reader.oneOf('INTERFACE_LANGUAGE', 'auto', ['auto', 'ar', 'en'] as const),
    messageContent: reader.bool('DISCORD_MESSAGE_CONTENT', false),
  };
  if (config.guildId && !/^\d{15,22}$/.test(config.guildId)) {
    reader.problems.push(`GUILD_ID "${config.guildId}" is not a Discord id (a long number)`);
  }
  if (reader.problems.length) throw new ConfigError(reader.problems);
  return config;
}
