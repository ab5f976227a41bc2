/**
 * Loading the embedding model where a missing or broken one is not fatal: the caller answers with
 * lexical search and shows the one-line reason. transformers.js is imported only on the thread that
 * runs the model (the worker, for the bot).
 */
import type { CoreConfig } from '../config.ts';
import type { Embedder } from './embedder.ts';
import { ModelUnavailableError } from './modelErrors.ts';

/** Loads the embedding model, or explains in one line why not (pushed to `notices`) and returns null. */
export async function tryLoadEmbedder(
  config: CoreConfig,
  inWorker: boolean,
  notices: string[],
  workerOptions: { threads?: number } = {},
): Promise<Embedder | null> {
  if (!config.embeddingModel) return null;
  try {
    if (inWorker) {
      const { loadWorkerEmbedder } = await import('./workerEmbedder.ts');
      return await loadWorkerEmbedder(config, workerOptions);
    }
    const { loadEmbedder } = await import('./embedder.ts');
    return await loadEmbedder(config);
  } catch (error) {
    notices.push(
      error instanceof ModelUnavailableError
        ? error.message
        : `Embedding model could not be loaded (${(error as Error).message}); answering with lexical search only.`,
    );
    return null;
  }
}
