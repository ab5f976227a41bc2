import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fullId, moreId, parseCustomId, questionKey, sourcesId } from '../../src/discord/customIds.ts';

test('custom ids round-trip', () => {
  const key = questionKey('من هو محافظ حمص؟', 3, 'ar');
  assert.match(key, /^[0-9a-f]{16}$/);
  assert.deepEqual(parseCustomId(moreId(3, key)), { kind: 'more', offset: 3, questionKey: key });
  assert.deepEqual(parseCustomId(fullId('ar', 'doc_1#4')!), { kind: 'full', lang: 'ar', passageId: 'doc_1#4' });
  assert.deepEqual(parseCustomId(sourcesId(2, 'en')), { kind: 'sources', page: 2, lang: 'en' });
  assert.notEqual(questionKey('q', 3, 'ar'), questionKey('q', 4, 'ar'));
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
