/**
 * Approximate nearest-neighbour search over passage embeddings: a thin wrapper over hnswlib-node's
 * HNSW graph in cosine space. Labels are the caller's numbers (passage ordinals); scores are cosine
 * similarities, best first.
 */
import { open, rename, rm } from 'node:fs/promises';
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Graph = InstanceType<typeof HierarchicalNSW>;

/*
 * Defaults, for ~200k passages of 384 dimensions (multilingual-e5-small) with a p95 query of at most
 * 30 ms on 2 cores. Measured on this project's shared 2-core machine, 20,000 vectors of 384
 * dimensions shaped like embeddings (a 24-dim latent space plus noise), 200 queries, k = 10
 * (test/index/vectorIndex.bench.ts):
 *
 *   M=16, efConstruction=200: build 0.66–1.1 ms a vector (efConstruction=100: ~15% less)
 *   efSearch  32: recall@10 0.952, p50 0.22 ms, p95 0.33 ms
 *   efSearch  64: recall@10 0.986, p50 0.33 ms, p95 0.66 ms
 *   efSearch 128: recall@10 0.998, p50 0.56 ms, p95 2.53 ms
 *   efSearch 256: recall@10 1.000, p50 0.97 ms, p95 4.62 ms
 *   (uniform random vectors, the worst case: 0.960 at 64, 0.996 at 128)
 *
 * Search cost grows about with log n, so 200k passages cost roughly 1.5–2× these times: efSearch 128
 * stays a few milliseconds at p95, an order of magnitude inside the budget, for near-exact recall;
 * a hybrid retriever asking for more candidates gets ef ≥ k anyway. M=16 (32 links on the base
 * layer, ~130 bytes a passage beside the 1,536-byte vector) is the usual sweet spot for this
 * dimensionality; M=32 would double link memory for recall we already have. efConstruction=200
 * builds a better graph at ~3–4 minutes for 200k passages, acceptable for an offline build.
 */
export const DEFAULT_M = 16;
export const DEFAULT_EF_CONSTRUCTION = 200;
export const DEFAULT_EF_SEARCH = 128;
const DEFAULT_SEED = 100;

export interface VectorIndexOptions {
  /** Links per node (memory and recall go up with it). */
  m?: number;
  /** Candidate list size while inserting (build time and graph quality go up with it). */
  efConstruction?: number;
  seed?: number;
}

export interface VectorHit {
  label: number;
  /** Cosine similarity, 1 − cosine distance. */
  score: number;
}

export class VectorIndex {
  private constructor(
    private readonly graph: Graph,
    readonly dimensions: number,
  ) {}

  static create(dimensions: number, capacity: number, options: VectorIndexOptions = {}): VectorIndex {
    assertPositiveInteger('dimensions', dimensions);
    const graph = new HierarchicalNSW('cosine', dimensions);
    graph.initIndex({
      maxElements: Math.max(1, Math.floor(capacity)),
      m: options.m ?? DEFAULT_M,
      efConstruction: options.efConstruction ?? DEFAULT_EF_CONSTRUCTION,
      randomSeed: options.seed ?? DEFAULT_SEED,
    });
    return new VectorIndex(graph, dimensions);
  }

  /**
   * Reads an index written by save(). hnswlib reads a file of another width without complaint and
   * then answers garbage, so the stored vector width is checked against `dimensions` first.
   */
  static async load(file: string, dimensions: number): Promise<VectorIndex> {
    assertPositiveInteger('dimensions', dimensions);
    const stored = await storedDimensions(file);
    if (stored !== dimensions) {
      throw new Error(`vector index ${file} holds ${stored}-dimensional vectors, expected ${dimensions}`);
    }
    const graph = new HierarchicalNSW('cosine', dimensions);
    await graph.readIndex(file);
    return new VectorIndex(graph, dimensions);
  }

  get size(): number {
    return this.graph.getCurrentCount();
  }

