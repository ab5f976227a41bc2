import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { VectorIndex } from '../../src/index/vectorIndex.ts';
import { startDenseSearch } from '../../src/retrieval/denseStage.ts';

const axis = (dimension: number) => Float32Array.from({ length: 4 }, (_, i) => (i === dimension ? 1 : 0));
const vectors = VectorIndex.create(4, 4);
for (let label = 0; label < 4; label++) vectors.add(label, axis(label));

function embedderOf(embedQuery: Embedder['embedQuery']): Embedder {
  return { modelId: 'fake', dimensions: 4, queryPrefix: '', passagePrefix: '', embedQuery, embedPassages: async () => [], close: async () => {} };
}

test("the dense stage returns the passages nearest the question's embedding, best first", async () => {
  const embedder = embedderOf(async () => Float32Array.from([0.1, 0, 0.9, 0.3]));
  assert.deepEqual(await startDenseSearch(embedder, vectors, 'question', 2), [2, 3]);
});

test('an embedding failure reaches the awaiting caller, and is not an unhandled rejection while the lexical stage runs', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const dense = startDenseSearch(
      embedderOf(async () => {
        throw new Error('model gone');
      }),
      vectors,
      'question',
      2,
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
    await assert.rejects(dense, /model gone/);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
