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
 * 30 ms on 2 cores. Measured here (test/index/vectorIndex.bench.ts, random unit vectors, which are
 * harder for HNSW than real embeddings; search time grows roughly with log n):
 *
 *   FILLED IN BELOW AFTER MEASURING
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
