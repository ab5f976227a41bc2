/**
 * User ids are never stored: a keyed hash (HMAC-SHA256, 128 bits kept) stands for them, so votes
 * can be one per user and `forget USER_ID` can find a user's records, while the database alone
 * cannot be searched for a given id (unlike a plain hash of an 18-digit snowflake, which anyone can
 * recompute for every id).
 *
 * The key is FEEDBACK_HASH_SECRET; when it is not set, a random key is generated once into
 * DATA_DIR/hash-secret (mode 0600) and reused, with one log line saying so. Either way the same key
 * must stay: records hashed with another key can no longer be matched to a user. The database keeps
 * a fingerprint of the key it was first used with, to say so when the key changes.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DataConfig } from '../config.ts';

export const HASH_SECRET_FILE = 'hash-secret';

export function hashUserId(key: Buffer, userId: string): string {
  return createHmac('sha256', key).update(userId, 'utf8').digest('hex').slice(0, 32);
}

/** Identifies a key without revealing it. */
function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('fingerprint of the user-id hash key', 'utf8').digest('hex').slice(0, 16);
}

function readKeyFile(file: string): Buffer | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text ? Buffer.from(text, 'utf8') : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The key user ids are hashed with. With `create`, a missing generated key is made (the bot); without
 * it (the CLIs), null means no key exists, so nothing can have been recorded under one.
 */
export function loadHashKey(config: Pick<DataConfig, 'dataDir' | 'hashSecret'>, options: { create: boolean; log: (line: string) => void }): Buffer | null {
  if (config.hashSecret) return Buffer.from(config.hashSecret, 'utf8');
  const file = path.join(config.dataDir, HASH_SECRET_FILE);
  const existing = readKeyFile(file);
  if (existing || !options.create) return existing;
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // 'wx': two processes starting at once (shards) do not overwrite each other's key.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    options.log(`FEEDBACK_HASH_SECRET is not set: generated a key for hashing user ids in ${file} (mode 0600); keep it with the database`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKeyFile(file);
}

/**
 * Records the key's fingerprint on first use; returns a warning line when the database was written
 * with another key (its earlier records cannot be matched to user ids any more), else null.
 */
export function checkKeyFingerprint(db: Database, key: Buffer): string | null {
  const fingerprint = keyFingerprint(key);
  db.prepare("INSERT INTO meta (key, value) VALUES ('hash_key_fingerprint', ?) ON CONFLICT (key) DO NOTHING").run(fingerprint);
  const stored = (db.prepare("SELECT value FROM meta WHERE key = 'hash_key_fingerprint'").get() as { value: string }).value;
  if (stored === fingerprint) return null;
  return 'the key for hashing user ids (FEEDBACK_HASH_SECRET or DATA_DIR/hash-secret) is not the one earlier records were hashed with: those cannot be matched to a user id (forget misses them) until it is restored';
}
