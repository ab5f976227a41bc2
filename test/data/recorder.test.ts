/**
 * Recording answers off the answer's path: recordAnswer only queues and returns the key; batches are
 * written one transaction each; the user id is stored only as its keyed hash; a locked database keeps
 * the queue and says so once; a damaged one turns recording off in one line; the bot never sees an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { decodePassages, encodePassages } from '../../src/data/answers.ts';
import { databasePath } from '../../src/data/database.ts';
import { FeedbackRecorder, openRecorder } from '../../src/data/recorder.ts';
import { hashUserId, HASH_SECRET_FILE } from '../../src/data/userHash.ts';
import { answerTo, NOW, tempDataConfig, userId } from '../support/recorded.ts';
import { yieldToEventLoop } from '../../src/util/timeSlices.ts';

function readRows(dataDir: string, sql: string): any[] {
  const db = new BetterSqlite3(databasePath(dataDir), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await yieldToEventLoop();
}

test('an answer is queued, not written, and written by the timer with everything the issue lists', async () => {
  const config = tempDataConfig();
  const lines: string[] = [];
  const recorder = openRecorder(config, { log: (line) => lines.push(line), flushDelayMs: 1, now: () => NOW });
  const key = recorder.recordAnswer({
    answer: answerTo('من هو محافظ حمص؟', { docIds: ['doc-a', 'doc-b'], confident: true }),
    via: 'mention',
    userId: userId(1),
    guildId: '111111111111111111',
    channelId: '222222222222222222',
    latencyMs: 23.4,
  });
  assert.match(key!, /^[0-9a-z]{9}[A-Za-z0-9_-]{11}$/);
  assert.equal(recorder.pending, 1);
  assert.equal(readRows(config.dataDir, 'SELECT count(*) AS n FROM answers')[0].n, 0, 'recordAnswer does not write');
  await until(() => recorder.pending === 0);
  const [row] = readRows(config.dataDir, 'SELECT * FROM answers');
  assert.equal(row.answer_key, key);
  assert.equal(row.question, 'من هو محافظ حمص؟');
  assert.equal(row.lang, 'ar');
  assert.equal(row.via, 'mention');
  assert.equal(row.guild_id, '111111111111111111');
  assert.equal(row.channel_id, '222222222222222222');
  assert.equal(row.confident, 1);
  assert.equal(row.mode, 'lexical');
  assert.equal(row.latency_ms, 23);
  assert.equal(row.asked_at, NOW);
  assert.equal(row.asked_day, Math.floor(NOW / 86_400_000));
  assert.equal(row.passages, '[["doc-a#1",10],["doc-b#2",9]]', 'compact: the document id is in the passage id');
  assert.deepEqual(decodePassages(row.passages), [
    { rank: 1, passageId: 'doc-a#1', docId: 'doc-a', score: 10 },
    { rank: 2, passageId: 'doc-b#2', docId: 'doc-b', score: 9 },
  ]);
  assert.ok(row.question_terms.includes('حمص'));
  assert.equal(row.user_hash, hashUserId(Buffer.from(config.hashSecret!), userId(1)));
  assert.ok(!JSON.stringify(row).includes(userId(1)), 'the user id itself is never stored');
  assert.deepEqual(lines, []);
  recorder.close();
});

test('a full batch is written at once, in one transaction per batch', async () => {
  const config = tempDataConfig();
  const recorder = openRecorder(config, { log: () => {}, batchSize: 50, flushDelayMs: 60_000 });
  const db = (recorder as any).db as BetterSqlite3.Database;
  let transactions = 0;
  const original = db.transaction.bind(db);
  db.transaction = ((fn: any) => {
    const wrapped = original(fn);
    return Object.assign((...args: any[]) => {
      transactions++;
      return wrapped(...args);
    }, wrapped);
  }) as typeof db.transaction;
  for (let i = 0; i < 120; i++)
    recorder.recordAnswer({ answer: answerTo(`سؤال رقم ${i}`), via: 'slash', userId: userId(i), guildId: null, channelId: null, latencyMs: 1 });
  assert.equal(transactions, 0, 'nothing is written while answering');
  // 50 reached: flushed as soon as the answering code gives way, without waiting for the (one-minute) timer.
  await until(() => recorder.pending === 0);
  assert.equal(readRows(config.dataDir, 'SELECT count(*) AS n FROM answers')[0].n, 120);
  assert.equal(transactions, 3, '50 + 50 + 20');
  recorder.recordAnswer({ answer: answerTo('سؤال آخر'), via: 'slash', userId: userId(1), guildId: null, channelId: null, latencyMs: 1 });
  recorder.close();
  assert.equal(transactions, 4, 'close writes what is left');
  assert.equal(readRows(config.dataDir, 'SELECT count(*) AS n FROM answers')[0].n, 121);
});

test('without FEEDBACK_HASH_SECRET a key is generated once into DATA_DIR with mode 0600, and said so', () => {
  const config = tempDataConfig({ hashSecret: null });
  const lines: string[] = [];
  openRecorder(config, { log: (line) => lines.push(line) }).close();
  const file = path.join(config.dataDir, HASH_SECRET_FILE);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /FEEDBACK_HASH_SECRET is not set: generated a key/);
  openRecorder(config, { log: (line) => lines.push(line) }).close();
  assert.equal(lines.length, 1, 'the second start reuses it silently');
});

test('a changed hash key is reported at start, in one line', () => {
  const config = tempDataConfig();
  openRecorder(config, { log: () => {} }).close();
  const lines: string[] = [];
  openRecorder({ ...config, hashSecret: 'another secret, not the first one' }, { log: (line) => lines.push(line) }).close();
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /not the one earlier records were hashed with/);
});

test('recording off: nothing is written and no key is handed out', () => {
  const config = tempDataConfig({ recording: false });
  const recorder = openRecorder(config, { log: () => assert.fail('nothing to say') });
  assert.equal(recorder.recording, false);
  assert.equal(recorder.recordAnswer({ answer: answerTo('سؤال'), via: 'slash', userId: userId(1), guildId: null, channelId: null, latencyMs: 1 }), null);
  assert.equal(recorder.vote('x', userId(1), 1), 'not-recorded');
  recorder.close();
});

test('a damaged database file: one line, recording off, answering goes on', () => {
  const config = tempDataConfig();
  writeFileSync(databasePath(config.dataDir), Buffer.alloc(8192, 7));
  const lines: string[] = [];
  const recorder = openRecorder(config, { log: (line) => lines.push(line) });
  assert.equal(recorder.recording, false);
  for (let i = 0; i < 5; i++) {
    assert.equal(recorder.recordAnswer({ answer: answerTo('سؤال'), via: 'slash', userId: userId(1), guildId: null, channelId: null, latencyMs: 1 }), null);
  }
  recorder.flush();
  recorder.close();
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /answers are not being recorded: database .*bot\.sqlite is damaged/);
});

test('a database damaged while the bot runs: the failing batch says so in one line and recording stops', () => {
  const config = tempDataConfig();
  const lines: string[] = [];
  const recorder = new FeedbackRecorder(new BetterSqlite3(databasePath(config.dataDir)), Buffer.from('key'), {
    log: (line) => lines.push(line),
    retentionDays: 0,
  });
  // A connection whose file has no answers table stands for a file that no longer reads as ours.
  for (let i = 0; i < 3; i++)
    recorder.recordAnswer({ answer: answerTo('سؤال'), via: 'slash', userId: userId(i), guildId: null, channelId: null, latencyMs: 1 });
  for (let attempt = 0; attempt < 3; attempt++) {
    recorder.flush();
    recorder.recordAnswer({ answer: answerTo('سؤال'), via: 'slash', userId: userId(9), guildId: null, channelId: null, latencyMs: 1 });
  }
  recorder.flush();
  assert.equal(recorder.recording, false);
  assert.ok(lines.length <= 3, `at most one line per failed batch (${lines.length})`);
  assert.match(lines.at(-1)!, /answers are not being recorded any more/);
  recorder.close();
});

test('a locked database: the queue is kept, one line says so, and everything is written once the lock goes', async () => {
  const config = tempDataConfig();
  const lines: string[] = [];
  const recorder = openRecorder(config, { log: (line) => lines.push(line) });
  const other = new BetterSqlite3(databasePath(config.dataDir));
  other.exec('BEGIN IMMEDIATE');
  for (let i = 0; i < 30; i++)
    recorder.recordAnswer({ answer: answerTo(`سؤال ${i}`), via: 'slash', userId: userId(i), guildId: null, channelId: null, latencyMs: 1 });
  recorder.flush();
  recorder.flush();
  assert.equal(recorder.pending, 30, 'kept while locked');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /waiting to be recorded: database .* is locked/);
  other.exec('COMMIT');
  other.close();
  recorder.flush();
  assert.equal(recorder.pending, 0);
  assert.equal(readRows(config.dataDir, 'SELECT count(*) AS n FROM answers')[0].n, 30);
  assert.match(lines[1]!, /writable again/);
  recorder.close();
});

test('closing with the database still locked says in one line how many answers were not recorded', () => {
  const config = tempDataConfig();
  const lines: string[] = [];
  const recorder = openRecorder(config, { log: (line) => lines.push(line) });
  const other = new BetterSqlite3(databasePath(config.dataDir));
  other.exec('BEGIN IMMEDIATE');
  for (let i = 0; i < 3; i++)
    recorder.recordAnswer({ answer: answerTo(`سؤال ${i}`), via: 'slash', userId: userId(i), guildId: null, channelId: null, latencyMs: 1 });
  recorder.close();
  other.exec('ROLLBACK');
  other.close();
  assert.equal(lines.at(-1), '3 answers could not be recorded before closing: the database stayed locked');
  assert.equal(recorder.recording, false);
});

test('the queue is bounded: past it answers are not recorded (said once) and the bot is not slowed', () => {
  const config = tempDataConfig();
  const lines: string[] = [];
  const recorder = openRecorder(config, { log: (line) => lines.push(line), maxQueued: 10, batchSize: 1000, flushDelayMs: 60_000 });
  const other = new BetterSqlite3(databasePath(config.dataDir));
  other.exec('BEGIN IMMEDIATE');
  const keys = Array.from({ length: 25 }, (_, i) =>
    recorder.recordAnswer({ answer: answerTo(`سؤال ${i}`), via: 'slash', userId: userId(i), guildId: null, channelId: null, latencyMs: 1 }),
  );
  assert.equal(keys.filter(Boolean).length, 10);
  assert.equal(lines.filter((line) => /not being recorded for now/.test(line)).length, 1);
  other.exec('COMMIT');
  other.close();
  recorder.close();
  assert.equal(readRows(config.dataDir, 'SELECT count(*) AS n FROM answers')[0].n, 10);
});

test('passages are stored compactly and read back whole, whatever their ids look like', () => {
  const shown = [
    { rank: 2, passageId: 'doc#7', docId: 'doc', score: 1.234567 },
    { rank: 1, passageId: 'from-elsewhere', docId: 'another-doc', score: 9 },
  ];
  const stored = encodePassages(shown);
  assert.equal(stored, '[["from-elsewhere",9,"another-doc"],["doc#7",1.2346]]');
  assert.deepEqual(decodePassages(stored), [
    { rank: 1, passageId: 'from-elsewhere', docId: 'another-doc', score: 9 },
    { rank: 2, passageId: 'doc#7', docId: 'doc', score: 1.2346 },
  ]);
});
