import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MISSING_DICTIONARY_NOTICE } from '../../src/crosslingual/dictionary.ts';
import { Retriever } from '../../src/retrieval/retriever.ts';
import { analyzer, index } from './seedIndex.ts';

const retriever = new Retriever(index, analyzer, null, null);

test('without a model, hybrid and dense questions are answered lexically, and say so', async () => {
  const lexical = await retriever.retrieve('من هو محافظ حمص؟', 'ar', 'lexical', 3);
  for (const mode of ['hybrid', 'dense'] as const) {
    const retrieval = await retriever.retrieve('من هو محافظ حمص؟', 'ar', mode, 3);
    assert.equal(retrieval.mode, 'lexical');
    assert.deepEqual(retrieval.hits, lexical.hits);
  }
  assert.equal(retriever.canUseDense, false);
});

test('at most `limit` hits, best first, with the query they were measured against', async () => {
  const retrieval = await retriever.retrieve('من هو محافظ حمص؟', 'ar', 'lexical', 2);
  assert.equal(retrieval.hits.length, 2);
  assert.ok(retrieval.hits[0]!.score >= retrieval.hits[1]!.score);
  assert.ok(retrieval.query.words.length > 0 && retrieval.query.words.every((entry) => entry.idf > 0));
});

test('an English question without a dictionary is matched word for word, with the one missing-dictionary notice', async () => {
  const retrieval = await retriever.retrieve('Who is the governor of Homs?', 'en', 'lexical', 3);
  assert.deepEqual(retrieval.notices, [MISSING_DICTIONARY_NOTICE]);
  assert.deepEqual(retrieval.query.phrases, []);
  assert.deepEqual(retrieval.query.roots, []);
});
