/**
 * Schema migrations: the numbered `.sql` files of ./migrations, applied in order, each in its own
 * transaction together with `PRAGMA user_version` = its number, so a database is always exactly at
 * one version (a migration that fails leaves the previous one, whole). A new feature adds a file
 * (0002_…sql); files already released are never edited.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The repository's migrations, checked to be numbered 1, 2, 3… without gaps. */
export function loadMigrations(): Migration[] {
  const migrations = readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new Error(`migration file name ${file} is not NNNN_name.sql`);
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8') };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration ${migration.version} (${migration.name}) is out of sequence: expected ${index + 1}`);
  });
  return migrations;
}

/** A database written by a newer version of the bot: this one does not know its schema. */
export class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`its schema is version ${found}, newer than this program knows (${known})`);
    this.name = 'NewerSchemaError';
  }
}

/** Brings the database up to the last migration; returns the versions applied. */
export function migrate(db: Database, migrations: readonly Migration[] = loadMigrations()): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new NewerSchemaError(current, latest);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    // IMMEDIATE: two processes opening a fresh file at once do not both start migrating it.
    db.transaction(() => {
      // Another process may have migrated while this one waited for the lock.
      if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}
