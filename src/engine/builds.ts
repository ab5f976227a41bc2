/**
 * Where an engine's builds run. The bot's run whole in a worker thread with its own copy of the
 * model (build work would stall the gateway however often it yielded); the CLI's and the tests' run
 * here, with the engine's embedder (an injected one cannot cross threads).
 */
import type { Logger } from 'pino';
import type { CoreConfig } from '../config.ts';
import type { BuildProgress, BuildSummary } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { SkippedFile } from '../corpus/loadCorpus.ts';
import { loadCorpusDir } from '../corpus/loadCorpus.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { buildCorpusIndex } from '../index/build.ts';
import { loadIndex, type IndexData } from '../index/store.ts';

export interface IndexBuilder {
  /** Builds a new version from the corpus and makes it current; `previous` lends what is unchanged. */
  build(previous: IndexData | null, onProgress?: (progress: BuildProgress) => void): Promise<BuildSummary>;
  /** Loads the version the last build made current. */
  loadBuilt(): Promise<IndexData>;
}

export interface IndexBuilderOptions {
  inWorker: boolean;
  /** The engine's model: a worker build loads its own copy when there is one, and builds lexical-only when not. */
  embedder: Embedder | null;
  analyzer: Analyzer;
  logger?: Logger | undefined;
}

export function createIndexBuilder(config: CoreConfig, options: IndexBuilderOptions): IndexBuilder {
  const logSkipped = (skipped: readonly SkippedFile[]) => {
    for (const file of skipped) options.logger?.warn({ file: file.origin }, `skipped ${file.origin}: ${file.reason}`);
  };
  if (options.inWorker) {
    return {
      async build(_previous, onProgress) {
        // The worker reads the previous version itself.
        const { buildInWorker } = await import('../index/buildInWorker.ts');
        const result = await buildInWorker(config, { embed: options.embedder !== null, onProgress });
        logSkipped(result.summary.skipped);
        return result.summary;
      },
      // The worker verified every file of this version before switching to it.
      loadBuilt: () => loadIndex(config.indexDir, { deferChecksums: true }),
    };
  }
  return {
    async build(previous, onProgress) {
      const corpus = await loadCorpusDir(config.corpusDir);
      logSkipped(corpus.skipped);
      const result = await buildCorpusIndex(config, corpus, { analyzer: options.analyzer, embedder: options.embedder, previous, onProgress });
      return result.summary;
    },
    loadBuilt: () => loadIndex(config.indexDir),
  };
}
