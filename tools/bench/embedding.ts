/**
 * The two embedding paths measured side by side: ours (loadEmbedder: length-sorted, token-budget
 * batches) and the plain transformers.js way (pipeline, batches of 16 in corpus order, defaults).
 */
import path from 'node:path';
import type { CoreConfig } from '../../src/config.ts';
import type { InProcessEmbedder } from '../../src/embedding/embedder.ts';

export interface EmbedTiming {
  /** Wall time spent inside embedPassages. */
  ms: number;
  passages: number;
}

/** Wraps an embedder to time embedPassages calls (build.ts calls it once per build). */
export function timingEmbedder(inner: InProcessEmbedder): { embedder: InProcessEmbedder; timings: EmbedTiming[] } {
  const timings: EmbedTiming[] = [];
  const embedder: InProcessEmbedder = {
    get modelId() {
      return inner.modelId;
    },
    get dimensions() {
      return inner.dimensions;
    },
    get queryPrefix() {
      return inner.queryPrefix;
    },
    get passagePrefix() {
      return inner.passagePrefix;
    },
    embedQuery: (text) => inner.embedQuery(text),
    async embedPassages(texts, onProgress) {
      const started = performance.now();
      const vectors = await inner.embedPassages(texts, onProgress);
      timings.push({ ms: performance.now() - started, passages: texts.length });
      return vectors;
    },
    countTokens: (texts) => inner.countTokens(texts),
    close: () => inner.close(),
  };
  return { embedder, timings };
}

/** Points transformers.js at the local models folder, offline (the naive path and LangChain's share it). */
export async function configureTransformersOffline(config: CoreConfig): Promise<void> {
  const { env } = await import('@huggingface/transformers');
  env.allowRemoteModels = config.allowRemoteModels;
  env.allowLocalModels = true;
  if (config.modelsDir) env.localModelPath = config.modelsDir.endsWith(path.sep) ? config.modelsDir : config.modelsDir + path.sep;
}

const NAIVE_BATCH = 16;

/**
 * What a developer writes first: `pipeline('feature-extraction')`, batches of 16 in corpus order,
 * mean pooling and normalization by the pipeline, default session settings. The dtype is named
 * only because the model folder holds just the int8 file (the default would look for fp32).
 * Returns passages per second (model load and one warm-up call excluded, as for ours).
 */
export async function naivePassagesPerSecond(config: CoreConfig, texts: readonly string[], prefix: string): Promise<{ perSecond: number; ms: number }> {
  await configureTransformersOffline(config);
  const { pipeline } = await import('@huggingface/transformers');
  const extractor = await pipeline('feature-extraction', config.embeddingModel, { dtype: config.embeddingDtype as 'q8' });
  try {
    await extractor([`${prefix}warm up`], { pooling: 'mean', normalize: true });
    const started = performance.now();
    for (let i = 0; i < texts.length; i += NAIVE_BATCH) {
      const batch = texts.slice(i, i + NAIVE_BATCH).map((text) => prefix + text);
      const output = await extractor(batch, { pooling: 'mean', normalize: true });
      output.dispose();
    }
    const ms = performance.now() - started;
    return { perSecond: texts.length / (ms / 1000), ms };
  } finally {
    await extractor.dispose();
  }
}
