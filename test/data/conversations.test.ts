/**
 * Migration 0002 as used: a server's settings with every change logged by who made it; conversations
 * that keep their last questions and the passages shown, found again from an answer's message; forum
 * posts taken on once; idle conversations pruned; a user's questions forgotten.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type BetterSqlite3 from 'better-sqlite3';
import {
  appendTurn,
  claimForumPost,
  conversationCutoff,
  conversationOfMessage,
  conversationTurns,
  MAX_TURNS,
  pruneConversations,
  type NewTurn,
} from '../../src/data/conversations.ts';
import { databasePath, openDatabase } from '../../src/data/database.ts';
import { readGuildChoices, writeGuildChoices } from '../../src/data/guildSettings.ts';
import { forgetUser } from '../../src/data/privacy.ts';
import { NOW, tempDataConfig } from '../support/recorded.ts';

function freshDatabase(): BetterSqlite3.Database {
  return openDatabase(databasePath(tempDataConfig().dataDir));
}

const GUILD = '1100000000000000001';

test('server settings: unset means the default; a write stores the choices and logs each change by who made it', () => {
  const db = freshDatabase();
  const none = readGuildChoices(db, GUILD);
  assert.deepEqual(Object.values(none), [null, null, null, null, null, null]);
  const changes = writeGuildChoices(
    db,
    GUILD,
    { ...none, replyMode: 'thread', forumChannelIds: ['1200000000000000009'], answersPrivate: false },
    'hash-a',
    NOW,
  );
  assert.deepEqual(changes, [
    { setting: 'replyMode', from: null, to: '"thread"' },
    { setting: 'forumChannelIds', from: null, to: '["1200000000000000009"]' },
    { setting: 'answersPrivate', from: null, to: 'false' },
  ]);
  assert.deepEqual(readGuildChoices(db, GUILD), { ...none, replyMode: 'thread', forumChannelIds: ['1200000000000000009'], answersPrivate: false });
  assert.deepEqual(readGuildChoices(db, '1100000000004194305'), none, 'another server is untouched');
  assert.deepEqual(writeGuildChoices(db, GUILD, readGuildChoices(db, GUILD), 'hash-b', NOW + 1), [], 'the same choices again change nothing');
  writeGuildChoices(db, GUILD, { ...readGuildChoices(db, GUILD), replyMode: null }, 'hash-b', NOW + 2);
  const log = db.prepare('SELECT user_hash, setting, old_value, new_value, changed_at FROM settings_changes ORDER BY id').all();
  assert.deepEqual(log, [
    { user_hash: 'hash-a', setting: 'replyMode', old_value: null, new_value: '"thread"', changed_at: NOW },
    { user_hash: 'hash-a', setting: 'forumChannelIds', old_value: null, new_value: '["1200000000000000009"]', changed_at: NOW },
    { user_hash: 'hash-a', setting: 'answersPrivate', old_value: null, new_value: 'false', changed_at: NOW },
    { user_hash: 'hash-b', setting: 'replyMode', old_value: '"thread"', new_value: null, changed_at: NOW + 2 },
  ]);
  db.close();
});

function turn(overrides: Partial<NewTurn> = {}): NewTurn {
  return {
    conversationId: 'thread-1',
    guildId: GUILD,
    channelId: 'thread-1',
    userHash: 'hash-a',
    question: 'من هو محافظ حمص؟',
    lang: 'ar',
    shown: ['doc#1', 'doc#2'],
    askedAt: NOW,
    answerMessageIds: ['answer-1'],
    ...overrides,
  };
}

test('a conversation keeps its last questions with the passages shown, and an answer message leads back to it', () => {
  const db = freshDatabase();
  appendTurn(db, turn());
  appendTurn(db, turn({ question: 'ومتى؟', shown: ['doc#3'], askedAt: NOW + 1, answerMessageIds: ['answer-2', 'answer-2b'] }));
  assert.deepEqual(conversationTurns(db, 'thread-1'), [
    { question: 'من هو محافظ حمص؟', lang: 'ar', shown: ['doc#1', 'doc#2'], askedAt: NOW },
    { question: 'ومتى؟', lang: 'ar', shown: ['doc#3'], askedAt: NOW + 1 },
  ]);
  assert.equal(conversationOfMessage(db, 'answer-2b'), 'thread-1');
  assert.equal(conversationOfMessage(db, 'someone-else'), null);
  assert.deepEqual(conversationTurns(db, 'unknown'), []);
  for (let i = 0; i < MAX_TURNS + 3; i++) appendTurn(db, turn({ question: `سؤال ${i}`, askedAt: NOW + 10 + i, answerMessageIds: [] }));
  const kept = conversationTurns(db, 'thread-1');
  assert.equal(kept.length, MAX_TURNS, 'bounded');
  assert.equal(kept.at(-1)!.question, `سؤال ${MAX_TURNS + 2}`);
  db.close();
});

test('a forum post is taken on once, whatever repeats it', () => {
  const db = freshDatabase();
  assert.equal(claimForumPost(db, 'post-1', GUILD, NOW), true);
  assert.equal(claimForumPost(db, 'post-1', GUILD, NOW + 5), false);
  assert.equal(claimForumPost(db, 'post-2', GUILD, NOW), true);
  db.close();
});

test('idle conversations are pruned with their questions and messages; active ones stay', () => {
  const db = freshDatabase();
  appendTurn(db, turn({ conversationId: 'old', askedAt: NOW - 40 * 86_400_000, answerMessageIds: ['old-answer'] }));
  appendTurn(db, turn({ conversationId: 'recent', askedAt: NOW - 86_400_000 }));
  claimForumPost(db, 'old-post', GUILD, NOW - 40 * 86_400_000);
  assert.equal(conversationCutoff(0, NOW), NOW - 30 * 86_400_000, '30 days when answers are kept forever');
  assert.equal(conversationCutoff(180, NOW), NOW - 30 * 86_400_000);
  assert.equal(conversationCutoff(7, NOW), NOW - 7 * 86_400_000, 'never longer than FEEDBACK_RETENTION_DAYS');
  assert.equal(pruneConversations(db, conversationCutoff(0, NOW)), 1);
  assert.deepEqual(conversationTurns(db, 'old'), []);
  assert.equal(conversationOfMessage(db, 'old-answer'), null);
  assert.equal(conversationTurns(db, 'recent').length, 1);
  assert.equal(claimForumPost(db, 'old-post', GUILD, NOW), true, 'an old claim is gone too');
  db.close();
});

test("forget removes the user's questions from conversations (and conversations left empty), and who changed settings", () => {
  const db = freshDatabase();
  appendTurn(db, turn({ conversationId: 'mine', userHash: 'hash-a' }));
  appendTurn(db, turn({ conversationId: 'shared', userHash: 'hash-a', answerMessageIds: ['s1'] }));
  appendTurn(db, turn({ conversationId: 'shared', userHash: 'hash-b', question: 'ومتى؟', answerMessageIds: ['s2'] }));
  writeGuildChoices(db, GUILD, { ...readGuildChoices(db, GUILD), language: 'ar' }, 'hash-a', NOW);
  assert.deepEqual(forgetUser(db, 'hash-a'), { answers: 0, votes: 0, conversationQuestions: 2 });
  assert.deepEqual(conversationTurns(db, 'mine'), []);
  assert.deepEqual(
    conversationTurns(db, 'shared').map((t) => t.question),
    ['ومتى؟'],
  );
  assert.equal(db.prepare("SELECT count(*) FROM settings_changes WHERE user_hash = 'hash-a'").pluck().get(), 0);
  assert.equal(readGuildChoices(db, GUILD).language, 'ar', 'the setting itself stays');
  db.close();
});
