import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { loadCorpusDir } from '../../src/corpus/loadCorpus.ts';
import { buildIndex } from '../../src/index/build.ts';
import { Retriever } from '../../src/retrieval/retriever.ts';
import { composeAnswer } from '../../src/answer/compose.ts';

const analyzer = createAnalyzer();
const corpus = await loadCorpusDir(new URL('../../corpus', import.meta.url).pathname);
const { index } = await buildIndex({ indexDir: '', documents: corpus.documents, analyzer, embedder: null, inMemory: true });
const documentsById = new Map(index.documents.map((document) => [document.docId, document]));

async function ask(question: string, options = {}) {
  const retrieval = await new Retriever(index, analyzer, null, null, options).retrieve(question, 'ar', 'lexical', 3);
  return composeAnswer({ question, lang: 'ar', retrieval, passages: index.passages, documentsById, analyzer });
}

test('Homs-governor bug: «من هو محافظ حمص؟» quotes «محافظ حمص طلال البرازي», not a passage full of «محافظة حمص»', async () => {
  const answer = await ask('من هو محافظ حمص؟');
  assert.match(answer.results[0]!.quote, /محافظ حمص طلال البرازي/);
  assert.match(answer.results[0]!.sentence, /محافظ حمص طلال البرازي/);
  // Without the query-time phrase evidence, word stems alone rank the governorate passage first.
  const wordsOnly = await ask('من هو محافظ حمص؟', { rerankWeight: 0 });
  assert.doesNotMatch(wordsOnly.results[0]!.quote, /محافظ حمص طلال/);
});

test('phrase evidence and root stems are for Arabic questions: English queries get neither', () => {
  const retriever = new Retriever(index, analyzer, null, null);
  const built = retriever.buildQuery('Who is the governor of Homs?', 'en');
  assert.deepEqual(built.phrases, []);
});
