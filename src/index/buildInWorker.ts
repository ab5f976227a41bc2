/**
 * A rebuild in a worker thread, for the bot: reading the corpus, hashing, splitting, the lexical
 * index, embeddings and the HNSW graph are all CPU work that would stall the gateway and every
 * answer if run on the main thread, however often it yields (garbage collection of a build's
 * temporary objects alone pauses a large heap). The worker loads its own copy of the model for the
 * build and lets it go afterwards; the main thread only relays progress.
 */
import type { CoreConfig } from '../config.ts';
import type { BuildProgress, BuildSummary } from '../types.ts';
import { UserError, type ErrorCode } from '../errors.ts';
import { startTsWorker } from '../util/startTsWorker.ts';

export interface BuildWorkerData {
  config: CoreConfig;
  /** Embed passages (the engine has a model loaded); otherwise build lexical-only. */
  embed: boolean;
}

export type BuildWorkerReply =
  | { type: 'progress'; progress: BuildProgress }
  | { type: 'done'; summary: BuildSummary; version: string | null }
  | {
      type: 'failed';
      message: string;
      userError: { code: ErrorCode; messages: { en: string; ar: string }; context: Record<string, unknown> } | null;
    };

export function buildInWorker(
  config: CoreConfig,
  options: { embed: boolean; onProgress?: ((progress: BuildProgress) => void) | undefined },
): Promise<{ summary: BuildSummary; version: string | null }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = startTsWorker(new URL('./build.worker.ts', import.meta.url), { config, embed: options.embed } satisfies BuildWorkerData);
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (reply: BuildWorkerReply) => {
      if (reply.type === 'progress') options.onProgress?.(reply.progress);
      else if (reply.type === 'done') finish(() => resolve({ summary: reply.summary, version: reply.version }));
      else {
        const { userError } = reply;
        finish(() =>
          reject(userError ? new UserError(userError.code, userError.messages, userError.context) : new Error(`index build failed: ${reply.message}`)),
        );
      }
    });
    worker.on('error', (error) => finish(() => reject(new Error(`index build worker failed: ${error.message}`, { cause: error }))));
    worker.on('exit', (code) => finish(() => reject(new Error(`index build worker exited (${code}) before finishing`))));
  });
}
