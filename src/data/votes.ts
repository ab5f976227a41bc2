/** Votes on answers: one per user per answer, 👍 or 👎, a 👎 with an optional reason from a fixed list. */
import type { Database } from 'better-sqlite3';

export type VoteValue = 1 | -1;

/** The reasons a 👎 can give, in the order a menu shows them (the CHECK in migration 0001 lists the same). */
export const VOTE_REASONS = ['wrong-passage', 'no-answer', 'outdated', 'other'] as const;
export type VoteReason = (typeof VOTE_REASONS)[number];

export const VOTE_REASON_LABELS: Record<VoteReason, { en: string; ar: string }> = {
  'wrong-passage': { en: 'wrong passage', ar: 'المقطع غير مناسب' },
  'no-answer': { en: 'no answer in these articles', ar: 'لا جواب في هذه المقالات' },
  outdated: { en: 'outdated', ar: 'معلومات قديمة' },
  other: { en: 'other', ar: 'سبب آخر' },
};

export function isVoteReason(value: unknown): value is VoteReason {
  return typeof value === 'string' && (VOTE_REASONS as readonly string[]).includes(value);
}

/** recorded: a first vote; changed: it replaced this user's earlier vote; unchanged: the same vote again. */
export type VoteOutcome = 'recorded' | 'changed' | 'unchanged' | 'unknown-answer';

export interface Vote {
  answerKey: string;
  userHash: string;
  value: VoteValue;
  /**
   * Only with a 👎; ignored otherwise. Left out (undefined), a 👎 keeps the reason of the user's
   * earlier 👎: pressing 👎 again does not erase the reason picked after the first press.
   */
  reason?: VoteReason | null;
  votedAt: number;
}

export function castVote(db: Database, vote: Vote): VoteOutcome {
  if (vote.value !== 1 && vote.value !== -1) throw new RangeError(`a vote is 1 or -1 (got ${vote.value})`);
  if (vote.reason != null && !isVoteReason(vote.reason)) throw new RangeError(`unknown vote reason "${vote.reason}"`);
  return db
    .transaction((): VoteOutcome => {
      const answer = db.prepare('SELECT id, asked_day AS day, lang FROM answers WHERE answer_key = ?').get(vote.answerKey) as
        | { id: number; day: number; lang: string }
        | undefined;
      if (!answer) return 'unknown-answer';
      const previous = db.prepare('SELECT value, reason FROM votes WHERE answer_id = ? AND user_hash = ?').get(answer.id, vote.userHash) as
        | { value: number; reason: string | null }
        | undefined;
      const kept = previous?.value === -1 ? previous.reason : null;
      const reason = vote.value === -1 ? (vote.reason === undefined ? kept : vote.reason) : null;
      if (previous && previous.value === vote.value && previous.reason === reason) return 'unchanged';
      db.prepare(
        `INSERT INTO votes (answer_id, user_hash, answer_day, lang, value, reason, voted_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (answer_id, user_hash) DO UPDATE SET value = excluded.value, reason = excluded.reason, voted_at = excluded.voted_at`,
      ).run(answer.id, vote.userHash, answer.day, answer.lang, vote.value, reason, vote.votedAt);
      return previous ? 'changed' : 'recorded';
    })
    .immediate();
}
