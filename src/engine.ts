/**
 * The retrieval core behind the CLI and the Discord bot: loads (or first builds) the index, the
 * embedding model when it can, and the English–Arabic dictionary, and answers questions.
 */
import type { Logger } from 'pino';
import type { CoreConfig } from './config.ts';
import type {
  Answer,
  ArticleDocument,
  AskOptions,
  BuildProgress,
  BuildSummary,
  DocumentInfo,
  EngineStats,
  PassageView,
  QaEngine,
} from './types.ts';
import { createAnalyzer, type Analyzer } from './text/analyzer.ts';
import { detectLanguage } from './text/language.ts';
import { normalizeArabic } from './text/normalize.ts';
import { splitSentences } from './text/sentences.ts';
import { loadCorpusDir } from './corpus/loadCorpus.ts';
import type { Embedder } from './embedding/embedder.ts';
import { ModelUnavailableError } from './embedding/modelErrors.ts';
import { loadDictionary, MISSING_DICTIONARY_NOTICE, type Dictionary } from './crosslingual/dictionary.ts';
import { buildCorpusIndex, modelInfoOf } from './index/build.ts';
import { indexError, loadBestIndex, loadIndex, type IndexData } from './index/store.ts';
import { Retriever } from './retrieval/retriever.ts';
import { prepareQuestion } from './retrieval/question.ts';
import { composeAnswer } from './answer/compose.ts';
import { ErrorCodes, UserError } from './errors.ts';

export interface EngineOptions {
  logger?: Logger;
  /** Build the index from the corpus when there is none yet (CLI `ask`, the bot's first start). */
  buildIfMissing?: boolean;
  onBuildProgress?: (progress: BuildProgress) => void;
  /** Embed questions in a worker thread (the bot: a question's embedding never blocks the gateway). */
  embedInWorker?: boolean;
  /**
   * Run builds (start-up build, /reindex) in a worker thread, which loads its own copy of the model
   * for them. Default: with embedInWorker, unless an embedder is injected (it cannot cross threads).
   */
  buildInWorker?: boolean;
  /** Injected embedder (tests, benchmarks); null forces lexical-only. */
  embedder?: Embedder | null;
  /**
   * A server keeps serving: a damaged current index falls back to the previous good version, and an
   * index built with another model is searched lexically, each with a notice for admins. The CLI
   * instead stops with an error that says how to rebuild.
   */
  keepServing?: boolean;
}

export interface Engine extends QaEngine {
  /** One-line notices from start-up (model not loaded, dictionary missing, …). */
  readonly notices: string[];
  readonly analyzer: Analyzer;
  /** Latest build's summary when this engine built the index itself. */
  lastBuild: BuildSummary | null;
}

interface Loaded {
  data: IndexData;
  retriever: Retriever;
  documentsById: Map<string, ArticleDocument>;
  passageNumbers: Map<string, number>;
  infos: DocumentInfo[];
  infoById: Map<string, DocumentInfo>;
  /** Normalized "title id" per document, for autocomplete. */
  searchKeys: string[];
}

/** Loads the embedding model, or explains in one line why not and returns null (lexical search). */
export async function tryLoadEmbedder(
  config: CoreConfig,
  inWorker: boolean,
  notices: string[],
  workerOptions: { threads?: number } = {},
): Promise<Embedder | null> {
  if (!config.embeddingModel) return null;
  try {
    if (inWorker) {
      const { loadWorkerEmbedder } = await import('./embedding/workerEmbedder.ts');
      return await loadWorkerEmbedder(config, workerOptions);
    }
    const { loadEmbedder } = await import('./embedding/embedder.ts');
    return await loadEmbedder(config);
  } catch (error) {
    notices.push(error instanceof ModelUnavailableError ? error.message : `Embedding model could not be loaded (${(error as Error).message}); answering with lexical search only.`);
    return null;
  }
}

