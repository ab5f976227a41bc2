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
 * Defaults for ~200k passages of 384 dimensions within a 30 ms p95 on 2 cores: efSearch 128 gives
 * near-exact recall in a few milliseconds, M=16 is the usual sweet spot at this width, and
 * efConstruction 200 buys a better graph at an offline build's cost. The measurements are in
 * README.md (Speed: how the defaults were chosen).
 */
export const DEFAULT_M = 16;
const DEFAULT_EF_CONSTRUCTION = 200;
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

/** A passage not given a graph label yet (remap() leaves new passages so until add()). */
const NO_LABEL = 0xffffffff;

/**
 * Passage numbers ↔ the graph's labels, for a graph carried over from an earlier build (remap): its
 * passages were renumbered, and the slots of removed ones are marked deleted until new vectors
 * replace them. Without a table, labels are the caller's numbers.
 */
interface LabelTable {
  /** passage number → label (NO_LABEL: not added yet). */
  labelOf: Uint32Array;
  /** label → passage number, −1 for a label not in use. */
  passageOf: Int32Array;
  live: number;
  nextLabel: number;
}

export interface LoadGraphOptions {
  /** passage number → label, as written beside a carried-over graph (labels.u32); none: the same numbers. */
  labels?: Uint32Array;
  /** Open for remap() and add(): deleted slots can be reused. */
  forUpdate?: boolean;
}

export class VectorIndex {
  private constructor(
    private readonly graph: Graph,
    readonly dimensions: number,
    private table: LabelTable | null,
    private readonly updatable: boolean,
    /** Above every label in the graph, deleted slots' included: new labels start here (never reuse one). */
    private labelFloor = 0,
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
    return new VectorIndex(graph, dimensions, null, false);
  }

  /**
   * Reads an index written by save(). hnswlib reads a file of another width without complaint and
   * then answers garbage, so the stored vector width is checked against `dimensions` first.
   */
  static async load(file: string, dimensions: number, options: LoadGraphOptions = {}): Promise<VectorIndex> {
    assertPositiveInteger('dimensions', dimensions);
    const stored = await storedDimensions(file);
    if (stored !== dimensions) {
      throw new Error(`vector index ${file} holds ${stored}-dimensional vectors, expected ${dimensions}`);
    }
    const graph = new HierarchicalNSW('cosine', dimensions);
    await graph.readIndex(file, !!options.forUpdate);
    const table = options.labels ? labelTable(options.labels, graph.getCurrentCount()) : null;
    // hnswlib keeps a deleted slot's label until a new vector takes the slot; adding under such a
    // label would tie two slots to it. So new labels start above all of them.
    const labelFloor = options.forUpdate ? graph.getIdsList().reduce((max, label) => Math.max(max, label + 1), 0) : 0;
    if (table) table.nextLabel = Math.max(table.nextLabel, labelFloor);
    return new VectorIndex(graph, dimensions, table, !!options.forUpdate, labelFloor);
  }

  /** Vectors that searches can find (slots of removed passages not counted). */
  get size(): number {
    return this.table ? this.table.live : this.graph.getCurrentCount();
  }

  /** Slots in the graph, deleted ones included. */
  get slots(): number {
    return this.graph.getCurrentCount();
  }

  /** Slots of removed passages that no new vector has taken over yet (searches skip them). */
  get deletedSlots(): number {
    return this.slots - this.size;
  }

  /**
   * Carries the graph over to a new numbering of the passages (an incremental build):
   * `previousOf[n]` is the old number of new passage n, or −1 for a passage to add() next. Old
   * passages that no new one keeps are marked deleted; add() reuses their slots. Needs `forUpdate`.
   */
  remap(previousOf: Int32Array): void {
    if (!this.updatable) throw new Error('remap() needs a graph loaded with forUpdate');
    const oldCount = this.size;
    const oldLabelOf = this.table?.labelOf ?? null;
    const kept = new Uint8Array(oldCount);
    const labelOf = new Uint32Array(previousOf.length).fill(NO_LABEL);
    previousOf.forEach((old, passage) => {
      if (old < 0) return;
      if (old >= oldCount || kept[old]) throw new RangeError(`passage ${old} is not in the graph, or is kept twice`);
      kept[old] = 1;
      labelOf[passage] = oldLabelOf ? oldLabelOf[old]! : old;
    });
    for (let old = 0; old < oldCount; old++) {
      if (kept[old]) continue;
      this.graph.markDelete(oldLabelOf ? oldLabelOf[old]! : old);
    }
    const nextLabel = Math.max(this.table?.nextLabel ?? 0, this.labelFloor, oldCount);
    const passageOf = new Int32Array(nextLabel).fill(-1);
    let live = 0;
    labelOf.forEach((label, passage) => {
      if (label === NO_LABEL) return;
      passageOf[label] = passage;
      live++;
    });
    this.table = { labelOf, passageOf, live, nextLabel };
  }