  /** Adds a vector, or replaces the vector of a label already present. */
  add(label: number, vector: Float32Array): void {
    if (!Number.isSafeInteger(label) || label < 0) throw new RangeError(`label must be a non-negative integer (got ${label})`);
    const point = this.checkVector(vector);
    if (this.size >= this.graph.getMaxElements()) {
      // Doubling keeps the number of (copying) resizes logarithmic in the corpus size.
      this.graph.resizeIndex(Math.max(2 * this.graph.getMaxElements(), this.size + 1));
    }
    this.graph.addPoint(point, label);
  }

  /** Adds vectors[i] under label firstLabel + i. */
  addMany(vectors: Float32Array[], firstLabel: number): void {
    const needed = this.size + vectors.length;
    if (needed > this.graph.getMaxElements()) this.graph.resizeIndex(Math.max(needed, 2 * this.graph.getMaxElements()));
    vectors.forEach((vector, offset) => this.add(firstLabel + offset, vector));
  }

  /**
   * addMany for large batches from a process that must stay responsive: insertion is synchronous
   * native work (~1–3 ms a vector at efConstruction 200, so minutes for 200k passages), so this
   * yields to the event loop about every `sliceMs` milliseconds.
   */
  async addManyYielding(
    vectors: Float32Array[],
    firstLabel: number,
    onProgress?: (done: number, total: number) => void,
    sliceMs = 20,
  ): Promise<void> {
    const needed = this.size + vectors.length;
    if (needed > this.graph.getMaxElements()) this.graph.resizeIndex(Math.max(needed, 2 * this.graph.getMaxElements()));
    let sliceStart = performance.now();
    for (const [offset, vector] of vectors.entries()) {
      this.add(firstLabel + offset, vector);
      if (performance.now() - sliceStart >= sliceMs) {
        onProgress?.(offset + 1, vectors.length);
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    onProgress?.(vectors.length, vectors.length);
  }

  /**
   * The k nearest labels by cosine similarity, best first; k is capped at the index size.
   * `ef` (candidate list size) trades time for recall; it is raised to k when smaller.
   */
  search(vector: Float32Array, k: number, ef: number = DEFAULT_EF_SEARCH): VectorHit[] {
    const count = Math.min(Math.floor(k), this.size);
    if (count <= 0) return [];
    const point = this.checkVector(vector);
    this.graph.setEf(Math.max(Math.floor(ef), count));
    const { distances, neighbors } = this.graph.searchKnn(point, count);
    return neighbors
      .map((label, i) => ({ label, score: 1 - distances[i]! }))
      .sort((a, b) => b.score - a.score || a.label - b.label);
  }

  /** Writes to a temporary file and renames it, so a crash never leaves half an index behind. */
  async save(file: string): Promise<void> {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await this.graph.writeIndex(temporary);
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  private checkVector(vector: Float32Array): number[] {
    if (vector.length !== this.dimensions) {
      throw new RangeError(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    }
    let squares = 0;
    for (let i = 0; i < vector.length; i++) squares += vector[i]! * vector[i]!;
    // hnswlib divides by the norm in cosine space: a zero or NaN vector would poison the graph.
    if (!(squares > 0) || !Number.isFinite(squares)) throw new RangeError('vector must be finite and non-zero');
    return Array.from(vector);
  }
}

/**
 * hnswlib's file header (hnswalg.h, saveIndex): size_t offsetLevel0, maxElements, count,
 * sizeDataPerElement, labelOffset, offsetData, … — little-endian 64-bit on the platforms we run on.
 * A vector occupies labelOffset − offsetData bytes, 4 per float dimension.
 */
async function storedDimensions(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(48);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    if (bytesRead < header.length) throw new Error(`vector index ${file} is truncated`);
    const vectorBytes = Number(header.readBigUInt64LE(32) - header.readBigUInt64LE(40));
    if (!(vectorBytes > 0) || vectorBytes % 4 !== 0) throw new Error(`vector index ${file} is not an hnswlib index`);
    return vectorBytes / 4;
  } finally {
    await handle.close();
  }
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer (got ${value})`);
}
