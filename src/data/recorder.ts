/**
 * Records answers and votes for the bot without ever getting in an answer's way:
 *
 * - recordAnswer() only queues (it returns the answer's key at once, for the feedback buttons); a
 *   timer writes what is queued in batches, one transaction each, after the answer has gone out.
 * - The queue is bounded: while the database cannot keep up, new answers are not recorded.
 * - Nothing here throws. A database that is locked by another process keeps its queue and is retried;
 *   a damaged one, or one that keeps failing, turns recording off. Each of these says so in one log
 *   line (not one per answer), and the bot keeps answering.
 * - Retention (FEEDBACK_RETENTION_DAYS) is applied at start and then every few hours.
 */
import type { Database } from 'better-sqlite3';
import type { DataConfig } from '../config.ts';
import { createAnalyzer, type Analyzer } from '../text/analyzer.ts';
import type { Answer } from '../types.ts';
import { insertAnswers, newAnswerKey, shownPassages, type AnswerRow, type AskedVia } from './answers.ts';
import { BOT_BUSY_TIMEOUT_MS, databasePath, describeDataError, openDatabase } from './database.ts';
import { pruneExpired } from './privacy.ts';
import { checkKeyFingerprint, hashUserId, loadHashKey } from './userHash.ts';
import { castVote, type VoteOutcome, type VoteReason, type VoteValue } from './votes.ts';

/** An answer as the bot gave it, with who asked (the user id is hashed before it is queued). */
export interface AnsweredQuestion {
  answer: Answer;
  via: AskedVia;
  userId: string;
  guildId: string | null;
  channelId: string | null;
  latencyMs: number;
  /** When it was asked (ms since the epoch); now by default. */
  askedAt?: number;
}

export interface RecorderOptions {
  /** Where the one-line notices go (the bot's logger). */
  log: (line: string) => void;
  retentionDays: number;
  analyzer?: Analyzer;
  /** Answers per transaction. */
  batchSize?: number;
  /** How long a queued answer may wait for its batch (ms). */
  flushDelayMs?: number;
  /** Answers held while the database is slow or locked; past this, new ones are not recorded. */
  maxQueued?: number;
  retentionEveryMs?: number;
  now?: () => number;
}

const DEFAULTS = { batchSize: 200, flushDelayMs: 250, maxQueued: 10_000, retentionEveryMs: 6 * 3_600_000 };
/** Failed batches in a row (other than a lock) after which recording stops. */
const MAX_FAILURES = 3;
const LOCKED_RETRY_MS = 1000;
/** How long the last flush at shutdown waits for another process's lock (ms). */
const CLOSING_BUSY_TIMEOUT_MS = 2000;

export type RecorderVoteOutcome = VoteOutcome | 'not-recorded';

export class FeedbackRecorder {
  private readonly queue: AnswerRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private lockedSince: number | null = null;
  private overflowing = false;
  private readonly settings: Required<Omit<RecorderOptions, 'analyzer'>> & { analyzer: Analyzer };

  /** `db` and `key` null: a recorder that records nothing (recording off or unavailable). */
  constructor(
    private db: Database | null,
    private readonly key: Buffer | null,
    options: RecorderOptions,
  ) {
    this.settings = { ...DEFAULTS, now: Date.now, ...options, analyzer: options.analyzer ?? createAnalyzer() };
    if (this.db) this.scheduleRetention(0);
  }

  get recording(): boolean {
    return this.db !== null;
  }

  /** Answers queued and not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues the answer; returns its key (for feedback buttons), or null when it will not be recorded. */
  recordAnswer(input: AnsweredQuestion): string | null {
    if (!this.db || !this.key) return null;
    if (this.queue.length >= this.settings.maxQueued) {
      if (!this.overflowing) this.settings.log(`answers are not being recorded for now: ${this.queue.length} are waiting for the database`);
      this.overflowing = true;
      return null;
    }
    const askedAt = input.askedAt ?? this.settings.now();
    const row: AnswerRow = {
      answerKey: newAnswerKey(askedAt),
      askedAt,
      question: input.answer.question,
      lang: input.answer.lang,
      via: input.via,
      guildId: input.guildId,
      channelId: input.channelId,
      userHash: hashUserId(this.key, input.userId),
      confident: input.answer.confident,
      mode: input.answer.mode,
      latencyMs: input.latencyMs,
      passages: shownPassages(input.answer),
    };
    this.queue.push(row);
    this.scheduleFlush(this.queue.length >= this.settings.batchSize ? 0 : this.settings.flushDelayMs);
    return row.answerKey;
  }

