/**
 * corpus documents → passages → lexical index (+ passage vectors when a model is loaded) → a new
 * index version on disk. Unchanged documents (same content hash, same model and passage settings)
 * reuse their vectors from the previous version, so editing one article re-embeds only its passages.
 */
import type { ArticleDocument, BuildProgress, BuildSummary, Passage } from '../types.ts';
import type { Analysis, Analyzer } from '../text/analyzer.ts';
import { displayText } from '../text/repair.ts';
import { buildPassages, DEFAULT_PASSAGE_OPTIONS, type PassageOptions } from '../corpus/passages.ts';
import type { LoadedCorpus, SkippedFile } from '../corpus/loadCorpus.ts';
import type { CoreConfig } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { LexicalIndexBuilder, DEFAULT_BM25, type Bm25Params, type LexicalIndex } from './lexicalIndex.ts';
import { VectorIndex } from './vectorIndex.ts';
import { writeIndex, type IndexData, type ModelInfo, type NewIndex } from './store.ts';
import { TimeSlices } from '../util/timeSlices.ts';

export interface BuildOptions {
  indexDir: string;
  documents: ArticleDocument[];
  skipped?: SkippedFile[];
  analyzer: Analyzer;
  embedder: Embedder | null;
  /** The version in use, whose vectors may be reused. */
  previous?: IndexData | null;
  passageOptions?: PassageOptions;
  bm25?: Bm25Params;
  onProgress?: (progress: BuildProgress) => void;
  /** Build in memory only (eval): nothing is written. */
  inMemory?: boolean;
}

export interface BuildResult {
  summary: BuildSummary;
  index: NewIndex;
  version: string | null;
}

export function modelInfoOf(embedder: Embedder, dtype: string): ModelInfo {
  return {
    id: embedder.modelId,
    dimensions: embedder.dimensions,
    queryPrefix: embedder.queryPrefix,
    passagePrefix: embedder.passagePrefix,
    dtype,
  };
}

function sameModel(a: ModelInfo | null, b: ModelInfo | null): boolean {
  return !!a && !!b && a.id === b.id && a.dimensions === b.dimensions && a.passagePrefix === b.passagePrefix && a.dtype === b.dtype;
}

/**
 * The build every entry point runs (build-index, the engine in-process, the bot's build worker): a
 * loaded corpus → a new version in the configured index folder.
 */
export function buildCorpusIndex(
  config: Pick<CoreConfig, 'indexDir' | 'embeddingDtype'>,
  corpus: LoadedCorpus,
  options: Pick<BuildOptions, 'analyzer' | 'embedder' | 'previous' | 'onProgress'>,
): Promise<BuildResult> {
  return buildIndex({ ...options, indexDir: config.indexDir, documents: corpus.documents, skipped: corpus.skipped, dtype: config.embeddingDtype });
}

/**
 * What an earlier version can give a new build: for each document whose content (and title and
 * metadata: contentHash) is unchanged, its passages there. Passages depend only on the text and the
 * passage settings; their lexical postings also on the analyzer, their vectors also on the model.
 */
interface CarryOver {
  previous: IndexData;
  /** docId → [first passage number, passage count] in the previous version. */
  documents: Map<string, [number, number]>;
  sameAnalyzer: boolean;
}

function carryOver(
  previous: IndexData | null | undefined,
  passageOptions: PassageOptions,
  analyzer: string,
  byId: ReadonlyMap<string, ArticleDocument>,
): CarryOver | null {
  if (!previous || JSON.stringify(previous.manifest.passageOptions) !== JSON.stringify(passageOptions)) return null;
  const previousHashes = new Map(previous.manifest.documents.map((entry) => [entry.docId, entry.contentHash]));
  const documents = new Map<string, [number, number]>();
  const broken = new Set<string>();
  previous.passages.forEach((passage, number) => {
    const entry = documents.get(passage.docId);
    if (entry) {
      // A document's passages are consecutive, in order; anything else is not reused.
      if (entry[0] + entry[1] === number && passage.ordinal === entry[1]) entry[1]++;
      else broken.add(passage.docId);
    } else if (passage.ordinal === 0 && previousHashes.get(passage.docId) === byId.get(passage.docId)?.contentHash) {
      documents.set(passage.docId, [number, 1]);
    }
  });
  for (const docId of broken) documents.delete(docId);
  return { previous, documents, sameAnalyzer: previous.manifest.analyzer === analyzer };
}

/**
 * Carrying the previous HNSW graph over (deleting removed passages' vectors, adding new ones) pays
 * when most passages stay; and the slots of deleted vectors must not pile up (searches wade through
 * them): past this share a build makes a fresh graph.
 */
const GRAPH_REUSE_MIN_KEPT = 0.5;
const GRAPH_MAX_DELETED_SHARE = 0.1;

/** What every phase of one build reads. */
interface BuildRun {
  documentsById: ReadonlyMap<string, ArticleDocument>;
  carried: CarryOver | null;
  report: (progress: BuildProgress) => void;
  /** An in-process build (the CLI, tests) shares its thread with whatever else runs there. */
  slices: TimeSlices;
}

