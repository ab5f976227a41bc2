/**
 * What the database forgets: a user's records on request, and every answer past the retention
 * period. Deleted content is overwritten (secure_delete) and the write-ahead log folded back into the
 * file, so that a forgotten question does not linger in free pages or in the log.
 */
import type { Database } from 'better-sqlite3';
import { TimeSlices } from '../util/timeSlices.ts';

const DAY_MS = 86_400_000;
/** Rows deleted per transaction by the retention sweep: short transactions keep the bot's writes flowing. */
const RETENTION_CHUNK = 2000;

export interface Forgotten {
  answers: number;
  /** The user's own votes, and the votes others gave the user's answers. */
  votes: number;
}

/** Deletes everything recorded about the user whose hashed id is `userHash`. */
export function forgetUser(db: Database, userHash: string): Forgotten {
  db.pragma('secure_delete = ON');
  const forgotten = db
    .transaction((): Forgotten => {
      const { votes } = db
        .prepare('SELECT count(*) AS votes FROM votes WHERE user_hash = ? OR answer_id IN (SELECT id FROM answers WHERE user_hash = ?)')
        .get(userHash, userHash) as { votes: number };
      db.prepare('DELETE FROM votes WHERE user_hash = ?').run(userHash);
      // Their answers' votes by others go with them (ON DELETE CASCADE).
      const answers = db.prepare('DELETE FROM answers WHERE user_hash = ?').run(userHash).changes;
      return { answers, votes };
    })
    .immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return forgotten;
}

/** The time before which answers are past retention, or null when they are kept forever (0 days). */
function retentionCutoff(retentionDays: number, now: number): number | null {
  return retentionDays > 0 ? now - retentionDays * DAY_MS : null;
}

/**
 * Deletes the answers (and their votes) asked before the retention cutoff, a chunk per transaction,
 * giving way to the event loop between chunks. Returns how many answers went.
 */
export async function pruneExpired(db: Database, retentionDays: number, now: number): Promise<number> {
  const cutoff = retentionCutoff(retentionDays, now);
  if (cutoff === null) return 0;
  db.pragma('secure_delete = ON');
  const deleteChunk = db.prepare(`DELETE FROM answers WHERE id IN (SELECT id FROM answers WHERE asked_at < ? ORDER BY asked_at LIMIT ${RETENTION_CHUNK})`);
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
