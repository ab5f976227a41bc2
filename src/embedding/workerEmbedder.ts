/**
 * The embedder in a worker thread. ONNX Runtime's node binding runs each batch synchronously on the
 * calling thread (hundreds of milliseconds for a full batch), so embedding a corpus in-process would
 * stall the Discord gateway and every question meanwhile. Here the main thread only posts texts and
 * receives vectors (their buffers transferred, not copied).
 */
import type { Worker } from 'node:worker_threads';
import type { CoreConfig } from '../config.ts';
import { startTsWorker } from '../util/startTsWorker.ts';
import { ModelUnavailableError } from './modelErrors.ts';
import type { Embedder } from './embedder.ts';

/** Messages from the main thread to embed.worker.ts. */
export type WorkerRequest = { type: 'embedQuery'; id: number; text: string } | { type: 'embedPassages'; id: number; texts: string[] };

/** Messages from embed.worker.ts to the main thread. */
export type WorkerReply =
  | { type: 'ready'; modelId: string; dimensions: number; queryPrefix: string; passagePrefix: string }
  | { type: 'loadFailed'; modelId: string; reason: string; fix: string; detail: string }
  | { type: 'vectors'; id: number; vectors: Float32Array[] }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'failed'; id: number; message: string };

export interface WorkerData {
  config: CoreConfig;
  /** ONNX intra-op threads; default EMBED_THREADS. */
  threads?: number | undefined;
}

interface Pending {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** On top of MODEL_LOAD_TIMEOUT_SEC (enforced inside the worker): starting a thread and compiling TypeScript. */
const WORKER_START_GRACE_MS = 30_000;

export async function loadWorkerEmbedder(config: CoreConfig, options: { threads?: number } = {}): Promise<Embedder> {
  let worker: Worker;
  try {
    worker = startTsWorker(new URL('./embed.worker.ts', import.meta.url), { config, threads: options.threads } satisfies WorkerData);
  } catch (error) {
    throw new ModelUnavailableError(config.embeddingModel, 'embedding worker did not start', 'check the installation (npm ci)', { cause: error });
  }
  const ready = await waitUntilReady(worker, config);
  return new WorkerEmbedder(worker, ready);
}

function waitUntilReady(worker: Worker, config: CoreConfig): Promise<Extract<WorkerReply, { type: 'ready' }>> {
  return new Promise((resolve, reject) => {
    const fail = (error: ModelUnavailableError) => {
      cleanup();
      void worker.terminate();
      reject(error);
    };
    const onMessage = (reply: WorkerReply) => {
      if (reply.type === 'ready') {
        cleanup();
        resolve(reply);
      } else if (reply.type === 'loadFailed') {
        fail(new ModelUnavailableError(reply.modelId, reply.reason, reply.fix, { cause: new Error(reply.detail) }));
      }
    };
    const onError = (error: Error) =>
      fail(new ModelUnavailableError(config.embeddingModel, 'embedding worker failed', 'see the log for details', { cause: error }));
    const onExit = (code: number) => fail(new ModelUnavailableError(config.embeddingModel, `embedding worker exited (${code})`, 'see the log for details'));
    const timer = setTimeout(
      () =>
        fail(
          new ModelUnavailableError(
            config.embeddingModel,
            `not ready within ${config.modelLoadTimeoutSec} s`,
            'raise MODEL_LOAD_TIMEOUT_SEC or check MODELS_DIR',
          ),
        ),
      config.modelLoadTimeoutSec * 1000 + WORKER_START_GRACE_MS,
    );
    const cleanup = () => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

class WorkerEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  readonly queryPrefix: string;
  readonly passagePrefix: string;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the worker can no longer answer; every later call rejects with it. */
  private stopped: Error | null = null;

  constructor(
    private readonly worker: Worker,
    ready: Extract<WorkerReply, { type: 'ready' }>,
  ) {
    this.modelId = ready.modelId;
    this.dimensions = ready.dimensions;
    this.queryPrefix = ready.queryPrefix;
    this.passagePrefix = ready.passagePrefix;
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error) => this.stop(new Error(`embedding worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.stop(new Error(`embedding worker exited (${code})`)));
    // An idle worker must not keep the process alive; it is referenced only while work is pending.
    worker.unref();
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.request({ type: 'embedQuery', id: this.nextId++, text });
    return vector!;
  }

  embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    return this.request({ type: 'embedPassages', id: this.nextId++, texts }, onProgress);
  }

  async close(): Promise<void> {
    if (this.stopped?.message === 'embedder is closed') return;
    this.stop(new Error('embedder is closed'));
    await this.worker.terminate();
  }

  private request(message: WorkerRequest, onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, onProgress });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage(message);
    });
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    return pending;
  }

  private onReply(reply: WorkerReply): void {
    switch (reply.type) {
      case 'vectors':
        this.settle(reply.id)?.resolve(reply.vectors);
        break;
      case 'failed':
        this.settle(reply.id)?.reject(new Error(reply.message));
        break;
      case 'progress':
        this.pending.get(reply.id)?.onProgress?.(reply.done, reply.total);
        break;
      default:
        break;
    }
  }

  private stop(reason: Error): void {
    if (this.stopped) return;
    this.stopped = reason;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(reason);
  }
}
