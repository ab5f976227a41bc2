/** Recorded answers: what was asked, how, and which passages were shown. */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { parsePassageId } from '../corpus/passages.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { Answer, Lang, SearchMode } from '../types.ts';

/** How a question reached the bot: /ask, a mention, a follow-up in a conversation, a new forum post. */
export type AskedVia = 'slash' | 'mention' | 'follow-up' | 'forum';

export interface ShownPassage {
  rank: number;
  passageId: string;
  docId: string;
  score: number;
}

/** One answer as stored (user id already hashed). */
export interface AnswerRow {
  answerKey: string;
  askedAt: number;
  question: string;
  lang: Lang;
  via: AskedVia;
  guildId: string | null;
  channelId: string | null;
  userHash: string;
  confident: boolean;
  mode: SearchMode;
  latencyMs: number;
  passages: ShownPassage[];
}

/**
 * The id an answer is known by outside the database (in buttons): the time in base 36, so keys sort
 * by time and the unique index grows at its end, then 64 random bits, so that several processes
 * (shards) can make keys without asking the database. 20 characters.
 */
export function newAnswerKey(now: number): string {
  return now.toString(36).padStart(9, '0') + randomBytes(8).toString('base64url');
}

/** An answer key as newAnswerKey makes it (a regular expression's source, unanchored): what a button may carry. */
export const ANSWER_KEY_PATTERN = '[0-9a-z]{9}[A-Za-z0-9_-]{11}';

export function shownPassages(answer: Answer): ShownPassage[] {
  return answer.results.map((result) => ({ rank: result.rank, passageId: result.passageId, docId: result.docId, score: result.score }));
}

/** The terms the gap grouping compares: the analyzer's, deduplicated and sorted, space-separated. */
function questionTerms(analyzer: Analyzer, question: string): string {
  return [...new Set(analyzer.terms(question))].sort().join(' ');
}

export const DAY_MS = 86_400_000;

/** The UTC day of a time (days since 1970-01-01), as stored in asked_day. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

type StoredPassage = [passageId: string, score: number] | [passageId: string, score: number, docId: string];

/** Compact JSON of the passages shown (rank = position): the document id only where the passage id does not give it. */
export function encodePassages(passages: readonly ShownPassage[]): string {
  const stored = [...passages]
    .sort((a, b) => a.rank - b.rank)
    .map((passage): StoredPassage => {
      const score = Math.round(passage.score * 1e4) / 1e4;
      return parsePassageId(passage.passageId)?.docId === passage.docId ? [passage.passageId, score] : [passage.passageId, score, passage.docId];
    });
  return JSON.stringify(stored);
}

export function decodePassages(json: string): ShownPassage[] {
  return (JSON.parse(json) as StoredPassage[]).map(([passageId, score, docId], index) => ({
    rank: index + 1,
    passageId,
    docId: docId ?? parsePassageId(passageId)?.docId ?? passageId,
    score,
  }));
}

/** Inserts the rows in one transaction. */
export function insertAnswers(db: Database, analyzer: Analyzer, rows: readonly AnswerRow[]): void {
  const insert = db.prepare(
    `INSERT INTO answers (answer_key, asked_at, asked_day, question, question_terms, lang, via, guild_id, channel_id, user_hash, confident, mode, latency_ms, passages)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const row of rows) {
      insert.run(
        row.answerKey,
        row.askedAt,
        dayNumber(row.askedAt),
        row.question,
        questionTerms(analyzer, row.question),
        row.lang,
        row.via,
        row.guildId,
        row.channelId,
        row.userHash,
        row.confident ? 1 : 0,
        row.mode,
        Math.round(row.latencyMs),
        encodePassages(row.passages),
      );
    }
  })();
}
