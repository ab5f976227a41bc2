/**
 * Starting the retrieval core behind the CLI and the Discord bot: the index, the embedding model
 * (when it can) and the English–Arabic dictionary load side by side; a missing or outdated index is
 * built first when allowed (the CLI), or left for the caller to build in the background once it is
 * up (the bot: online while it builds); a server checks the checksums it skipped once it is answering.
 */
import type { Logger } from 'pino';
import type { CoreConfig } from '../config.ts';
import type { BuildProgress, BuildSummary } from '../types.ts';
import { createAnalyzer, type Analyzer } from '../text/analyzer.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { tryLoadEmbedder } from '../embedding/tryLoadEmbedder.ts';
import { loadDictionary, MISSING_DICTIONARY_NOTICE, type Dictionary } from '../crosslingual/dictionary.ts';
import { indexError, loadBestIndex, loadIndex, type IndexData } from '../index/store.ts';
import { ErrorCodes, UserError } from '../errors.ts';
import { createIndexBuilder, type IndexBuilder } from './builds.ts';
import { analyzerMismatch } from './compatibility.ts';
import { CoreEngine, type Engine } from './coreEngine.ts';
import { IndexSnapshot } from './snapshot.ts';
import { DEFAULT_CONFIDENCE_MODEL } from '../answer/confidence.ts';

export interface EngineOptions {
  logger?: Logger;
  /** Build the index from the corpus when there is none yet (CLI `ask`, the bot's first start). */
  buildIfMissing?: boolean;
  /**
   * With buildIfMissing: return at once instead of building first. The engine starts without an
   * index (none yet, one in an older format or another analysis, or a damaged one with no older
   * version to fall back to) and `pendingBuild` says why; the caller starts the build with reindex()
   * when it can be seen building (the bot: once logged in). A damaged version found after start-up
   * with nothing to fall back to is rebuilt in the background too.
   */
  buildInBackground?: boolean;
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
  /**
   * Read the English–Arabic dictionary (default true). The CLI asked an Arabic question passes false:
   * parsing the dictionary would cost it about a second and serve nothing.
   */
  dictionary?: boolean;
}

type IndexLoad = { data: IndexData; warning: string | null } | { error: unknown };

export async function createEngine(config: CoreConfig, options: EngineOptions = {}): Promise<Engine> {
  const notices: string[] = [];
  const analyzer = createAnalyzer();
  const buildInWorker = options.buildInWorker ?? (!!options.embedInWorker && options.embedder === undefined);
  // Cold start: the index, the model and the dictionary load side by side.
  const indexLoading: Promise<IndexLoad> = (
    options.keepServing ? loadBestIndex(config.indexDir, { deferChecksums: true }) : loadIndex(config.indexDir).then((data) => ({ data, warning: null }))
  ).catch((error: unknown) => ({ error }));
  const [embedder, dictionary] = await Promise.all([
    options.embedder !== undefined
      ? options.embedder
      : // With builds in a worker of their own, this embedder only ever embeds questions.
        tryLoadEmbedder(config, !!options.embedInWorker, notices, buildInWorker ? { threads: config.queryEmbedThreads } : {}),
    options.dictionary === false ? null : loadDictionary(config.dictionaryPath).catch((): Dictionary | null => null),
  ]);
  if (!dictionary && options.dictionary !== false) notices.push(MISSING_DICTIONARY_NOTICE);
  const builder = createIndexBuilder(config, { inWorker: buildInWorker, embedder, analyzer, logger: options.logger });
  const loaded = await indexLoading;
  const start =
    options.buildIfMissing && options.buildInBackground ? startingWithoutBuild(loaded, analyzer) : await startingIndex(loaded, builder, analyzer, options);
  const confidence = config.confidenceThreshold === null ? DEFAULT_CONFIDENCE_MODEL : { ...DEFAULT_CONFIDENCE_MODEL, threshold: config.confidenceThreshold };
  const services = {
    analyzer,
    embedder,
    dictionary,
    embeddingDtype: config.embeddingDtype,
    keepServing: !!options.keepServing,
    logger: options.logger,
    confidence,
  };
  const first = start.data ? IndexSnapshot.open(start.data, services) : null;
  const engine = new CoreEngine({ config, services, builder, notices }, first, start.lastBuild, start.carryFrom ?? null);
  engine.pendingBuild = start.pendingBuild ?? null;
  for (const warning of start.warnings) engine.warn(warning);
  if (options.keepServing) verifyAfterStart(engine, config.indexDir, options.logger, !!options.buildInBackground);
  return engine;
}

