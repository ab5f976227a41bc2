import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Retriever } from '../../src/retrieval/retriever.ts';
import { analyzer, index } from './seedIndex.ts';

test('feature re-ranker: features lie in [0, 1], the first candidate has score 1, and zero weights keep the first-stage order', async () => {
  const question = 'من هو محافظ حمص؟';
  const collected = await new Retriever(index, analyzer, null, null, { collectFeatures: true }).retrieve(question, 'ar', 'lexical', 5);
  assert.ok(collected.features && collected.features.length > 0);
  assert.equal(collected.features[0]!.features[0], 1);
  for (const entry of collected.features) for (const value of entry.features) assert.ok(value >= 0 && value <= 1, `feature ${value}`);
  const plain = await new Retriever(index, analyzer, null, null, {
    featureWeights: { score: 1, coverage: 0, rootCoverage: 0, window: 0, titleCoverage: 0, number: 0 },
  }).retrieve(question, 'ar', 'lexical', 5);
  assert.deepEqual(
    plain.hits.map((hit) => hit.passage),
    collected.features.slice(0, plain.hits.length).map((entry) => entry.passage),
  );
});
