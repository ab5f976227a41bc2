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
import { LexicalIndexBuilder, DEFAULT_BM25, type Bm25Params } from './lexicalIndex.ts';
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

function carryOver(previous: IndexData | null | undefined, passageOptions: PassageOptions, analyzer: string, byId: ReadonlyMap<string, ArticleDocument>): CarryOver | null {
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

export async function buildIndex(options: BuildOptions & { dtype?: string }): Promise<BuildResult> {
  const started = performance.now();
  const passageOptions = options.passageOptions ?? DEFAULT_PASSAGE_OPTIONS;
  const bm25 = options.bm25 ?? DEFAULT_BM25;
  const report = options.onProgress ?? (() => {});
  const documents = options.documents;
  const byId = new Map(documents.map((document) => [document.docId, document]));
  const carried = carryOver(options.previous, passageOptions, options.analyzer.name, byId);

  // 1. Passages (an unchanged document's are the previous version's): previousOf[n] is the number
  //    passage n had there, or −1.
  const passages: Passage[] = [];
  const previousOf: number[] = [];
  // An in-process build (the CLI, tests) shares its thread with whatever else runs there.
  const slices = new TimeSlices();
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
    if (slices.due) {
      report({ phase: 'passages', done: index + 1, total: documents.length });
      await slices.yield();
    }
  }
  report({ phase: 'passages', done: documents.length, total: documents.length });
  const textOf = (passage: Passage) => byId.get(passage.docId)!.text.slice(passage.span.start, passage.span.end);
  const keptPassages = previousOf.filter((number) => number >= 0).length;

  // 2. Lexical index: unchanged passages' postings are copied, the others analyzed.
  const builder = new LexicalIndexBuilder();
  const previousPostings = carried?.sameAnalyzer && keptPassages ? carried.previous.lexical.byPassage() : null;
  const titleTerms = new Map<string, Analysis>();
  for (let index = 0; index < passages.length; index++) {
    const passage = passages[index]!;
    if (previousPostings && previousOf[index]! >= 0) {
      builder.addFrom(previousPostings, previousOf[index]!);
    } else {
      let title = titleTerms.get(passage.docId);
      if (!title) {
        title = options.analyzer.analyze(byId.get(passage.docId)!.title);
        titleTerms.set(passage.docId, title);
      }
      const body = options.analyzer.analyze(textOf(passage));
      builder.add(body.terms, title.terms, [...body.phrases, ...body.roots], [...title.phrases, ...title.roots]);
    }
    if (slices.due) {
      report({ phase: 'lexical', done: index + 1, total: passages.length });
      await slices.yield();
    }
  }
  const lexical = builder.build();
  lexical.setParams(bm25);
  report({ phase: 'lexical', done: passages.length, total: passages.length });

  // 3. Vectors: reuse what the previous version has for unchanged passages, embed the rest; carry
  //    its graph over when most passages stay.
  let vectors: VectorIndex | null = null;
  let embeddings: Float32Array | null = null;
  let model: ModelInfo | null = null;
  let embedded = 0;
  let reused = 0;
  let graphCarried = false;
  if (options.embedder) {
    const embedder = options.embedder;
    model = modelInfoOf(embedder, options.dtype ?? 'q8');
    const dimensions = embedder.dimensions;
    embeddings = new Float32Array(passages.length * dimensions);
    const previousEmbeddings = carried && keptPassages && sameModel(carried.previous.manifest.model, model)
      ? await carried.previous.loadEmbeddings().catch(() => null) // unreadable: embed everything again
      : null;
    const toEmbed: number[] = [];
    passages.forEach((_passage, number) => {
      const from = previousOf[number]! * dimensions;
      if (previousEmbeddings && from >= 0) {
        embeddings!.set(previousEmbeddings.subarray(from, from + dimensions), number * dimensions);
        reused++;
      } else {
        toEmbed.push(number);
      }
    });
    if (toEmbed.length) {
      report({ phase: 'embed', done: 0, total: toEmbed.length });
      // The model sees the display form (kashida and PDF line wraps smoothed), prepared in slices.
      const inputs: string[] = [];
      for (const number of toEmbed) {
        inputs.push(displayText(textOf(passages[number]!)));
        if (slices.due) await slices.yield();
      }
      const vectorsOut = await embedder.embedPassages(inputs, (done, total) => report({ phase: 'embed', done, total }));
      vectorsOut.forEach((vector, i) => embeddings!.set(vector, toEmbed[i]! * dimensions));
      embedded = toEmbed.length;
    }
    const vectorOf = (number: number) => embeddings!.subarray(number * dimensions, (number + 1) * dimensions);
    if (previousEmbeddings && reused >= GRAPH_REUSE_MIN_KEPT * passages.length) {
      // A copy read from disk: the version being served keeps its own graph untouched.
      const graph = await carried!.previous.loadGraphForUpdate().catch(() => null);
      if (graph && graph.dimensions === dimensions) {
        graph.remap(Int32Array.from(previousOf));
        for (let i = 0; i < toEmbed.length; i++) {
          graph.add(toEmbed[i]!, vectorOf(toEmbed[i]!));
          if (slices.due) {
            report({ phase: 'write', done: i, total: toEmbed.length });
            await slices.yield();
          }
        }
        if (graph.deletedSlots <= GRAPH_MAX_DELETED_SHARE * graph.slots) {
          vectors = graph;
          graphCarried = true;
        }
      }
    }
    if (!vectors) {
      vectors = VectorIndex.create(dimensions, Math.max(passages.length, 1));
      for (let number = 0; number < passages.length; number++) {
        vectors.add(number, vectorOf(number));
        if (slices.due) {
          report({ phase: 'write', done: number, total: passages.length });
          await slices.yield();
        }
      }
    }
  }

  const index: NewIndex = {
    manifest: {
      analyzer: options.analyzer.name,
      passageOptions,
      bm25,
      model,
      counts: { documents: documents.length, passages: passages.length, embedded: model ? passages.length : 0 },
      documents: documents.map((document) => ({
        docId: document.docId,
        contentHash: document.contentHash,
        passages: 0,
      })),
    },
    documents,
    passages,
    lexical,
    vectors,
    embeddings,
  };
  const perDocument = new Map<string, number>();
  for (const passage of passages) perDocument.set(passage.docId, (perDocument.get(passage.docId) ?? 0) + 1);
  for (const entry of index.manifest.documents) entry.passages = perDocument.get(entry.docId) ?? 0;

  let version: string | null = null;
  if (!options.inMemory) {
    report({ phase: 'write', done: passages.length, total: passages.length });
    version = await writeIndex(options.indexDir, index);
  }
  return {
    index,
    version,
    summary: {
      documents: documents.length,
      passages: passages.length,
      embedded,
      reused,
      graphCarried,
      seconds: (performance.now() - started) / 1000,
      mode: model ? 'hybrid' : 'lexical',
      skipped: options.skipped ?? [],
    },
  };
}
