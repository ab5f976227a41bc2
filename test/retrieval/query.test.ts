import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asksForNumber, DEFAULT_QUERY_OPTIONS, QueryBuilder } from '../../src/retrieval/query.ts';
import { analyzer, index } from './seedIndex.ts';

const queries = new QueryBuilder(index.lexical, analyzer, null, DEFAULT_QUERY_OPTIONS);

test('phrase terms and root terms are for Arabic questions: English queries get neither', () => {
  const built = queries.build('Who is the governor of Homs?', 'en');
  assert.deepEqual(built.phrases, []);
  assert.deepEqual(built.roots, []);
});

test('Arabic questions get root terms, at the root weight', () => {
  const built = queries.build('من هو محافظ حمص؟', 'ar');
  assert.ok(built.roots.length > 0);
  for (const term of built.roots) {
    assert.ok(term.alternatives[0]!.term.startsWith('~'));
    assert.equal(term.weight, DEFAULT_QUERY_OPTIONS.rootWeight);
  }
});

test('when/how-many questions are recognized', () => {
  assert.ok(asksForNumber('متى تأسست الدولة العثمانية؟'));
  assert.ok(asksForNumber('كم عدد سكان مصر؟'));
  assert.ok(!asksForNumber('من هو محافظ حمص؟'));
});
