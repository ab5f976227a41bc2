/**
 * Conversations as stored: a thread, or a chain of replies in a channel, with its last few questions
 * and the passages each answer showed, so that a follow-up is asked in context (AskOptions.context)
 * after a restart too; and the forum posts the bot took on, so that each is answered once.
 *
 * Bounded: a conversation keeps its last MAX_TURNS questions, and conversations idle for longer than
 * the retention period are deleted with their questions (pruneConversations).
 */
import type { Database } from 'better-sqlite3';

/** Questions kept per conversation: a follow-up is asked with the last few (the core weighs older ones less). */
export const MAX_TURNS = 8;

/** Conversations idle for longer are deleted (sooner when FEEDBACK_RETENTION_DAYS is shorter): Discord archives idle threads within a week. */
const CONVERSATION_DAYS = 30;
const DAY_MS = 86_400_000;

/** Conversations idle since before this time are deleted (pruneConversations). */
export function conversationCutoff(retentionDays: number, now: number): number {
  const days = retentionDays > 0 ? Math.min(retentionDays, CONVERSATION_DAYS) : CONVERSATION_DAYS;
  return now - days * DAY_MS;
}

export interface StoredTurn {
  question: string;
  lang: string;
  /** Passage ids the answer showed, best first. */
  shown: string[];
  askedAt: number;
}

export interface NewTurn {
  conversationId: string;
  guildId: string | null;
  channelId: string;
  userHash: string;
  question: string;
  lang: string;
  shown: readonly string[];
  askedAt: number;
  /** The bot's messages holding the answer: a reply to one of them continues the conversation. */
  answerMessageIds: readonly string[];
}

/** The conversation's kept questions, oldest first (none for an unknown conversation). */
export function conversationTurns(db: Database, conversationId: string): StoredTurn[] {
  const rows = db
    .prepare('SELECT question, lang, shown, asked_at FROM conversation_turns WHERE conversation_id = ? ORDER BY seq')
    .all(conversationId) as Array<{
    question: string;
    lang: string;
    shown: string;
    asked_at: number;
  }>;
  return rows.map((row) => ({ question: row.question, lang: row.lang, shown: JSON.parse(row.shown) as string[], askedAt: row.asked_at }));
}

/** The conversation one of the bot's answer messages belongs to, or null. */
export function conversationOfMessage(db: Database, messageId: string): string | null {
  return (db.prepare('SELECT conversation_id FROM conversation_messages WHERE message_id = ?').pluck().get(messageId) as string | undefined) ?? null;
}

/** Adds a question and its answer to the conversation (starting it when new), keeping its last MAX_TURNS, in one transaction. */
export function appendTurn(db: Database, turn: NewTurn): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO conversations (id, guild_id, channel_id, started_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`,
    ).run(turn.conversationId, turn.guildId, turn.channelId, turn.askedAt, turn.askedAt);
    const last = db.prepare('SELECT max(seq) FROM conversation_turns WHERE conversation_id = ?').pluck().get(turn.conversationId) as number | null;
    const seq = (last ?? 0) + 1;
    db.prepare('INSERT INTO conversation_turns (conversation_id, seq, asked_at, user_hash, question, lang, shown) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      turn.conversationId,
      seq,
      turn.askedAt,
      turn.userHash,
      turn.question,
      turn.lang,
      JSON.stringify(turn.shown),
    );
    db.prepare('DELETE FROM conversation_turns WHERE conversation_id = ? AND seq <= ?').run(turn.conversationId, seq - MAX_TURNS);
    const link = db.prepare('INSERT OR IGNORE INTO conversation_messages (message_id, conversation_id) VALUES (?, ?)');
    for (const messageId of turn.answerMessageIds) link.run(messageId, turn.conversationId);
  }).immediate();
}

/** Takes on a forum post: true the first time, false when it was already taken on (a repeated event, a restart). */
export function claimForumPost(db: Database, threadId: string, guildId: string, now: number): boolean {
  return db.prepare('INSERT OR IGNORE INTO forum_posts (thread_id, guild_id, claimed_at) VALUES (?, ?, ?)').run(threadId, guildId, now).changes === 1;
}

/** Deletes conversations idle since before `before` (with their questions and messages) and forum posts taken on before it. */
export function pruneConversations(db: Database, before: number): number {
  return db
    .transaction(() => {
      db.prepare('DELETE FROM forum_posts WHERE claimed_at < ?').run(before);
      return db.prepare('DELETE FROM conversations WHERE updated_at < ?').run(before).changes;
    })
    .immediate();
}

/**
 * Deletes a user's questions from every conversation, and the conversations left without any; the
 * settings changes they made stay, without who made them. Part of `forget` (privacy.ts).
 */
export function forgetConversationTurns(db: Database, userHash: string): number {
  const deleted = db.prepare('DELETE FROM conversation_turns WHERE user_hash = ?').run(userHash).changes;
  db.prepare('DELETE FROM conversations WHERE NOT EXISTS (SELECT 1 FROM conversation_turns WHERE conversation_id = conversations.id)').run();
  db.prepare("UPDATE settings_changes SET user_hash = 'forgotten' WHERE user_hash = ?").run(userHash);
  return deleted;
}
