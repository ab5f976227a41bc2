import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { loadCorpusDir } from '../../src/corpus/loadCorpus.ts';
import { buildIndex } from '../../src/index/build.ts';
import { asksForNumber, DEFAULT_QUERY_OPTIONS, QueryBuilder } from '../../src/retrieval/query.ts';

const analyzer = createAnalyzer();
const corpus = await loadCorpusDir(new URL('../../corpus', import.meta.url).pathname);
const { index } = await buildIndex({ indexDir: '', documents: corpus.documents, analyzer, embedder: null, inMemory: true });
const queries = new QueryBuilder(index.lexical, analyzer, null, DEFAULT_QUERY_OPTIONS);

test('a misspelled question word (قاءدها for قائدها) gets its spelling neighbours as alternatives of the same term', () => {
  const misspelled = queries.build('ما مصير قاءدها ومساعده؟', 'ar').words.find((term) => term.alternatives[0]!.term === 'قاءد');
  assert.ok(misspelled?.alternatives.some((alternative) => alternative.term === 'قائد'));
});

test('spelling neighbours are only for words the index lacks', () => {
  for (const term of queries.build('من هو محافظ حمص؟', 'ar').words) assert.equal(term.alternatives.length, 1);
});

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
