/**
 * Worker-thread side of buildInWorker.ts: the whole rebuild (reading the corpus, passages, lexical
 * index, embeddings, HNSW graph, writing and verifying the new version) runs here, so the bot's
 * event loop only receives progress and, at the end, loads the finished version.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { BuildProgress } from '../types.ts';
import { loadCorpusDir } from '../corpus/loadCorpus.ts';
import { loadEmbedder, type Embedder } from '../embedding/embedder.ts';
import { createAnalyzer } from '../text/analyzer.ts';
import { UserError } from '../errors.ts';
import { buildCorpusIndex } from './build.ts';
import { loadBestIndex } from './store.ts';
import type { BuildWorkerData, BuildWorkerReply } from './buildInWorker.ts';

async function main(port: MessagePort, { config, embed }: BuildWorkerData): Promise<void> {
  const post = (reply: BuildWorkerReply) => port.postMessage(reply);
  let embedder: Embedder | null = null;
  try {
    const analyzer = createAnalyzer();
    const [corpus, previous, loadedEmbedder] = await Promise.all([
      loadCorpusDir(config.corpusDir),
      // Unchanged documents' passages, postings and vectors are reused (and the graph, read afresh by
      // the build when most passages stay). None (or unreadable): build everything.
      loadBestIndex(config.indexDir, { skipGraph: true }).then(
        ({ data }) => data,
        () => null,
      ),
      embed ? loadEmbedder(config) : Promise.resolve(null),
    ]);
    embedder = loadedEmbedder;
    let lastPost = 0;
    const onProgress = (progress: BuildProgress) => {
      const now = performance.now();
      if (now - lastPost < 100 && progress.done !== progress.total) return; // progress, not a flood
      lastPost = now;
      post({ type: 'progress', progress });
    };
    const result = await buildCorpusIndex(config, corpus, { analyzer, embedder, previous, onProgress });
    post({ type: 'done', summary: result.summary, version: result.version });
  } catch (error) {
    post({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
      userError: error instanceof UserError ? { code: error.code, messages: error.messages, context: error.context } : null,
    });
  } finally {
    await embedder?.close();
  }
}

if (!parentPort) throw new Error('build.worker.ts runs in a worker thread started by buildInWorker.ts');
void main(parentPort, workerData as BuildWorkerData);
