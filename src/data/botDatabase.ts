/**
 * The bot's connection to its database for per-server settings and conversations (the recorder keeps
 * its own, recorder.ts). Opening never throws: a database that cannot be used is described in one
 * line and the bot goes on with the environment's settings and without stored conversations.
 */
import type { Database } from 'better-sqlite3';
import type { DataConfig } from '../config.ts';
import { BOT_BUSY_TIMEOUT_MS, databasePath, describeDataError, openDatabase, type DataUnavailableError } from './database.ts';
import { checkKeyFingerprint, hashUserId, loadHashKey } from './userHash.ts';

export interface BotDatabase {
  /** null when the database cannot be used; `problem` says why. */
  readonly db: Database | null;
  readonly problem: DataUnavailableError | null;
  /** The HMAC of a user id (userHash.ts); only with a database. */
  hashUser(userId: string): string;
  /** Describes an error from the database (a lock, a damaged file) as the one line to show. */
  describe(error: unknown): DataUnavailableError;
  close(): void;
}

export function openBotDatabase(config: DataConfig, log: (line: string) => void): BotDatabase {
  const file = databasePath(config.dataDir);
  let db: Database | null = null;
  let key: Buffer | null = null;
  let problem: DataUnavailableError | null = null;
  try {
    key = loadHashKey(config, { create: true, log });
    db = openDatabase(file, { busyTimeoutMs: BOT_BUSY_TIMEOUT_MS });
    const warning = checkKeyFingerprint(db, key!);
    if (warning) log(warning);
  } catch (error) {
    db?.close();
    db = null;
    problem = describeDataError(file, error);
    log(`server settings and conversations are not stored: ${problem.message}; the environment's settings apply`);
  }
  return {
    db,
    problem,
    hashUser: (userId) => hashUserId(key!, userId),
    describe: (error) => describeDataError(file, error),
    close: () => db?.close(),
  };
}

/** A BotDatabase with no database at all (DATA_DIR not given to the bot: tests of other features). */
export function noBotDatabase(problem: DataUnavailableError): BotDatabase {
  return {
    db: null,
    problem,
    hashUser: () => {
      throw problem;
    },
    describe: () => problem,
    close: () => undefined,
  };
}