export async function createEngine(config: CoreConfig, options: EngineOptions = {}): Promise<Engine> {
  const notices: string[] = [];
  const analyzer = createAnalyzer();
  const buildInWorkerThread = options.buildInWorker ?? (!!options.embedInWorker && options.embedder === undefined);
  // Cold start: the index, the model and the dictionary load side by side.
  const indexLoading: Promise<{ data: IndexData; warning: string | null } | { error: unknown }> = (
    options.keepServing
      ? loadBestIndex(config.indexDir, { deferChecksums: true })
      : loadIndex(config.indexDir).then((data) => ({ data, warning: null }))
  ).catch((error: unknown) => ({ error }));
  const [embedder, dictionary] = await Promise.all([
    options.embedder !== undefined
      ? options.embedder
      : // With builds in a worker of their own, this embedder only ever embeds questions.
        tryLoadEmbedder(config, !!options.embedInWorker, notices, buildInWorkerThread ? { threads: config.queryEmbedThreads } : {}),
    loadDictionary(config.dictionaryPath).catch((): Dictionary | null => null),
  ]);
  let lastBuild: BuildSummary | null = null;

  const build = async (previous: IndexData | null, onProgress?: (progress: BuildProgress) => void): Promise<IndexData> => {
    if (buildInWorkerThread) {
      const { buildInWorker } = await import('./index/buildInWorker.ts');
      const result = await buildInWorker(config, { embed: embedder !== null, onProgress: onProgress ?? options.onBuildProgress });
      for (const skipped of result.summary.skipped) options.logger?.warn({ file: skipped.origin }, `skipped ${skipped.origin}: ${skipped.reason}`);
      lastBuild = result.summary;
      // The worker verified every file of this version before switching to it.
      return loadIndex(config.indexDir, { deferChecksums: true });
    }
    const corpus = await loadCorpusDir(config.corpusDir);
    for (const skipped of corpus.skipped) options.logger?.warn({ file: skipped.origin }, `skipped ${skipped.origin}: ${skipped.reason}`);
    const result = await buildCorpusIndex(config, corpus, { analyzer, embedder, previous, onProgress: onProgress ?? options.onBuildProgress });
    lastBuild = result.summary;
    return loadIndex(config.indexDir);
  };

  let data: IndexData;
  const startupWarnings: string[] = [];
  const loaded = await indexLoading;
  if ('error' in loaded) {
    const { error } = loaded;
    // No index yet, or one in an older on-disk format: build it when allowed (ask, the bot's start).
    const rebuildable = error instanceof UserError && (error.code === ErrorCodes.IndexMissing || error.code === ErrorCodes.IndexMismatch);
    if (!rebuildable || !options.buildIfMissing) throw error;
    data = await build(null);
  } else {
    if (loaded.warning) startupWarnings.push(loaded.warning);
    data = loaded.data;
  }

  // The lexical index holds the terms of one analysis; another analyzer would match none of them.
  if (data.manifest.analyzer !== analyzer.name) {
    const detail = `The index was built with text analysis ${data.manifest.analyzer}, this version uses ${analyzer.name}`;
    if (!options.buildIfMissing) throw indexError(ErrorCodes.IndexMismatch, detail);
    options.logger?.info(`${detail}: rebuilding the index`);
    data = await build(data);
  }

  /** Whether the index's vectors were made by the loaded model (else dense search would be noise). */
  let indexNotices: string[] = [];
  const vectorsMatch = (index: IndexData): boolean => {
    if (!embedder || !index.manifest.model) return false;
    const expected = modelInfoOf(embedder, config.embeddingDtype);
    const built = index.manifest.model;
    if (expected.id === built.id && expected.dimensions === built.dimensions && expected.queryPrefix === built.queryPrefix) return true;
    const detail = `The index was built with ${built.id} (${built.dimensions} dimensions) but EMBEDDING_MODEL is ${expected.id} (${expected.dimensions})`;
    if (!options.keepServing) throw indexError(ErrorCodes.IndexMismatch, detail);
    indexNotices.push(`${detail}: searching lexically until the index is rebuilt.`);
    return false;
  };
  const prepare = (index: IndexData): Loaded => {
    indexNotices = [];
    const usable = vectorsMatch(index) ? embedder : null;
    if (embedder && !index.manifest.model) {
      indexNotices.push('The index has no passage vectors (it was built without the embedding model): run `npm run build-index` for hybrid search; using lexical search.');
    }
    const documentsById = new Map(index.documents.map((document) => [document.docId, document]));
    const perDocument = new Map<string, number>();
    for (const passage of index.passages) perDocument.set(passage.docId, (perDocument.get(passage.docId) ?? 0) + 1);
    const infos = index.documents.map((document) => ({
      docId: document.docId,
      title: document.title,
      source: document.source ?? null,
      url: document.url ?? null,
      date: document.date ?? null,
      passages: perDocument.get(document.docId) ?? 0,
    }));
    const retriever = new Retriever(index, analyzer, usable, dictionary);
    if (options.keepServing) void retriever.warmUp().catch((error: unknown) => options.logger?.warn({ err: error }, 'warm-up failed'));
    return {
      data: index,
      retriever,
      documentsById,
      passageNumbers: new Map(index.passages.map((passage, number) => [passage.passageId, number])),
      infos,
      infoById: new Map(infos.map((info) => [info.docId, info])),
      searchKeys: infos.map((info) => normalizeArabic(`${info.title} ${info.docId}`).toLowerCase()),
    };
  };

  let current = prepare(data);
  if (options.keepServing) {
    // Checksums the deferred load skipped are checked now, while answering; a damaged file moves
    // the server to the last good version (and says so), as it would have at start-up.
    const loadedVersion = current.data;
    void loadedVersion.verifyChecksums().catch(async (error: unknown) => {
      options.logger?.error({ err: error }, 'index checksum failed after start-up');
      try {
        const best = await loadBestIndex(config.indexDir);
        if (current.data === loadedVersion) {
          current = prepare(best.data);
          if (best.warning) startupWarnings.push(best.warning);
        }
      } catch (fallbackError) {
        options.logger?.error({ err: fallbackError }, 'no good index version to fall back to');
        startupWarnings.push(`${(error as Error).message} No earlier version loads either.`);
      }
    });
  }
  if (!dictionary) notices.push(MISSING_DICTIONARY_NOTICE);
  let rebuilding: Promise<BuildSummary> | null = null;
  const progressListeners = new Set<(progress: BuildProgress) => void>();

  const engine: Engine = {
    get notices() {
      return [...notices, ...startupWarnings, ...indexNotices];
    },
    analyzer,
    get lastBuild() {
      return lastBuild;
    },
    set lastBuild(value) {
      lastBuild = value;
    },

    async ask(rawQuestion: string, askOptions: AskOptions = {}): Promise<Answer> {
      const question = prepareQuestion(rawQuestion, config.maxQuestionChars);
      const detected = detectLanguage(question);
      const lang = detected === 'other' ? askOptions.langHint ?? 'ar' : detected;
      const k = Math.min(Math.max(askOptions.k ?? config.defaultResults, 1), 10);
      const offset = Math.max(askOptions.offset ?? 0, 0);
      const snapshot = current; // a swap during the await must not mix two indexes
      const retrieval = await snapshot.retriever.retrieve(question, lang, askOptions.mode ?? config.searchMode, k + offset);
      return composeAnswer({
        question,
        lang,
        retrieval,
        passages: snapshot.data.passages,
        documentsById: snapshot.documentsById,
        analyzer,
        offset,
      });
    },

    stats(): EngineStats {
      const dates = current.infos.map((info) => info.date).filter((date): date is string => !!date).sort();
      return {
        documents: current.infos.length,
        passages: current.data.passages.length,
        model: current.data.manifest.model?.id ?? null,
        mode: current.retriever.canUseDense ? config.searchMode : 'lexical',
        dateRange: dates.length ? { from: dates[0]!, to: dates[dates.length - 1]! } : null,
        builtAt: current.data.manifest.createdAt,
      };
    },

    listDocuments: () => current.infos,
    getDocument: (docId) => current.infoById.get(docId),

    getDocumentOpening(docId, maxChars) {
      const document = current.documentsById.get(docId);
      if (!document) return undefined;
      let end = 0;
      for (const sentence of splitSentences(document.text)) {
        if (sentence.end > maxChars && end > 0) break;
        end = Math.min(sentence.end, maxChars);
      }
      return document.text.slice(0, end).trim();
    },

    getPassage(id): PassageView | undefined {
      const number = current.passageNumbers.get(id);
      const passage = number === undefined ? undefined : current.data.passages[number];
      if (!passage) return undefined;
      const document = current.documentsById.get(passage.docId)!;
      return {
        passageId: passage.passageId,
        docId: passage.docId,
        ordinal: passage.ordinal,
        text: document.text.slice(passage.span.start, passage.span.end),
        document: current.infoById.get(passage.docId)!,
      };
    },

    suggestDocuments(query, limit) {
      const needle = normalizeArabic(query).toLowerCase().trim();
      if (!needle) return current.infos.slice(0, limit);
      const starts: DocumentInfo[] = [];
      const contains: DocumentInfo[] = [];
      current.searchKeys.forEach((key, index) => {
        const position = key.indexOf(needle);
        if (position < 0) return;
        (position === 0 || key[position - 1] === ' ' ? starts : contains).push(current.infos[index]!);
      });
      return [...starts, ...contains].slice(0, limit);
    },

    reindex(onProgress) {
      if (onProgress) progressListeners.add(onProgress);
      if (!rebuilding) {
        const broadcast = (progress: BuildProgress) => progressListeners.forEach((listener) => listener(progress));
        rebuilding = build(current.data, broadcast)
          .then((next) => {
            current = prepare(next); // swap only once the new version is complete and loaded
            startupWarnings.length = 0;
            return lastBuild!;
          })
          .finally(() => {
            rebuilding = null;
            progressListeners.clear();
          });
      }
      return rebuilding;
    },

    async close() {
      await rebuilding?.catch(() => {});
      await embedder?.close();
    },
  };
  return engine;
}