  /**
   * Adds a vector, or replaces the vector of a label already present. After remap(), `label` is the
   * new passage number of a passage remap() left without a vector, and the vector takes a fresh
   * graph label (in a deleted slot when there is one).
   */
  add(label: number, vector: Float32Array): void {
    if (!Number.isSafeInteger(label) || label < 0) throw new RangeError(`label must be a non-negative integer (got ${label})`);
    const point = this.checkVector(vector);
    const table = this.table;
    const reuseSlot = !!table && this.deletedSlots > 0;
    if (!reuseSlot && this.slots >= this.graph.getMaxElements()) {
      // Doubling keeps the number of (copying) resizes logarithmic in the corpus size.
      this.graph.resizeIndex(Math.max(2 * this.graph.getMaxElements(), this.slots + 1));
    }
    if (!table) {
      this.graph.addPoint(point, label, false);
      return;
    }
    if (label >= table.labelOf.length || table.labelOf[label] !== NO_LABEL) {
      throw new RangeError(`passage ${label} is not one remap() left to add`);
    }
    const graphLabel = table.nextLabel++;
    this.graph.addPoint(point, graphLabel, reuseSlot);
    table.labelOf[label] = graphLabel;
    if (graphLabel >= table.passageOf.length) {
      const grown = new Int32Array(Math.max(graphLabel + 1, table.passageOf.length * 2)).fill(-1);
      grown.set(table.passageOf);
      table.passageOf = grown;
    }
    table.passageOf[graphLabel] = label;
    table.live++;
  }

  /**
   * passage number → graph label, to write beside the graph; null when labels are passage numbers
   * (a graph built in one go). Throws while a passage has no vector.
   */
  labels(): Uint32Array | null {
    if (!this.table) return null;
    if (this.table.labelOf.includes(NO_LABEL)) throw new Error('some passages have no vector yet');
    return this.table.labelOf;
  }

  /** Adds vectors[i] under label firstLabel + i. */
  addMany(vectors: Float32Array[], firstLabel: number): void {
    const needed = this.size + vectors.length;
    if (needed > this.graph.getMaxElements()) this.graph.resizeIndex(Math.max(needed, 2 * this.graph.getMaxElements()));
    for (const [offset, vector] of vectors.entries()) this.add(firstLabel + offset, vector);
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
    const passageOf = this.table?.passageOf;
    return (
      neighbors
        .map((label, i) => ({ label: passageOf ? (passageOf[label] ?? -1) : label, score: 1 - distances[i]! }))
        // A graph label outside the table cannot come from files written together (both are
        // checksummed), but would name no passage: never hand it on.
        .filter((hit) => hit.label >= 0)
        .sort((a, b) => b.score - a.score || a.label - b.label)
    );
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

/** Checks a stored label table against the graph it came with and indexes it both ways. */
function labelTable(labelOf: Uint32Array, slots: number): LabelTable {
  if (labelOf.length > slots) throw new Error(`the label table names ${labelOf.length} passages, the graph holds ${slots} vectors`);
  let nextLabel = 0;
  for (const label of labelOf) {
    if (label === NO_LABEL) throw new Error('the label table has a passage without a vector');
    nextLabel = Math.max(nextLabel, label + 1);
  }
  const passageOf = new Int32Array(nextLabel).fill(-1);
  labelOf.forEach((label, passage) => {
    if (passageOf[label] !== -1) throw new Error(`label ${label} is given to two passages`);
    passageOf[label] = passage;
  });
  return { labelOf: Uint32Array.from(labelOf), passageOf, live: labelOf.length, nextLabel };
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer (got ${value})`);
}
