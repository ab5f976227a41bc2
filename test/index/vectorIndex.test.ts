import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VectorIndex } from '../../src/index/vectorIndex.ts';

/** Deterministic pseudo-random unit vectors (mulberry32). */
function randomVectors(count: number, dimensions: number, seed = 1): Float32Array[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => unit(Float32Array.from({ length: dimensions }, next)));
}

function unit(vector: Float32Array): Float32Array {
  const length = Math.hypot(...vector);
  return vector.map((value) => value / length);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (Math.hypot(...a) * Math.hypot(...b));
}

async function withTempDir<T>(run: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), 'vector-index-'));
  try {
    return await run(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

test('finds the nearest neighbours of constructed vectors, best first, with cosine scores', () => {
  const index = VectorIndex.create(3, 10);
  index.add(10, Float32Array.from([1, 0, 0]));
  index.add(11, Float32Array.from([0, 1, 0]));
  index.add(12, Float32Array.from([1, 1, 0])); // 45° from both axes
  index.add(13, Float32Array.from([-1, 0, 0]));
  // Scale must not matter in cosine space.
  const hits = index.search(Float32Array.from([5, 0, 0]), 4);
  assert.deepEqual(
    hits.map((hit) => hit.label),
    [10, 12, 11, 13],
  );
  const scores = hits.map((hit) => hit.score);
  for (const [actual, expected] of scores.map((score, i) => [score, [1, Math.SQRT1_2, 0, -1][i]!])) {
    assert.ok(Math.abs(actual! - expected!) < 1e-6, `score ${actual} ≠ ${expected}`);
  }
});

test('scores equal the cosine similarity of the stored vectors', () => {
  const vectors = randomVectors(50, 16, 7);
  const index = VectorIndex.create(16, 50);
  index.addMany(vectors, 100);
  const query = randomVectors(1, 16, 99)[0]!;
  const hits = index.search(query, 10);
  assert.equal(hits.length, 10);
  for (const hit of hits) assert.ok(Math.abs(hit.score - cosine(query, vectors[hit.label - 100]!)) < 1e-5);
  for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.score >= hits[i]!.score);
  // Exhaustive check: on 50 vectors HNSW must find the true best match.
  const best = vectors.map((vector, i) => [cosine(query, vector), i + 100] as const).sort((a, b) => b[0] - a[0])[0]!;
  assert.equal(hits[0]!.label, best[1]);
});

test('an empty index answers [] and k is capped at the size', () => {
  const index = VectorIndex.create(4, 8);
  assert.deepEqual(index.search(Float32Array.from([1, 0, 0, 0]), 5), []);
  index.add(0, Float32Array.from([1, 0, 0, 0]));
  index.add(1, Float32Array.from([0, 1, 0, 0]));
  assert.equal(index.search(Float32Array.from([1, 0, 0, 0]), 10).length, 2);
  assert.deepEqual(index.search(Float32Array.from([1, 0, 0, 0]), 0), []);
});

test('grows past its initial capacity', () => {
  const vectors = randomVectors(300, 8, 3);
  const index = VectorIndex.create(8, 2);
  for (const [i, vector] of vectors.slice(0, 100).entries()) index.add(i, vector);
  index.addMany(vectors.slice(100), 100);
  assert.equal(index.size, 300);
  for (const label of [0, 57, 150, 299]) assert.equal(index.search(vectors[label]!, 1)[0]!.label, label);
});

test('re-adding a label replaces its vector instead of adding a second one', () => {
  const index = VectorIndex.create(2, 4);
  index.add(1, Float32Array.from([1, 0]));
  index.add(2, Float32Array.from([0, 1]));
  index.add(1, Float32Array.from([-1, 0]));
  assert.equal(index.size, 2);
  assert.equal(index.search(Float32Array.from([-1, 0]), 1)[0]!.label, 1);
});

test('save and load round-trip gives the same answers', async () => {
  await withTempDir(async (folder) => {
    const vectors = randomVectors(200, 24, 11);
    const index = VectorIndex.create(24, 64, { m: 8, efConstruction: 50, seed: 5 });
    index.addMany(vectors, 0);
    const file = path.join(folder, 'vectors.hnsw');
    await index.save(file);
    assert.deepEqual(await readdir(folder), ['vectors.hnsw'], 'no temporary file left behind');
    const loaded = await VectorIndex.load(file, 24);
    assert.equal(loaded.size, 200);
    assert.equal(loaded.dimensions, 24);
    for (const query of randomVectors(5, 24, 12)) assert.deepEqual(loaded.search(query, 10), index.search(query, 10));
    // Still writable after loading, beyond the saved capacity.
    loaded.add(
      500,
      vectors[3]!.map((value) => -value),
    );
    assert.equal(
      loaded.search(
        vectors[3]!.map((value) => -value),
        1,
      )[0]!.label,
      500,
    );
  });
});

test('loading with the wrong dimensions fails instead of answering garbage', async () => {
  await withTempDir(async (folder) => {
    const index = VectorIndex.create(8, 4);
    index.addMany(randomVectors(4, 8), 0);
    const file = path.join(folder, 'vectors.hnsw');
    await index.save(file);
    await assert.rejects(VectorIndex.load(file, 16), /8-dimensional/);
    await assert.rejects(VectorIndex.load(path.join(folder, 'missing.hnsw'), 8));
    await writeFile(path.join(folder, 'short.hnsw'), 'abc');
    await assert.rejects(VectorIndex.load(path.join(folder, 'short.hnsw'), 8), /truncated/);
  });
});

test('rejects vectors of the wrong width, zero vectors and bad labels', () => {
  const index = VectorIndex.create(3, 4);
  assert.throws(() => index.add(0, Float32Array.from([1, 0])), RangeError);
  assert.throws(() => index.add(0, new Float32Array(3)), RangeError);
  assert.throws(() => index.add(-1, Float32Array.from([1, 0, 0])), RangeError);
  assert.throws(() => index.add(0, Float32Array.from([NaN, 0, 0])), RangeError);
  index.add(0, Float32Array.from([1, 0, 0]));
  assert.throws(() => index.search(Float32Array.from([1, 0]), 1), RangeError);
});

test('recall@10 on 2,000 random 64-dim vectors stays high with the default parameters', () => {
  const vectors = randomVectors(2000, 64, 21);
  const index = VectorIndex.create(64, 2000);
  index.addMany(vectors, 0);
  let found = 0;
  const queries = randomVectors(20, 64, 22);
  for (const query of queries) {
    const truth = new Set(
      vectors
        .map((vector, i) => [cosine(query, vector), i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, 10)
        .map(([, i]) => i),
    );
    found += index.search(query, 10).filter((hit) => truth.has(hit.label)).length;
  }
  assert.ok(found / (queries.length * 10) >= 0.95, `recall ${found / (queries.length * 10)}`);
});
