import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAnswerKey } from '../../src/data/answers.ts';
import { fullId, moreId, parseCustomId, parseSelectId, questionKey, sourcesId, voteId, whyId } from '../../src/discord/customIds.ts';
import { LIMITS } from '../../src/discord/format.ts';

test('custom ids round-trip', () => {
  const key = questionKey('من هو محافظ حمص؟', 3, 'ar');
  assert.match(key, /^[0-9a-f]{16}$/);
  assert.deepEqual(parseCustomId(moreId(3, key)), { kind: 'more', offset: 3, questionKey: key });
  assert.deepEqual(parseCustomId(fullId('ar', 'doc_1#4')!), { kind: 'full', lang: 'ar', passageId: 'doc_1#4' });
  assert.deepEqual(parseCustomId(sourcesId(2, 'en')), { kind: 'sources', page: 2, lang: 'en' });
  assert.notEqual(questionKey('q', 3, 'ar'), questionKey('q', 4, 'ar'));
  const answerKey = newAnswerKey(Date.UTC(2026, 11, 1));
  assert.deepEqual(parseCustomId(voteId(1, 'ar', answerKey)), { kind: 'vote', value: 1, lang: 'ar', answerKey });
  assert.deepEqual(parseCustomId(voteId(-1, 'en', answerKey)), { kind: 'vote', value: -1, lang: 'en', answerKey });
  assert.deepEqual(parseSelectId(whyId('ar', answerKey)), { kind: 'why', lang: 'ar', answerKey });
  assert.ok(voteId(-1, 'en', answerKey).length <= LIMITS.customId);
});

test('forged feedback ids are rejected: only a key as the recorder makes it, a known vote and language', () => {
  const answerKey = newAnswerKey(Date.UTC(2026, 11, 1));
  for (const forged of [
    `vote:up:ar:${answerKey}x`,
    `vote:up:ar:${answerKey.slice(1)}`,
    `vote:meh:ar:${answerKey}`,
    `vote:up:fr:${answerKey}`,
    `vote:up:ar:${answerKey.replace(/^./, 'A')}`,
    'vote:up:ar:../../../etc/passwd00',
    `vote:up:ar:${answerKey}:extra`,
    `why:ar:${answerKey}`,
  ]) {
    assert.equal(parseCustomId(forged), null, forged);
  }
  for (const forged of [`why:de:${answerKey}`, `why:ar:${answerKey}!`, `vote:up:ar:${answerKey}`, 'why:ar:']) assert.equal(parseSelectId(forged), null, forged);
});

test('forged or malformed custom ids are rejected', () => {
  for (const forged of [
    '',
    'more',
    'more:-1:0123456789abcdef',
    'more:51:0123456789abcdef',
    'more:1:0123456789ABCDEF',
    'more:1:0123',
    'full:fr:x',
    'full:ar:',
    'full:ar:a b',
    'sources:0:en',
    'sources:1:de',
    `full:ar:${'x'.repeat(95)}`,
    'reindex:go',
  ]) {
    assert.equal(parseCustomId(forged), null, forged);
  }
  assert.equal(fullId('ar', 'x'.repeat(100)), null, 'a passage id too long for a custom_id gets no button');
});
