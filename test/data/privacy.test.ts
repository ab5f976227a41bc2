/** Forgetting a user (their answers, their votes, the votes on their answers) and the retention period. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type BetterSqlite3 from 'better-sqlite3';
import { databasePath, openDatabase } from '../../src/data/database.ts';
import { forgetUser, pruneExpired } from '../../src/data/privacy.ts';
import { openRecorder } from '../../src/data/recorder.ts';
import { hashUserId } from '../../src/data/userHash.ts';
import { answerTo, DAY, NOW, tempDataConfig, userId } from '../support/recorded.ts';
import { repoRoot } from '../support/fixtures.ts';

function count(db: BetterSqlite3.Database, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

function twoUsers() {
  const config = tempDataConfig();
  const recorder = openRecorder(config, { log: () => {}, now: () => NOW });
  const ask = (user: number, question: string) =>
    recorder.recordAnswer({ answer: answerTo(question), via: 'slash', userId: userId(user), guildId: null, channelId: null, latencyMs: 1 })!;
  const first = [ask(1, 'سؤال المستخدم الأول'), ask(1, 'سؤال آخر للمستخدم الأول')];
  const second = ask(2, 'سؤال المستخدم الثاني');
  recorder.vote(first[0]!, userId(2), 1); // the other user's vote on user 1's answer
  recorder.vote(second, userId(1), -1, 'outdated'); // user 1's vote on the other's answer
  recorder.vote(second, userId(2), 1);
  recorder.close();
  return { config, hash: (n: number) => hashUserId(Buffer.from(config.hashSecret!), userId(n)) };
}

test("forget deletes the user's answers, their votes, and the votes on their answers, and nothing else", () => {
  const { config, hash } = twoUsers();
  const db = openDatabase(databasePath(config.dataDir));
  assert.deepEqual(forgetUser(db, hash(1)), { answers: 2, votes: 2, conversationQuestions: 0 });
  assert.equal(count(db, 'SELECT count(*) AS n FROM answers WHERE user_hash = ?', hash(1)), 0);
  assert.equal(count(db, 'SELECT count(*) AS n FROM votes WHERE user_hash = ?', hash(1)), 0);
  assert.equal(count(db, 'SELECT count(*) AS n FROM answers'), 1);
  assert.equal(count(db, 'SELECT count(*) AS n FROM votes'), 1, "the other user's vote on their own answer stays");
  assert.deepEqual(forgetUser(db, hash(1)), { answers: 0, votes: 0, conversationQuestions: 0 });
  db.close();
});

test('npm run data -- forget USER_ID, through the CLI', () => {
  const { config } = twoUsers();
  const env = { ...process.env, DATA_DIR: config.dataDir, FEEDBACK_HASH_SECRET: config.hashSecret!, LOG_LEVEL: 'silent' };
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/data.ts', ...args], { cwd: repoRoot, env, encoding: 'utf8' });
  const forgotten = run('forget', userId(1));
  assert.equal(forgotten.status, 0, forgotten.stderr);
  assert.match(forgotten.stdout, new RegExp(`Deleted 2 answers and 2 votes recorded for user ${userId(1)}`));
  const notAnId = run('forget', 'someone');
  assert.equal(notAnId.status, 2);
  assert.match(notAnId.stderr, /one Discord user id/);
  const wrongKey = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/data.ts', 'forget', userId(2)], {
    cwd: repoRoot,
    env: { ...env, FEEDBACK_HASH_SECRET: 'a different secret, restored wrongly' },
    encoding: 'utf8',
  });
  assert.equal(wrongKey.status, 0);
  assert.match(wrongKey.stderr, /Warning: .*not the one earlier records were hashed with/);
  assert.match(wrongKey.stdout, /Deleted 0 answers/);
});

test('retention deletes answers older than the period with their votes, in chunks; 0 keeps everything', async () => {
  const config = tempDataConfig();
  const recorder = openRecorder(config, { log: () => {}, batchSize: 1000 });
  const keys: string[] = [];
  for (let i = 0; i < 4500; i++) {
    const askedAt = i < 4300 ? NOW - 40 * DAY - i : NOW - 10 * DAY;
    keys.push(
      recorder.recordAnswer({ answer: answerTo(`سؤال ${i}`), via: 'slash', userId: userId(i % 9), guildId: null, channelId: null, latencyMs: 1, askedAt })!,
    );
  }
  recorder.vote(keys[0]!, userId(1), 1);
  recorder.vote(keys[4400]!, userId(1), 1);
  recorder.close();
  const db = openDatabase(databasePath(config.dataDir));
  assert.equal(await pruneExpired(db, 0, NOW), 0);
  assert.equal(count(db, 'SELECT count(*) AS n FROM answers'), 4500);
  assert.equal(await pruneExpired(db, 30, NOW), 4300);
  assert.equal(count(db, 'SELECT count(*) AS n FROM answers'), 200);
  assert.equal(count(db, 'SELECT count(*) AS n FROM votes'), 1, 'the old answer took its vote with it');
  db.close();
});

test('the bot applies retention when it starts', async () => {
  const config = tempDataConfig({ retentionDays: 30 });
  const recorder = openRecorder(config, { log: () => {}, now: () => NOW });
  recorder.recordAnswer({
    answer: answerTo('سؤال قديم'),
    via: 'slash',
    userId: userId(1),
    guildId: null,
    channelId: null,
    latencyMs: 1,
    askedAt: NOW - 31 * DAY,
  });
  recorder.close();
  const lines: string[] = [];
  const restarted = openRecorder(config, { log: (line) => lines.push(line), now: () => NOW });
  while (!lines.length) await new Promise((resolve) => setImmediate(resolve));
  assert.match(lines[0]!, /retention: deleted 1 answers older than 30 days/);
  restarted.close();
});
