/**
 * The bot's own database: one SQLite file in DATA_DIR (better-sqlite3, no ORM), holding what users
 * asked and how they rated the answers (and, later, per-server settings).
 *
 * - WAL: readers (stats, the CLIs) never block the bot's writes, nor the writes them.
 * - synchronous=NORMAL: in WAL mode a commit then survives the process being killed (kill -9) and
 *   the file stays consistent after a power loss, which may only lose the last transactions. FULL
 *   would fsync every batch for that last bit of durability, which a log of questions does not need.
 * - foreign_keys: votes go with the answer they rate (retention, forget).
 * - busy_timeout: how long a write waits for another process's write (better-sqlite3 waits
 *   synchronously, so the bot keeps it short and retries later; the CLIs can wait longer).
 *
 * Whatever goes wrong opening it (a damaged file, a lock held too long, a schema from a newer
 * version) becomes one DataUnavailableError whose message is the one line to show.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { ErrorCodes, UserError } from '../errors.ts';
import { migrate, NewerSchemaError, type Migration } from './migrations.ts';

const DATABASE_FILE = 'bot.sqlite';

/** The bot's writes wait this long for another process's lock before giving up for now (ms): better-sqlite3 waits synchronously. */
export const BOT_BUSY_TIMEOUT_MS = 100;

export type DataProblem = 'missing' | 'damaged' | 'locked' | 'newer-schema' | 'unreadable';

/** The database cannot be used; the message (English or Arabic) is one line saying which file, why, and what to do. */
export class DataUnavailableError extends UserError {
  constructor(
    readonly problem: DataProblem,
    messages: { en: string; ar: string },
    options?: { cause: unknown },
  ) {
    super(ErrorCodes.DataUnavailable, messages, { problem });
    this.name = 'DataUnavailableError';
    if (options) this.cause = options.cause;
  }
}

export interface OpenOptions {
  /** How long a write waits for another process's lock (ms). */
  busyTimeoutMs?: number;
  /** Fail (as 'missing') rather than create a new file: for commands that only read or delete. */
  mustExist?: boolean;
  /** Defaults to the repository's migrations (tests pass older or extra ones). */
  migrations?: readonly Migration[];
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE);
}

/** The SQLite result codes that mean the file itself is bad, not the statement. */
const DAMAGED_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

function messagesFor(problem: DataProblem, file: string, reason: string): { en: string; ar: string } {
  switch (problem) {
    case 'missing':
      return {
        en: `no database at ${file} yet: nothing has been recorded (the bot creates it; DATA_DIR sets the folder)`,
        ar: `لا توجد قاعدة بيانات في ${file} بعد: لم يُسجَّل شيء (ينشئها البوت، ويحدد DATA_DIR مجلدها)`,
      };
    case 'damaged':
      return {
        en: `database ${file} is damaged (${reason}); move it aside to start a new one`,
        ar: `قاعدة البيانات ${file} تالفة (${reason})؛ انقلها إلى مكان آخر ليبدأ البوت واحدة جديدة`,
      };
    case 'locked':
      return {
        en: `database ${file} is locked by another process (${reason}); try again when it is done`,
        ar: `قاعدة البيانات ${file} مقفلة من عملية أخرى (${reason})؛ أعد المحاولة بعد انتهائها`,
      };
    case 'newer-schema':
      return {
        en: `database ${file}: ${reason}; run the newer version, or move the file aside to start a new one`,
        ar: `قاعدة البيانات ${file} كتبها إصدار أحدث من البرنامج (${reason})؛ شغّل الإصدار الأحدث أو انقل الملف إلى مكان آخر`,
      };
    case 'unreadable':
      return { en: `database ${file} cannot be used (${reason})`, ar: `تعذر استخدام قاعدة البيانات ${file} (${reason})` };
  }
}

function missingDatabase(file: string): DataUnavailableError {
  return new DataUnavailableError('missing', messagesFor('missing', file, ''));
}

/** Classifies an error from SQLite (at open or later) as a DataUnavailableError about `file`. */
export function describeDataError(file: string, error: unknown): DataUnavailableError {
  if (error instanceof DataUnavailableError) return error;
  const code = (error as { code?: unknown }).code;
  const reason = error instanceof Error ? error.message : String(error);
  let problem: DataProblem = 'unreadable';
  if (error instanceof NewerSchemaError) problem = 'newer-schema';
  else if (typeof code === 'string' && DAMAGED_CODES.has(code)) problem = 'damaged';
  else if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) problem = 'locked';
  return new DataUnavailableError(problem, messagesFor(problem, file, reason), { cause: error });
}

/** Opens (creating it and its folder when missing) and migrates the database at `file`. */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  let db: Database | null = null;
  try {
    if (options.mustExist && !existsSync(file)) {
      throw missingDatabase(file);
    }
    mkdirSync(path.dirname(file), { recursive: true });
    db = new BetterSqlite3(file, { timeout: options.busyTimeoutMs ?? 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations);
    return db;
  } catch (error) {
    db?.close();
    throw describeDataError(file, error);
  }
}
