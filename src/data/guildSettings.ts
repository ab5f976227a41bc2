/**
 * Per-server settings as stored: each server's own choices, NULL where it keeps the environment's
 * default, and every change with who made it (their hashed user id) and when.
 */
import type { Database } from 'better-sqlite3';

export type ReplyMode = 'reply' | 'thread';
export type InterfaceLanguage = 'auto' | 'ar' | 'en';

/** A server's own choices; null = the environment's default. */
export interface GuildChoices {
  /** Where mentions are answered; [] = every channel. */
  answerChannelIds: string[] | null;
  replyMode: ReplyMode | null;
  /** Forum channels whose new posts are answered automatically. */
  forumChannelIds: string[] | null;
  defaultResults: number | null;
  answersPrivate: boolean | null;
  language: InterfaceLanguage | null;
}

export type SettingName = keyof GuildChoices;

export const SETTING_NAMES: readonly SettingName[] = ['answerChannelIds', 'replyMode', 'forumChannelIds', 'defaultResults', 'answersPrivate', 'language'];

const NO_CHOICES: Readonly<GuildChoices> = Object.freeze({
  answerChannelIds: null,
  replyMode: null,
  forumChannelIds: null,
  defaultResults: null,
  answersPrivate: null,
  language: null,
});

/** One setting changed, values as JSON (null = the environment's default). */
export interface SettingChange {
  setting: SettingName;
  from: string | null;
  to: string | null;
}

interface Row {
  answer_channel_ids: string | null;
  reply_mode: ReplyMode | null;
  forum_channel_ids: string | null;
  default_results: number | null;
  answers_private: 0 | 1 | null;
  language: InterfaceLanguage | null;
}

const ids = (json: string | null): string[] | null => (json === null ? null : (JSON.parse(json) as string[]));

/** The server's choices (all null when it made none). */
export function readGuildChoices(db: Database, guildId: string): GuildChoices {
  const row = db.prepare('SELECT * FROM guild_settings WHERE guild_id = ?').get(guildId) as Row | undefined;
  if (!row) return { ...NO_CHOICES };
  return {
    answerChannelIds: ids(row.answer_channel_ids),
    replyMode: row.reply_mode,
    forumChannelIds: ids(row.forum_channel_ids),
    defaultResults: row.default_results,
    answersPrivate: row.answers_private === null ? null : row.answers_private === 1,
    language: row.language,
  };
}

const asJson = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Stores the server's choices and logs each setting that changed (by `userHash`, at `now`), in one
 * transaction. Returns the changes (none when nothing changed; nothing is written then).
 */
export function writeGuildChoices(db: Database, guildId: string, next: GuildChoices, userHash: string, now: number): SettingChange[] {
  return db
    .transaction((): SettingChange[] => {
      const current = readGuildChoices(db, guildId);
      const changes = SETTING_NAMES.map((setting) => ({ setting, from: asJson(current[setting]), to: asJson(next[setting]) })).filter(
        (change) => change.from !== change.to,
      );
      if (!changes.length) return [];
      db.prepare(
        `INSERT INTO guild_settings (guild_id, answer_channel_ids, reply_mode, forum_channel_ids, default_results, answers_private, language, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET answer_channel_ids = excluded.answer_channel_ids, reply_mode = excluded.reply_mode,
           forum_channel_ids = excluded.forum_channel_ids, default_results = excluded.default_results,
           answers_private = excluded.answers_private, language = excluded.language, updated_at = excluded.updated_at`,
      ).run(
        guildId,
        asJson(next.answerChannelIds),
        next.replyMode,
        asJson(next.forumChannelIds),
        next.defaultResults,
        next.answersPrivate === null ? null : next.answersPrivate ? 1 : 0,
        next.language,
        now,
      );
      const log = db.prepare('INSERT INTO settings_changes (guild_id, changed_at, user_hash, setting, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)');
      for (const change of changes) log.run(guildId, now, userHash, change.setting, change.from, change.to);
      return changes;
    })
    .immediate();
}
