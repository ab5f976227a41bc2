/**
 * The database file: created with WAL and the schema at the latest version; an older database is
 * brought up to date without losing rows; a failing migration leaves the previous version whole;
 * a damaged, locked or newer file becomes one DataUnavailableError line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { databasePath, DataUnavailableError, openDatabase } from '../../src/data/database.ts';
import { loadMigrations, migrate, type Migration } from '../../src/data/migrations.ts';
import { tempDataConfig } from '../support/recorded.ts';

function tableNames(db: BetterSqlite3.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name);
}

test('a new database is created in WAL mode with every migration applied', () => {
  const file = databasePath(tempDataConfig().dataDir);
  const db = openDatabase(file);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('user_version', { simple: true }), loadMigrations().at(-1)!.version);
  assert.deepEqual(tableNames(db), [
    'answers',
    'conversation_messages',
    'conversation_turns',
    'conversations',
    'forum_posts',
    'guild_settings',
    'meta',
    'settings_changes',
    'votes',
  ]);
  db.close();
  // Opening again applies nothing more.
  const again = openDatabase(file);
  assert.deepEqual(migrate(again), []);
  again.close();
});

test('the migrations are numbered from 1 without gaps', () => {
  const migrations = loadMigrations();
  assert.ok(migrations.length >= 1);
  for (const [index, migration] of migrations.entries()) assert.equal(migration.version, index + 1);
});

test('a database at an older version is migrated and keeps its rows', () => {
  const file = databasePath(tempDataConfig().dataDir);
  const current = loadMigrations();
  const old = openDatabase(file, { migrations: current });
  old
    .prepare(
      `INSERT INTO answers (answer_key, asked_at, asked_day, question, question_terms, lang, via, user_hash, confident, mode, latency_ms, passages)
       VALUES ('k1', 1, 0, 'سؤال', 'سؤال', 'ar', 'slash', 'u', 1, 'lexical', 5, '[]')`,
    )
    .run();
  old.close();
  // The next release adds a migration: the file at the previous version is brought up to it.
  const next: Migration = {
    version: current.length + 1,
    name: 'server_settings',
    sql: 'CREATE TABLE server_settings (guild_id TEXT PRIMARY KEY, language TEXT);',
  };
  const db = openDatabase(file, { migrations: [...current, next] });
  assert.equal(db.pragma('user_version', { simple: true }), next.version);
  assert.ok(tableNames(db).includes('server_settings'));
  assert.equal((db.prepare('SELECT question FROM answers').get() as { question: string }).question, 'سؤال');
  db.close();
});

test('a migration that fails leaves the database at the previous version, without half of it', () => {
  const file = databasePath(tempDataConfig().dataDir);
  const current = loadMigrations();
  openDatabase(file, { migrations: current }).close();
  const broken: Migration = { version: current.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);' };
  assert.throws(() => openDatabase(file, { migrations: [...current, broken] }), DataUnavailableError);
  const db = new BetterSqlite3(file);
  assert.equal(db.pragma('user_version', { simple: true }), current.length);
  assert.ok(!tableNames(db).includes('half_done'));
  db.close();
});

test('a database written by a newer version is refused in one line', () => {
  const file = databasePath(tempDataConfig().dataDir);
  openDatabase(file).close();
  const raw = new BetterSqlite3(file);
  raw.pragma('user_version = 99');
  raw.close();
  assert.throws(
    () => openDatabase(file),
    (error: unknown) =>
      error instanceof DataUnavailableError && error.problem === 'newer-schema' && !error.message.includes('\n') && /version 99/.test(error.message),
  );
});

test('a damaged file is reported in one line naming it', () => {
  const { dataDir } = tempDataConfig();
  const file = databasePath(dataDir);
  writeFileSync(file, 'this is not a database, just text that happens to be long enough to look like a header....');
  assert.throws(
    () => openDatabase(file),
    (error: unknown) => error instanceof DataUnavailableError && error.problem === 'damaged' && error.message.includes(file) && !error.message.includes('\n'),
  );
});

test('a file locked by another process is reported as locked', () => {
  const file = databasePath(tempDataConfig().dataDir);
  // Another process holds the fresh file in rollback-journal mode with an exclusive lock.
  const holder = new BetterSqlite3(file);
  holder.exec('CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);');
  try {
    assert.throws(
      () => openDatabase(file, { busyTimeoutMs: 20 }),
      (error: unknown) => error instanceof DataUnavailableError && error.problem === 'locked' && !error.message.includes('\n'),
    );
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
});

test('commands that only read do not create a database', () => {
  const { dataDir } = tempDataConfig();
  assert.throws(
    () => openDatabase(path.join(dataDir, 'none', 'bot.sqlite'), { mustExist: true }),
    (error: unknown) => error instanceof DataUnavailableError && error.problem === 'missing' && /nothing has been recorded/.test(error.message),
  );
});
