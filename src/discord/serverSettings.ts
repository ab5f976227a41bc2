/**
 * Per-server settings as the bot uses them: a server's own choices (stored, data/guildSettings.ts)
 * over the environment's defaults (config.ts). Read on every question, so they are kept in a bounded
 * in-memory cache that a change replaces at once (changes take effect on the next question).
 *
 * The database may be missing, damaged or locked: reading then gives the environment's defaults (one
 * log line per problem, not per question), and /settings says why it cannot show or change them.
 * One process holds the cache: several bot processes over one database (README, "Scale") would each
 * see another's change only after their cache entry is evicted.
 */
import type { Logger } from 'pino';
import type { BotConfig } from '../config.ts';
import type { BotDatabase } from '../data/botDatabase.ts';
import { DataUnavailableError } from '../data/database.ts';
import { isUserError } from '../errors.ts';
import { readGuildChoices, writeGuildChoices, type GuildChoices, type InterfaceLanguage, type ReplyMode, type SettingChange } from '../data/guildSettings.ts';
import { Lru } from '../util/lru.ts';
import { MAX_RESULTS } from './commands.ts';
import type { UiLang } from './i18n.ts';

/** What applies in a server: its choices where it made them, the environment's defaults elsewhere. */
export interface ServerSettings {
  /** Where mentions are answered; [] = every channel (threads follow their parent channel). */
  answerChannelIds: string[];
  replyMode: ReplyMode;
  forumChannelIds: string[];
  defaultResults: number;
  answersPrivate: boolean;
  language: InterfaceLanguage;
}

function environmentDefaults(config: BotConfig): ServerSettings {
  return {
    answerChannelIds: config.allowedChannelIds,
    replyMode: config.replyMode,
    forumChannelIds: config.forumChannelIds,
    defaultResults: Math.min(config.defaultResults, MAX_RESULTS),
    answersPrivate: config.answersPrivate,
    language: config.interfaceLanguage,
  };
}

export function applyChoices(defaults: ServerSettings, choices: GuildChoices): ServerSettings {
  return {
    answerChannelIds: choices.answerChannelIds ?? defaults.answerChannelIds,
    replyMode: choices.replyMode ?? defaults.replyMode,
    forumChannelIds: choices.forumChannelIds ?? defaults.forumChannelIds,
    defaultResults: choices.defaultResults ?? defaults.defaultResults,
    answersPrivate: choices.answersPrivate ?? defaults.answersPrivate,
    language: choices.language ?? defaults.language,
  };
}

/** The interface language in a server: its setting, unless `auto` (then the one chosen from the question and hints). */
export function serverLang(settings: Pick<ServerSettings, 'language'>, chosen: UiLang): UiLang {
  return settings.language === 'auto' ? chosen : settings.language;
}

/** Servers whose choices are kept in memory; others are read again when asked for. */
const CACHED_SERVERS = 10_000;

export class ServerSettingsStore {
  private readonly cache = new Lru<string, GuildChoices>(CACHED_SERVERS);
  readonly defaults: ServerSettings;
  /** The last read problem logged (so a damaged database is one line, not one per question). */
  private loggedProblem: string | null = null;

  constructor(
    private readonly data: BotDatabase,
    config: BotConfig,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    this.defaults = environmentDefaults(config);
  }

  /** The settings that apply in a server (a DM: the defaults). Never throws. */
  get(guildId: string | null): ServerSettings {
    if (!guildId) return this.defaults;
    try {
      return applyChoices(this.defaults, this.choices(guildId));
    } catch (error) {
      const problem = this.data.describe(error);
      if (this.loggedProblem !== problem.message)
        this.logger.warn({ guildId, problem: problem.message }, "server settings unavailable: the environment's apply");
      this.loggedProblem = problem.message;
      return this.defaults;
    }
  }

  /** The server's own choices. Throws DataUnavailableError when the database cannot be read. */
  choices(guildId: string): GuildChoices {
    const cached = this.cache.get(guildId);
    if (cached) return cached;
    const { db } = this.data;
    if (!db) throw this.data.problem!;
    let choices: GuildChoices;
    try {
      choices = readGuildChoices(db, guildId);
    } catch (error) {
      throw this.data.describe(error);
    }
    this.cache.set(guildId, choices);
    return choices;
  }

  /**
   * Changes a server's choices (`change` gets the current ones and returns the next), logged with who
   * changed them; in effect for the next question. Throws DataUnavailableError when the database
   * cannot be written (nothing changes then).
   */
  update(guildId: string, userId: string, change: (current: GuildChoices) => GuildChoices): SettingChange[] {
    const { db } = this.data;
    if (!db) throw this.data.problem!;
    let changes: SettingChange[];
    let next: GuildChoices;
    try {
      // Read afresh, not from the cache: the change applies to what is stored.
      next = change(readGuildChoices(db, guildId));
      changes = writeGuildChoices(db, guildId, next, this.data.hashUser(userId), this.now());
    } catch (error) {
      if (isUserError(error) && !(error instanceof DataUnavailableError)) throw error;
      throw this.data.describe(error);
    }
    this.cache.set(guildId, next);
    this.loggedProblem = null;
    return changes;
  }
}
