/** Votes: one per user per answer, a second one replaces it; a reason only with a 👎, from the fixed list. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { databasePath } from '../../src/data/database.ts';
import { openRecorder } from '../../src/data/recorder.ts';
import { hashUserId } from '../../src/data/userHash.ts';
import { castVote, isVoteReason, VOTE_REASON_LABELS, VOTE_REASONS } from '../../src/data/votes.ts';
import { answerTo, NOW, tempDataConfig, userId } from '../support/recorded.ts';

function votesOf(dataDir: string): any[] {
  const db = new BetterSqlite3(databasePath(dataDir), { readonly: true });
  try {
    return db
      .prepare('SELECT a.answer_key, v.user_hash, v.value, v.reason, v.voted_at FROM votes v JOIN answers a ON a.id = v.answer_id ORDER BY v.user_hash')
      .all();
  } finally {
    db.close();
  }
}

test('a vote, the same vote again, a changed vote, and a reason added to a 👎', () => {
  const config = tempDataConfig();
  let clock = NOW;
  const recorder = openRecorder(config, { log: () => {}, now: () => clock });
  const key = recorder.recordAnswer({ answer: answerTo('ما عاصمة قطر؟'), via: 'slash', userId: userId(1), guildId: null, channelId: null, latencyMs: 1 })!;
  // The answer is still queued: voting writes it first.
  assert.equal(recorder.vote(key, userId(2), 1), 'recorded');
  assert.equal(recorder.vote(key, userId(2), 1), 'unchanged');
  clock += 1000;
  assert.equal(recorder.vote(key, userId(2), -1), 'changed');
  assert.equal(recorder.vote(key, userId(2), -1, 'no-answer'), 'changed');
  assert.equal(recorder.vote(key, userId(3), -1, 'outdated'), 'recorded');
  const hash = (n: number) => hashUserId(Buffer.from(config.hashSecret!), userId(n));
  const expected = [
    { answer_key: key, user_hash: hash(2), value: -1, reason: 'no-answer', voted_at: NOW + 1000 },
    { answer_key: key, user_hash: hash(3), value: -1, reason: 'outdated', voted_at: NOW + 1000 },
  ].sort((a, b) => (a.user_hash < b.user_hash ? -1 : 1));
  assert.deepEqual(votesOf(config.dataDir), expected);
  // Back to 👍: the reason goes.
  assert.equal(recorder.vote(key, userId(2), 1, 'no-answer'), 'changed');
  assert.equal(votesOf(config.dataDir).find((vote) => vote.user_hash === hash(2)).reason, null);
  recorder.close();
});

test('pressing 👎 again keeps the reason picked after the first 👎; a reason given replaces it', () => {
  const config = tempDataConfig();
  const recorder = openRecorder(config, { log: () => {}, now: () => NOW });
  const key = recorder.recordAnswer({ answer: answerTo('ما عاصمة قطر؟'), via: 'slash', userId: userId(1), guildId: null, channelId: null, latencyMs: 1 })!;
  assert.equal(recorder.vote(key, userId(2), -1), 'recorded');
  assert.equal(recorder.vote(key, userId(2), -1, 'wrong-passage'), 'changed');
  assert.equal(recorder.vote(key, userId(2), -1), 'unchanged');
  assert.equal(votesOf(config.dataDir)[0].reason, 'wrong-passage');
  assert.equal(recorder.vote(key, userId(2), -1, null), 'changed', 'null clears it');
  assert.equal(votesOf(config.dataDir)[0].reason, null);
  recorder.close();
});

test('a vote on an answer that is not recorded (expired, forgotten) says so', () => {
  const recorder = openRecorder(tempDataConfig(), { log: () => {} });
  assert.equal(recorder.vote('0000000000nosuchkey', userId(1), 1), 'unknown-answer');
  recorder.close();
});

test('reasons are the fixed list, and the database refuses any other', () => {
  assert.deepEqual([...VOTE_REASONS], ['wrong-passage', 'no-answer', 'outdated', 'other']);
  for (const reason of VOTE_REASONS) assert.ok(VOTE_REASON_LABELS[reason].en && VOTE_REASON_LABELS[reason].ar);
  assert.equal(isVoteReason('spam'), false);
  const config = tempDataConfig();
  const recorder = openRecorder(config, { log: () => {} });
  const key = recorder.recordAnswer({ answer: answerTo('سؤال'), via: 'slash', userId: userId(1), guildId: null, channelId: null, latencyMs: 1 })!;
  recorder.close();
  const db = new BetterSqlite3(databasePath(config.dataDir));
  assert.throws(() => castVote(db, { answerKey: key, userHash: 'u', value: -1, reason: 'spam' as never, votedAt: NOW }), RangeError);
  assert.throws(() => castVote(db, { answerKey: key, userHash: 'u', value: 2 as never, votedAt: NOW }), RangeError);
  assert.throws(() => db.prepare("INSERT INTO votes VALUES ((SELECT id FROM answers), 'u', 0, 'ar', 1, 'outdated', 0)").run(), /CHECK constraint/);
  db.close();
});
