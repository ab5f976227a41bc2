/**
 * HNSW parameters: build time, query latency and recall@10 against exact search. Data: points of a
 * 24-dimensional latent space projected into `dimensions` plus isotropic noise — sentence
 * embeddings likewise occupy a low-dimensional part of their space, while uniform random vectors
 * (no structure at all, every neighbour nearly as far as any other) would understate recall.
 * Not a test:
 *   node --import tsx tools/bench/hnswParams.ts [count=20000] [dimensions=384] [efConstruction=200] [m=16]
 * The figures quoted in src/index/vectorIndex.ts come from this script.
 */
import { VectorIndex } from '../../src/index/vectorIndex.ts';

const count = Number(process.argv[2] ?? 20000);
const dimensions = Number(process.argv[3] ?? 384);
const efConstruction = Number(process.argv[4] ?? 200);
const m = Number(process.argv[5] ?? 16);

let state = 42;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
}
function unitVector(): Float32Array {
  const vector = Float32Array.from({ length: dimensions }, random);
  let squares = 0;
  for (const value of vector) squares += value * value;
  return vector.map((value) => value / Math.sqrt(squares));
}

const LATENT = 24;
const projection = Array.from({ length: LATENT }, unitVector);
function embeddingLike(): Float32Array {
  const vector = unitVector().map((value) => 0.35 * value);
  for (const axis of projection) {
    const weight = random() * 2;
    for (let d = 0; d < dimensions; d++) vector[d]! += weight * axis[d]!;
  }
  let squares = 0;
  for (const value of vector) squares += value * value;
  return vector.map((value) => value / Math.sqrt(squares));
}

const vectors = Array.from({ length: count }, embeddingLike);
const index = VectorIndex.create(dimensions, count, { m, efConstruction });
let start = performance.now();
index.addMany(vectors, 0);
const buildSeconds = (performance.now() - start) / 1000;
console.log(
  `${count} × ${dimensions}, M=${m}, efConstruction=${efConstruction}: build ${buildSeconds.toFixed(1)} s (${((buildSeconds * 1e6) / count).toFixed(0)} µs/vector)`,
);

// Queries: half new points from the same distribution, half uniform random (worst case).
const queries = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? unitVector() : embeddingLike()));
const truth = queries.map((query) => {
  const scored = vectors.map((vector, label) => {
    let dot = 0;
    for (let d = 0; d < dimensions; d++) dot += vector[d]! * query[d]!;
    return [dot, label] as const;
  });
  return new Set(
    scored
      .sort((a, b) => b[0] - a[0])
      .slice(0, 10)
      .map(([, label]) => label),
  );
});

for (const ef of [32, 64, 128, 256]) {
  const times: number[] = [];
  const found = { like: 0, random: 0 };
  for (const [q, query] of queries.entries()) {
    start = performance.now();
    const hits = index.search(query, 10, ef);
    times.push(performance.now() - start);
    found[q % 2 === 0 ? 'random' : 'like'] += hits.filter((hit) => truth[q]!.has(hit.label)).length;
  }
  times.sort((a, b) => a - b);
  const percentile = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
  const recall = (hits: number) => (hits / ((queries.length / 2) * 10)).toFixed(3);
  console.log(
    `ef ${String(ef).padStart(3)}: recall@10 embedding-like ${recall(found.like)}, uniform random ${recall(found.random)}; p50 ${percentile(0.5)} ms, p95 ${percentile(0.95)} ms`,
  );
}