/** The new version's passages, in order. */
interface NewPassages {
  passages: Passage[];
  /** previousOf[n]: the number passage n had in the previous version, or −1 for a new passage. */
  previousOf: number[];
  /** How many passages come from the previous version. */
  kept: number;
}

/** The dense side of a new version. */
interface NewVectors {
  model: ModelInfo;
  /** passages × dimensions, row-major. */
  embeddings: Float32Array;
  graph: VectorIndex;
  embedded: number;
  reused: number;
  graphCarried: boolean;
}

/** Passages, then the lexical index, then vectors (with a model), each reusing what it can; then the version is written. */
export async function buildIndex(options: BuildOptions & { dtype?: string }): Promise<BuildResult> {
  const started = performance.now();
  const passageOptions = options.passageOptions ?? DEFAULT_PASSAGE_OPTIONS;
  const bm25 = options.bm25 ?? DEFAULT_BM25;
  const documents = options.documents;
  const documentsById = new Map(documents.map((document) => [document.docId, document]));
  const run: BuildRun = {
    documentsById,
    carried: carryOver(options.previous, passageOptions, options.analyzer.name, documentsById),
    report: options.onProgress ?? (() => {}),
    slices: new TimeSlices(),
  };
  const newPassages = await collectPassages(run, documents, passageOptions);
  const lexical = await buildLexicalIndex(run, newPassages, options.analyzer, bm25);
  const vectors = options.embedder ? await buildVectors(run, newPassages, options.embedder, options.dtype ?? 'q8') : null;
  const { passages } = newPassages;
  const index: NewIndex = {
    manifest: {
      analyzer: options.analyzer.name,
      passageOptions,
      bm25,
      model: vectors?.model ?? null,
      counts: { documents: documents.length, passages: passages.length, embedded: vectors ? passages.length : 0 },
      documents: manifestDocuments(documents, passages),
    },
    documents,
    passages,
    lexical,
    vectors: vectors?.graph ?? null,
    embeddings: vectors?.embeddings ?? null,
  };
  let version: string | null = null;
  if (!options.inMemory) {
    run.report({ phase: 'write', done: passages.length, total: passages.length });
    version = await writeIndex(options.indexDir, index);
  }
  return {
    index,
    version,
    summary: {
      documents: documents.length,
      passages: passages.length,
      embedded: vectors?.embedded ?? 0,
      reused: vectors?.reused ?? 0,
      graphCarried: vectors?.graphCarried ?? false,
      seconds: (performance.now() - started) / 1000,
      mode: vectors ? 'hybrid' : 'lexical',
      skipped: options.skipped ?? [],
    },
  };
}

function passageText(run: BuildRun, passage: Passage): string {
  return run.documentsById.get(passage.docId)!.text.slice(passage.span.start, passage.span.end);
}

/** Phase 1, passages: an unchanged document's are the previous version's, the others' are cut afresh. */
async function collectPassages(run: BuildRun, documents: readonly ArticleDocument[], passageOptions: PassageOptions): Promise<NewPassages> {
  const { carried } = run;
  const passages: Passage[] = [];
  const previousOf: number[] = [];
  for (let index = 0; index < documents.length; index++) {
    const document = documents[index]!;
    const kept = carried?.documents.get(document.docId);
    if (kept) {
      for (let number = kept[0]; number < kept[0] + kept[1]; number++) {
        passages.push(carried!.previous.passages[number]!);
        previousOf.push(number);
      }
    } else {
      for (const passage of buildPassages(document, passageOptions)) {
        passages.push(passage);
        previousOf.push(-1);
      }
    }
    if (run.slices.due) {
      run.report({ phase: 'passages', done: index + 1, total: documents.length });
      await run.slices.yield();
    }
  }
  run.report({ phase: 'passages', done: documents.length, total: documents.length });
  return { passages, previousOf, kept: previousOf.filter((number) => number >= 0).length };
}

/** Phase 2, the lexical index: unchanged passages' postings are copied, the others analyzed. */
async function buildLexicalIndex(run: BuildRun, { passages, previousOf, kept }: NewPassages, analyzer: Analyzer, bm25: Bm25Params): Promise<LexicalIndex> {
  const builder = new LexicalIndexBuilder();
  const previousPostings = run.carried?.sameAnalyzer && kept ? run.carried.previous.lexical.byPassage() : null;
  const titleTerms = new Map<string, Analysis>();
  for (let index = 0; index < passages.length; index++) {
    const passage = passages[index]!;
    if (previousPostings && previousOf[index]! >= 0) {
      builder.addFrom(previousPostings, previousOf[index]!);
    } else {
      let title = titleTerms.get(passage.docId);
      if (!title) {
        title = analyzer.analyze(run.documentsById.get(passage.docId)!.title);
        titleTerms.set(passage.docId, title);
      }
      const body = analyzer.analyze(passageText(run, passage));
      builder.add(body.terms, title.terms, [...body.phrases, ...body.roots], [...title.phrases, ...title.roots]);
    }
    if (run.slices.due) {
      run.report({ phase: 'lexical', done: index + 1, total: passages.length });
      await run.slices.yield();
    }
  }
  const lexical = builder.build();
  lexical.setParams(bm25);
  run.report({ phase: 'lexical', done: passages.length, total: passages.length });
  return lexical;
}

