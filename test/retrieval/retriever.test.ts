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
  // Without the adjacency bonus, word stems alone rank the governorate passage first.
  const wordsOnly = await ask('من هو محافظ حمص؟', { adjacencyWeight: 0 });
  assert.doesNotMatch(wordsOnly.results[0]!.quote, /محافظ حمص طلال/);
});

test('a misspelled question word (قاءدها for قائدها) still finds its passage through its spelling neighbours', async () => {
  const question = 'ما مصير قاءدها ومساعده؟';
  assert.match((await ask(question)).results[0]!.quote, /قائدها ومساعده قتلا/);
  // Without them, the question's only other words point elsewhere.
  assert.doesNotMatch((await ask(question, { fuzzyWeight: 0 })).results[0]!.quote, /قائدها ومساعده قتلا/);
});

test('feature re-ranker: features lie in [0, 1], the first candidate has score 1, and zero weights keep the first-stage order', async () => {
  const question = 'من هو محافظ حمص؟';
  const collected = await new Retriever(index, analyzer, null, null, { collectFeatures: true }).retrieve(question, 'ar', 'lexical', 5);
  assert.ok(collected.features && collected.features.length > 0);
  assert.equal(collected.features[0]!.features[0], 1);
  for (const entry of collected.features) for (const value of entry.features) assert.ok(value >= 0 && value <= 1, `feature ${value}`);
  const plain = await new Retriever(index, analyzer, null, null, {
    featureWeights: { score: 1, coverage: 0, rootCoverage: 0, window: 0, titleCoverage: 0, number: 0 },
  }).retrieve(question, 'ar', 'lexical', 5);
  assert.deepEqual(plain.hits.map((hit) => hit.passage), collected.features.slice(0, plain.hits.length).map((entry) => entry.passage));
});
