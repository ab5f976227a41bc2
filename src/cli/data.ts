/**
 * `npm run -s data -- forget USER_ID | export-eval --out FILE [--since D] [--until D] | prune`:
 * maintenance of the bot's database (DATA_DIR): delete a user's records on request, write the
 * users' ratings as an eval set, apply the retention period now.
 */
import { writeFile } from 'node:fs/promises';
import type { Database } from 'better-sqlite3';
import { loadDataConfig, type DataConfig } from '../config.ts';
import { conversationCutoff, pruneConversations } from '../data/conversations.ts';
import { databasePath, openDatabase } from '../data/database.ts';
import { exportEvalSet, toJsonLines } from '../data/exportEval.ts';
import { forgetUser, pruneExpired } from '../data/privacy.ts';
import { checkKeyFingerprint, hashUserId, loadHashKey } from '../data/userHash.ts';
import { DAY_MS, parseDay } from '../stats/period.ts';
import { parseFlags, runCli, UsageError } from './run.ts';

const USAGE =
  'Usage: npm run -s data -- forget USER_ID                 delete everything recorded about a Discord user\n' +
  '       npm run -s data -- export-eval --out FILE [--since YYYY-MM-DD] [--until YYYY-MM-DD]\n' +
  '                                                        rated questions as an eval set (JSONL)\n' +
  '       npm run -s data -- prune                         delete answers older than FEEDBACK_RETENTION_DAYS, and idle conversations, now';

const say = (line: string) => process.stdout.write(`${line}\n`);
const warn = (line: string) => process.stderr.write(`${line}\n`);

function withDatabase<T>(config: DataConfig, use: (db: Database) => T): T {
  const db = openDatabase(databasePath(config.dataDir), { mustExist: true, busyTimeoutMs: 5000 });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function forget(config: DataConfig, args: string[]): number {
  const [userId, ...rest] = args;
  if (!userId || rest.length || !/^\d{15,22}$/.test(userId)) throw new UsageError(`forget takes one Discord user id (a long number)\n${USAGE}`);
  const key = loadHashKey(config, { create: false, log: warn });
  if (!key) throw new UsageError('no key for hashing user ids (FEEDBACK_HASH_SECRET, or DATA_DIR/hash-secret): without it no record can be matched to a user');
  const forgotten = withDatabase(config, (db) => {
    const warning = checkKeyFingerprint(db, key);
    if (warning) warn(`Warning: ${warning}`);
    return forgetUser(db, hashUserId(key, userId));
  });
  say(
    `Deleted ${forgotten.answers} answers and ${forgotten.votes} votes recorded for user ${userId}, and ${forgotten.conversationQuestions} of their questions kept in conversations.`,
  );
  return 0;
}

async function exportEval(config: DataConfig, args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    { args, options: { out: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' } }, allowPositionals: true },
    USAGE,
  );
  if (!values.out || positionals.length) throw new UsageError(`export-eval needs --out FILE\n${USAGE}`);
  const since = values.since ? parseDay('--since', values.since) : 0;
  const until = values.until ? parseDay('--until', values.until) + DAY_MS : Number.MAX_SAFE_INTEGER;
  const lines = withDatabase(config, (db) => exportEvalSet(db, { since, until }));
  await writeFile(values.out, toJsonLines(lines));
  const abstain = lines.filter((line) => !line.gold.length).length;
  say(
    `Wrote ${lines.length} questions to ${values.out}: ${lines.length - abstain} answered (rated 👍), ${abstain} expected to abstain ("no answer in these articles").`,
  );
  return 0;
}

async function prune(config: DataConfig): Promise<number> {
  const db = openDatabase(databasePath(config.dataDir), { mustExist: true, busyTimeoutMs: 5000 });
  try {
    const now = Date.now();
    if (config.retentionDays) {
      const deleted = await pruneExpired(db, config.retentionDays, now);
      say(`Deleted ${deleted} answers older than ${config.retentionDays} days (FEEDBACK_RETENTION_DAYS), with their votes.`);
    } else say('FEEDBACK_RETENTION_DAYS is 0: answers are kept.');
    const conversations = pruneConversations(db, conversationCutoff(config.retentionDays, now));
    say(`Deleted ${conversations} conversations idle since ${new Date(conversationCutoff(config.retentionDays, now)).toISOString().slice(0, 10)}.`);
  } finally {
    db.close();
  }
  return 0;
}

await runCli(async () => {
  const [command, ...args] = process.argv.slice(2);
  const config = loadDataConfig();
  switch (command) {
    case 'forget':
      return forget(config, args);
    case 'export-eval':
      return await exportEval(config, args);
    case 'prune':
      return await prune(config);
    default:
      throw new UsageError(USAGE);
  }
});