/**
 * Phase 3, vectors: what the previous version has for unchanged passages is reused, the rest
 * embedded; its graph is carried over when most passages stay, else a fresh one is built.
 */
async function buildVectors(run: BuildRun, newPassages: NewPassages, embedder: Embedder, dtype: string): Promise<NewVectors> {
  const { passages, previousOf, kept } = newPassages;
  const model = modelInfoOf(embedder, dtype);
  const { dimensions } = embedder;
  const embeddings = new Float32Array(passages.length * dimensions);
  const { carried } = run;
  const previousEmbeddings =
    carried && kept && sameModel(carried.previous.manifest.model, model)
      ? await carried.previous.loadEmbeddings().catch(() => null) // unreadable: embed everything again
      : null;
  const toEmbed: number[] = [];
  let reused = 0;
  passages.forEach((_passage, number) => {
    const from = previousOf[number]! * dimensions;
    if (previousEmbeddings && from >= 0) {
      embeddings.set(previousEmbeddings.subarray(from, from + dimensions), number * dimensions);
      reused++;
    } else {
      toEmbed.push(number);
    }
  });
  if (toEmbed.length) {
    const vectors = await embedNewPassages(
      run,
      embedder,
      toEmbed.map((number) => passages[number]!),
    );
    for (const [i, vector] of vectors.entries()) embeddings.set(vector, toEmbed[i]! * dimensions);
  }
  const vectorOf = (number: number) => embeddings.subarray(number * dimensions, (number + 1) * dimensions);
  const carriedGraph =
    previousEmbeddings && reused >= GRAPH_REUSE_MIN_KEPT * passages.length
      ? await carryGraphOver(run, carried!.previous, previousOf, toEmbed, vectorOf, dimensions)
      : null;
  const graph = carriedGraph ?? (await buildGraph(run, passages.length, vectorOf, dimensions));
  return { model, embeddings, graph, embedded: toEmbed.length, reused, graphCarried: carriedGraph !== null };
}

/** The model sees the display form (kashida and PDF line wraps smoothed), prepared in slices. */
async function embedNewPassages(run: BuildRun, embedder: Embedder, passages: readonly Passage[]): Promise<Float32Array[]> {
  run.report({ phase: 'embed', done: 0, total: passages.length });
  const inputs: string[] = [];
  for (const passage of passages) {
    inputs.push(displayText(passageText(run, passage)));
    if (run.slices.due) await run.slices.yield();
  }
  return embedder.embedPassages(inputs, (done, total) => run.report({ phase: 'embed', done, total }));
}

/**
 * The previous version's graph, renumbered: removed passages' vectors deleted, the `added`
 * passages' vectors inserted (in deleted slots first). Null when it cannot be read, or when the
 * deleted slots would pass their share: a fresh graph is built then.
 */
async function carryGraphOver(
  run: BuildRun,
  previous: IndexData,
  previousOf: readonly number[],
  added: readonly number[],
  vectorOf: (number: number) => Float32Array,
  dimensions: number,
): Promise<VectorIndex | null> {
  // A copy read from disk: the version being served keeps its own graph untouched.
  const graph = await previous.loadGraphForUpdate().catch(() => null);
  if (!graph || graph.dimensions !== dimensions) return null;
  graph.remap(Int32Array.from(previousOf));
  for (let i = 0; i < added.length; i++) {
    graph.add(added[i]!, vectorOf(added[i]!));
    if (run.slices.due) {
      run.report({ phase: 'write', done: i, total: added.length });
      await run.slices.yield();
    }
  }
  return graph.deletedSlots <= GRAPH_MAX_DELETED_SHARE * graph.slots ? graph : null;
}

async function buildGraph(run: BuildRun, count: number, vectorOf: (number: number) => Float32Array, dimensions: number): Promise<VectorIndex> {
  const graph = VectorIndex.create(dimensions, Math.max(count, 1));
  for (let number = 0; number < count; number++) {
    graph.add(number, vectorOf(number));
    if (run.slices.due) {
      run.report({ phase: 'write', done: number, total: count });
      await run.slices.yield();
    }
  }
  return graph;
}

/** The manifest's per-document entries: content hash and passage count. */
function manifestDocuments(documents: readonly ArticleDocument[], passages: readonly Passage[]): NewIndex['manifest']['documents'] {
  const perDocument = new Map<string, number>();
  for (const passage of passages) perDocument.set(passage.docId, (perDocument.get(passage.docId) ?? 0) + 1);
  return documents.map((document) => ({ docId: document.docId, contentHash: document.contentHash, passages: perDocument.get(document.docId) ?? 0 }));
}
