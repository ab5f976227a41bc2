/**
 * Worker-thread side of workerEmbedder.ts: loads the same embedder and answers its requests.
 * Vectors go back with their buffers transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { loadEmbedder, ModelUnavailableError } from './embedder.ts';
import type { Embedder } from './embedder.ts';
import type { WorkerData, WorkerReply, WorkerRequest } from './workerEmbedder.ts';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(port: MessagePort, { config, threads }: WorkerData): Promise<void> {
  const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

  let embedder: Embedder;
  try {
    embedder = await loadEmbedder(config, threads !== undefined ? { threads } : {});
  } catch (error) {
    const unavailable =
      error instanceof ModelUnavailableError
        ? error
        : new ModelUnavailableError(config.embeddingModel, 'load failed', 'see the log for details', { cause: error });
    const detail = unavailable.cause === undefined ? unavailable.message : describe(unavailable.cause);
    // The main thread terminates this worker when it reads this.
    post({ type: 'loadFailed', modelId: unavailable.modelId, reason: unavailable.reason, fix: unavailable.fix, detail });
    return;
  }

  port.on('message', (request: WorkerRequest) => {
    const work =
      request.type === 'embedQuery'
        ? embedder.embedQuery(request.text).then((vector) => [vector])
        : embedder.embedPassages(request.texts, (done, total) => post({ type: 'progress', id: request.id, done, total }));
    work.then(
      (vectors) =>
        post(
          { type: 'vectors', id: request.id, vectors },
          vectors.map((vector) => vector.buffer as ArrayBuffer),
        ),
      (error: unknown) => post({ type: 'failed', id: request.id, message: describe(error) }),
    );
  });

  post({
    type: 'ready',
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    queryPrefix: embedder.queryPrefix,
    passagePrefix: embedder.passagePrefix,
  });
}

if (!parentPort) throw new Error('embed.worker.ts runs in a worker thread started by workerEmbedder.ts');
void main(parentPort, workerData as WorkerData);