  /**
   * One vote per user per answer (a second one replaces it). Written at once, after the queued
   * answers (the one voted on may still be queued). A 👎 without a reason keeps an earlier 👎's.
   */
  vote(answerKey: string, userId: string, value: VoteValue, reason?: VoteReason | null): RecorderVoteOutcome {
    if (!this.db || !this.key) return 'not-recorded';
    this.flush();
    if (!this.db || this.queue.some((row) => row.answerKey === answerKey)) return 'not-recorded';
    try {
      return castVote(this.db, { answerKey, userHash: hashUserId(this.key, userId), value, reason, votedAt: this.settings.now() });
    } catch (error) {
      const problem = describeDataError(this.db.name, error);
      this.settings.log(`a vote could not be recorded: ${problem.message}`);
      if (problem.problem === 'damaged') this.stop();
      return 'not-recorded';
    }
  }

  /** Writes everything queued now, a batch per transaction (also called by the timer). */
  flush(): void {
    this.clearTimer();
    while (this.db && this.queue.length) {
      const batch = this.queue.slice(0, this.settings.batchSize);
      try {
        insertAnswers(this.db, this.settings.analyzer, batch);
      } catch (error) {
        if (this.fail(error)) continue;
        return;
      }
      this.queue.splice(0, batch.length);
      this.succeeded();
    }
  }

  /**
   * Writes what is queued and closes the database (the bot's shutdown). The last flush waits longer
   * for another process's lock than the bot's writes do: nothing is answered any more, and what is
   * still queued is lost once the database is closed (said in one line).
   */
  close(): void {
    this.db?.pragma(`busy_timeout = ${CLOSING_BUSY_TIMEOUT_MS}`);
    this.flush();
    if (this.queue.length) this.settings.log(`${this.queue.length} answers could not be recorded before closing: the database stayed locked`);
    this.clearTimer();
    if (this.retentionTimer) clearTimeout(this.retentionTimer);
    this.retentionTimer = null;
    this.db?.close();
    this.db = null;
  }

  private succeeded(): void {
    this.failures = 0;
    this.overflowing = false;
    if (this.lockedSince !== null) this.settings.log(`the database is writable again: recording resumed`);
    this.lockedSince = null;
  }

  /**
   * One failed write: a lock keeps the queue and retries later; anything else drops the batch, and
   * turns recording off when the file is damaged or failures repeat. Returns whether to go on flushing.
   */
  private fail(error: unknown): boolean {
    const problem = describeDataError(this.db?.name ?? 'database', error);
    if (problem.problem === 'locked') {
      if (this.lockedSince === null) this.settings.log(`answers are waiting to be recorded: ${problem.message}`);
      this.lockedSince ??= this.settings.now();
      this.scheduleFlush(LOCKED_RETRY_MS);
      return false;
    }
    const dropped = this.queue.splice(0, this.settings.batchSize).length;
    this.failures++;
    if (problem.problem === 'damaged' || this.failures >= MAX_FAILURES) {
      this.settings.log(`answers are not being recorded any more: ${problem.message}`);
      this.stop();
      return false;
    }
    this.settings.log(`${dropped} answers could not be recorded: ${problem.message}`);
    return true;
  }

  private stop(): void {
    this.clearTimer();
    if (this.retentionTimer) clearTimeout(this.retentionTimer);
    this.queue.length = 0;
    try {
      this.db?.close();
    } catch {
      // Closing a damaged file may fail too; it is given up either way.
    }
    this.db = null;
  }

  private scheduleFlush(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    this.clearTimer();
    this.timer = setTimeout(() => this.flush(), delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private scheduleRetention(delayMs: number): void {
    this.retentionTimer = setTimeout(() => void this.applyRetention(), delayMs);
    this.retentionTimer.unref();
  }

  private async applyRetention(): Promise<void> {
    if (!this.db) return;
    try {
      const deleted = await pruneExpired(this.db, this.settings.retentionDays, this.settings.now());
      if (deleted) this.settings.log(`retention: deleted ${deleted} answers older than ${this.settings.retentionDays} days`);
    } catch (error) {
      this.settings.log(`retention could not run: ${describeDataError(this.db?.name ?? 'database', error).message}`);
    }
    if (this.db) this.scheduleRetention(this.settings.retentionEveryMs);
  }
}

/**
 * The bot's recorder, from its configuration. Never throws: when the database cannot be opened it
 * says why in one line and returns a recorder that records nothing.
 */
export function openRecorder(config: DataConfig, options: Omit<RecorderOptions, 'retentionDays'>): FeedbackRecorder {
  if (!config.recording) return new FeedbackRecorder(null, null, { ...options, retentionDays: 0 });
  const file = databasePath(config.dataDir);
  let db: Database | null = null;
  try {
    const key = loadHashKey(config, { create: true, log: options.log });
    db = openDatabase(file, { busyTimeoutMs: BOT_BUSY_TIMEOUT_MS });
    const warning = checkKeyFingerprint(db, key!);
    if (warning) options.log(warning);
    return new FeedbackRecorder(db, key, { ...options, retentionDays: config.retentionDays });
  } catch (error) {
    db?.close();
    options.log(`answers are not being recorded: ${describeDataError(file, error).message}`);
    return new FeedbackRecorder(null, null, { ...options, retentionDays: 0 });
  }
}