interface StartingIndex {
  /** The version to serve first; null: none until a build. */
  data: IndexData | null;
  warnings: string[];
  lastBuild: BuildSummary | null;
  /** Why a build must run before questions can be answered (background start). */
  pendingBuild?: string;
  /** A version the first build may take unchanged documents from although it cannot be served. */
  carryFrom?: IndexData | null;
}

/**
 * The version to serve first when building is left to the caller: the one on disk when it can be
 * served, else none, with the reason a build is needed (no index, an older format, a damaged
 * version with nothing older to fall back to, or text analyzed another way, whose vectors the
 * build may still carry over).
 */
function startingWithoutBuild(loaded: IndexLoad, analyzer: Analyzer): StartingIndex {
  if ('error' in loaded) {
    const { error } = loaded;
    const rebuildable =
      error instanceof UserError &&
      (error.code === ErrorCodes.IndexMissing || error.code === ErrorCodes.IndexMismatch || error.code === ErrorCodes.IndexCorrupt);
    if (!rebuildable) throw error;
    return { data: null, warnings: [], lastBuild: null, pendingBuild: error.messages.en };
  }
  const warnings = loaded.warning ? [loaded.warning] : [];
  const mismatch = analyzerMismatch(loaded.data, analyzer);
  if (mismatch) return { data: null, warnings, lastBuild: null, pendingBuild: mismatch, carryFrom: loaded.data };
  return { data: loaded.data, warnings, lastBuild: null };
}

/**
 * The version to serve first: the one on disk, or (when allowed) one built now because there is
 * none, it is in an older on-disk format, or its text was analyzed another way.
 */
async function startingIndex(loaded: IndexLoad, builder: IndexBuilder, analyzer: Analyzer, options: EngineOptions): Promise<StartingIndex> {
  let lastBuild: BuildSummary | null = null;
  const buildNow = async (previous: IndexData | null): Promise<IndexData> => {
    lastBuild = await builder.build(previous, options.onBuildProgress);
    return builder.loadBuilt();
  };
  let data: IndexData;
  const warnings: string[] = [];
  if ('error' in loaded) {
    const { error } = loaded;
    // No index yet, or one in an older on-disk format: build it when allowed (the CLI's ask).
    const rebuildable = error instanceof UserError && (error.code === ErrorCodes.IndexMissing || error.code === ErrorCodes.IndexMismatch);
    if (!rebuildable || !options.buildIfMissing) throw error;
    data = await buildNow(null);
  } else {
    if (loaded.warning) warnings.push(loaded.warning);
    data = loaded.data;
  }
  const mismatch = analyzerMismatch(data, analyzer);
  if (mismatch) {
    if (!options.buildIfMissing) throw indexError(ErrorCodes.IndexMismatch, mismatch);
    options.logger?.info(`${mismatch}: rebuilding the index`);
    data = await buildNow(data);
  }
  return { data, warnings, lastBuild };
}

/**
 * Checksums the deferred load skipped are checked now, while answering; a damaged file moves the
 * server to the last good version (and says so), as it would have at start-up. With nothing to fall
 * back to, a server that builds in the background rebuilds from the corpus, still answering from the
 * damaged version meanwhile.
 */
function verifyAfterStart(engine: CoreEngine, indexDir: string, logger: Logger | undefined, rebuildWhenDamaged: boolean): void {
  const loadedVersion = engine.current;
  if (!loadedVersion) return;
  void loadedVersion.verifyChecksums().catch(async (error: unknown) => {
    logger?.error({ err: error }, 'index checksum failed after start-up');
    try {
      const best = await loadBestIndex(indexDir);
      engine.replaceDamaged(loadedVersion, best.data, best.warning);
    } catch (fallbackError) {
      logger?.error({ err: fallbackError }, 'no good index version to fall back to');
      engine.warn(`${(error as Error).message} No earlier version loads either.`);
      if (rebuildWhenDamaged) {
        logger?.warn('rebuilding the damaged index from the corpus in the background');
        engine.reindex().then(
          (summary) => logger?.info({ summary: { ...summary, skipped: summary.skipped.length } }, 'damaged index rebuilt'),
          (rebuildError: unknown) => logger?.error({ err: rebuildError }, 'rebuilding the damaged index failed'),
        );
      }
    }
  });
}
