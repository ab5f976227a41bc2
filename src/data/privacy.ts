/**
 * What the database forgets: a user's records on request, and every answer past the retention
 * period. Deleted content is overwritten (secure_delete) and the write-ahead log folded back into the
 * file, so that a forgotten question does not linger in free pages or in the log.
 */
import type { Database } from 'better-sqlite3';
import { TimeSlices } from '../util/timeSlices.ts';
import { DAY_MS, dayNumber } from './answers.ts';
import { forgetConversationTurns } from './conversations.ts';

/** Rows deleted per transaction by the retention sweep: short transactions keep the bot's writes flowing. */
const RETENTION_CHUNK = 2000;

export interface Forgotten {
  answers: number;
  /** The user's own votes, and the votes others gave the user's answers. */
  votes: number;
  /** The user's questions kept in conversations (threads, chains of replies) for follow-ups. */
  conversationQuestions: number;
}

/**
 * Deletes everything recorded about the user whose hashed id is `userHash`. Answers have no index on
 * the user (see migration 0001): their ids are found by a scan before the write transaction, so the
 * bot's writes are not held up meanwhile, and the transaction itself only adds what came in since.
 */
export function forgetUser(db: Database, userHash: string): Forgotten {
  const scanned = db.prepare('SELECT id FROM answers WHERE user_hash = ?').pluck().all(userHash) as number[];
  const scannedUpTo = (db.prepare('SELECT max(id) AS id FROM answers').get() as { id: number | null }).id ?? 0;
  db.pragma('secure_delete = ON');
  const forgotten = db
    .transaction((): Forgotten => {
      const ids = [...scanned, ...(db.prepare('SELECT id FROM answers WHERE id > ? AND user_hash = ?').pluck().all(scannedUpTo, userHash) as number[])];
      const votesOnAnswers = db.prepare('SELECT count(*) FROM votes WHERE answer_id = ? AND user_hash <> ?').pluck();
      const deleteAnswer = db.prepare('DELETE FROM answers WHERE id = ? AND user_hash = ?');
      let votes = db.prepare('DELETE FROM votes WHERE user_hash = ?').run(userHash).changes;
      let answers = 0;
      for (const id of ids) {
        votes += votesOnAnswers.get(id, userHash) as number;
        // Others' votes on this answer go with it (ON DELETE CASCADE).
        answers += deleteAnswer.run(id, userHash).changes;
      }
      return { answers, votes, conversationQuestions: forgetConversationTurns(db, userHash) };
    })
    .immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return forgotten;
}

/** The first UTC day still kept, or null when answers are kept forever (0 days): retention goes by whole days. */
function firstDayKept(retentionDays: number, now: number): number | null {
  return retentionDays > 0 ? dayNumber(now - retentionDays * DAY_MS) : null;
}

/**
 * Deletes the answers (and their votes) asked on the days before the retention period, a chunk per
 * transaction, giving way to the event loop between chunks. Returns how many answers went.
 */
export async function pruneExpired(db: Database, retentionDays: number, now: number): Promise<number> {
  const cutoff = firstDayKept(retentionDays, now);
  if (cutoff === null) return 0;
  db.pragma('secure_delete = ON');
  const deleteChunk = db.prepare(`DELETE FROM answers WHERE id IN (SELECT id FROM answers WHERE asked_day < ? LIMIT ${RETENTION_CHUNK})`);
  const slices = new TimeSlices();
  let deleted = 0;
  for (;;) {
    const { changes } = deleteChunk.run(cutoff);
    deleted += changes;
    if (changes < RETENTION_CHUNK) break;
    if (slices.due) await slices.yield();
  }
  if (deleted) db.pragma('wal_checkpoint(PASSIVE)');
  return deleted;
}
