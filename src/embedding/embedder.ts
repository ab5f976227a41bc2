/**
 * Sentence embeddings for queries and passages with a transformers.js (ONNX Runtime) model,
 * e5 convention: "query: " / "passage: " prefixes, mean pooling over real tokens, unit length.
 *
 * Throughput: passages are embedded in length order and batched by a token budget, so a batch holds
 * passages of nearly equal length and almost no compute goes to padding; vectors come back in the
 * caller's order. ONNX Runtime's node binding runs a batch synchronously on the calling thread, so
 * a large corpus should be embedded through workerEmbedder.ts, which keeps the event loop free.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoModel, AutoTokenizer, LogLevel, Tensor, env } from '@huggingface/transformers';
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import type { CoreConfig } from '../config.ts';
import { meanPoolAndNormalize } from './pooling.ts';

export interface Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  readonly queryPrefix: string;
  readonly passagePrefix: string;
  embedQuery(text: string): Promise<Float32Array>;
  /** Vectors in the order of `texts`. onProgress reports passages done (in completion order). */
  embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** The embedder on the calling thread, whose tokenizer is at hand (the benchmark sizes its samples with it). */
export interface InProcessEmbedder extends Embedder {
  /**
   * Tokens the model sees when `text` is embedded as a passage (prefix and special tokens
   * included), before truncation to the model's maximum.
   */
  countTokens(texts: string[]): number[];
}

import { ModelUnavailableError } from './modelErrors.ts';

export { ModelUnavailableError };

/**
 * Batching and threading knobs. The defaults were chosen by measurement (README.md, Speed); they are
 * parameters only so that the benchmark (tools/bench/embedPolicies.ts) can compare policies.
 */
export interface EmbedderTuning {
  /** Upper bound on batch rows × padded length. */
  batchTokenBudget?: number;
  /** Upper bound on rows per batch, whatever their length. */
  maxBatchSize?: number;
  /** ONNX Runtime intra-op threads; 0 = auto. Overrides config.embedThreads when set. */
  threads?: number;
}

/*
 * Length-sorted batches of about 1,024 tokens keep a batch's activations near the caches (bigger ones
 * are memory-bound); rows are capped so a batch of very short texts stays a short run. The
 * measurements behind these are in README.md (Speed: how the defaults were chosen).
 */
const DEFAULT_BATCH_TOKEN_BUDGET = 1024;
const DEFAULT_MAX_BATCH_SIZE = 64;

/** Used when neither the tokenizer nor the model config says how long an input may be. */
const FALLBACK_MAX_LENGTH = 512;

export async function loadEmbedder(config: CoreConfig, tuning: EmbedderTuning = {}): Promise<InProcessEmbedder> {
  const modelId = config.embeddingModel;
  if (!modelId) {
    throw new ModelUnavailableError('', 'EMBEDDING_MODEL is empty', 'set EMBEDDING_MODEL=Xenova/multilingual-e5-small to enable dense search');
  }
  configureTransformers(config);
  const threads = resolveThreads(tuning.threads ?? config.embedThreads);
  // transformers.js reports a missing file in several unhelpful ways (a TypeError about
  // tokenizer_class among them), so what is missing is found out here, before loading.
  const { missing, needed } = missingLocalFiles(config);
  const whatIsMissing = missing.length === needed ? 'no local copy' : `${missing.join(', ')} missing locally`;
  if (missing.length > 0 && !config.allowRemoteModels) {
    throw new ModelUnavailableError(modelId, `${whatIsMissing} and ALLOW_REMOTE_MODELS=false`, fixFor(config));
  }
  const downloading = missing.length > 0 ? whatIsMissing : null;

  const load = async (): Promise<TransformersEmbedder> => {
    const [tokenizer, model] = await Promise.all([
      AutoTokenizer.from_pretrained(modelId),
      AutoModel.from_pretrained(modelId, {
        dtype: config.embeddingDtype as 'q8',
        device: 'cpu',
        session_options: {
          intraOpNumThreads: threads,
          // One graph, no parallel branches: inter-op threads would only compete with intra-op ones.
          interOpNumThreads: 1,
          executionMode: 'sequential',
          graphOptimizationLevel: 'all',
        },
      }),
    ]);
    const embedder = new TransformersEmbedder(modelId, tokenizer, model, config, tuning);
    // A probe finds the width of the vectors, checks that the ONNX graph really runs (a damaged
    // file can load and fail later), and warms the session so the first question is not slow.
    await embedder.probe();
    return embedder;
  };

  const timeoutMs = config.modelLoadTimeoutSec * 1000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LoadTimeout()), timeoutMs);
    timer.unref();
  });
  const loading = load();
  try {
    return await Promise.race([loading, timeout]);
  } catch (error) {
    if (error instanceof LoadTimeout) {
      // Cannot cancel a download or session creation; release whatever arrives late.
      loading.then(
        (late) => late.close(),
        () => undefined,
      );
    }
    throw toModelUnavailable(config, error, downloading);
  } finally {
    clearTimeout(timer);
  }
}

class LoadTimeout extends Error {}

function configureTransformers(config: CoreConfig): void {
  env.allowRemoteModels = config.allowRemoteModels;
  env.allowLocalModels = true;
  if (config.modelsDir) {
    // transformers.js joins this with the model id as a path prefix: it needs the trailing separator.
    env.localModelPath = config.modelsDir.endsWith(path.sep) ? config.modelsDir : config.modelsDir + path.sep;
  }
  // Missing local files are expected on the way to a download; our own error says what matters.
  env.logLevel = LogLevel.ERROR;
}

/** EMBED_THREADS=0: all cores the process may use (ONNX Runtime's own default counts physical cores). */
export function resolveThreads(configured: number): number {
  return configured > 0 ? configured : Math.max(1, os.availableParallelism());
}

/** Where transformers.js looks for `<model id>/…` before downloading. */
function localModelFolder(config: CoreConfig): string {
  return path.join(config.modelsDir ?? env.localModelPath, config.embeddingModel);
}

/** transformers.js's file name suffix for each ONNX weights variant. */
const DTYPE_SUFFIX: Record<string, string> = {
  fp32: '',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** The files loading needs that are not in the local model folder (relative paths). */
function missingLocalFiles(config: CoreConfig): { missing: string[]; needed: number } {
  const folder = localModelFolder(config);
  const suffix = DTYPE_SUFFIX[config.embeddingDtype] ?? `_${config.embeddingDtype}`;
  const needed = ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model${suffix}.onnx`];
  return { missing: needed.filter((file) => !existsSync(path.join(folder, file))), needed: needed.length };
}

function fixFor(config: CoreConfig): string {
  const folder = config.modelsDir ? localModelFolder(config) : `<MODELS_DIR>/${config.embeddingModel}`;
  return `put its files in ${folder} (MODELS_DIR=…) or set EMBEDDING_MODEL=…`;
}

/** `downloading`: what was missing locally (so transformers.js went to the hub), or null. */
function toModelUnavailable(config: CoreConfig, error: unknown, downloading: string | null): ModelUnavailableError {
  if (error instanceof ModelUnavailableError) return error;
  const modelId = config.embeddingModel;
  const fix = fixFor(config);
  if (error instanceof LoadTimeout) {
    return new ModelUnavailableError(
      modelId,
      `not ready within ${config.modelLoadTimeoutSec} s${downloading ? ', still downloading?' : ''}`,
      `${fix}, or raise MODEL_LOAD_TIMEOUT_SEC`,
      { cause: error },
    );
  }
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  let reason: string;
  if (downloading) {
    reason = `${downloading}, download failed (offline?)`;
  } else if (/onnx|protobuf|graph|session|model|Invalid dtype/i.test(text)) {
    reason = `unusable ONNX file for EMBEDDING_DTYPE=${config.embeddingDtype}`;
  } else if (/JSON|Unexpected token/i.test(text)) {
    reason = 'damaged configuration or tokenizer file';
  } else {
    reason = 'load failed';
  }
  return new ModelUnavailableError(modelId, reason, fix, { cause: error });
}

interface Encoded {
  ids: number[];
}

class TransformersEmbedder implements InProcessEmbedder {
  readonly queryPrefix: string;
  readonly passagePrefix: string;
  dimensions = 0;
  private readonly maxLength: number;
  private readonly endTokenId: number | null;
  private readonly padTokenId: number;
  private readonly batchTokenBudget: number;
  private readonly maxBatchSize: number;
  private readonly scheduler = new PriorityLock();
  private closed = false;

  constructor(
    readonly modelId: string,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    config: CoreConfig,
    tuning: EmbedderTuning,
  ) {
    this.queryPrefix = config.queryPrefix;
    this.passagePrefix = config.passagePrefix;
    const modelConfig = model.config as { max_position_embeddings?: number; hidden_size?: number };
    const tokenizerMax = Number(tokenizer.model_max_length);
    const positions = modelConfig.max_position_embeddings;
    this.maxLength = Math.min(
      Number.isFinite(tokenizerMax) && tokenizerMax > 0 ? tokenizerMax : FALLBACK_MAX_LENGTH,
      // RoBERTa-style position ids start after the padding id, so the usable length can be a little
      // less than max_position_embeddings; 512-position BERT-type models such as e5 use all 512.
      positions && positions > 0 ? positions : FALLBACK_MAX_LENGTH,
    );
    const special = tokenizer as unknown as { sep_token_id?: number; eos_token_id?: number; pad_token_id?: number };
    this.endTokenId = special.sep_token_id ?? special.eos_token_id ?? null;
    this.padTokenId = special.pad_token_id ?? 0;
    this.batchTokenBudget = Math.max(tuning.batchTokenBudget ?? DEFAULT_BATCH_TOKEN_BUDGET, this.maxLength);
    this.maxBatchSize = Math.max(1, tuning.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE);
  }

  async probe(): Promise<void> {
    const [vector] = await this.run([this.encode(`${this.passagePrefix}probe`)]);
    if (!vector || vector.length === 0) throw new Error('probe produced no vector');
    this.dimensions = vector.length;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const encoded = this.encode(this.queryPrefix + text);
    // Questions go ahead of queued passage batches: answers stay fast during a rebuild.
    const [vector] = await this.scheduler.run('high', () => this.run([encoded]));
    return vector!;
  }

  async embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    this.assertOpen();
    const total = texts.length;
    const vectors = new Array<Float32Array>(total);
    if (total === 0) return vectors;
    // News repeats itself (bylines, boilerplate, one story in several feeds): each distinct text is
    // embedded once, and repeats get their own copy so that buffers can be transferred separately.
    const firstIndexOf = new Map<string, number>();
    const repeats: Array<[index: number, original: number]> = [];
    const unique: number[] = [];
    texts.forEach((text, index) => {
      const original = firstIndexOf.get(text);
      if (original === undefined) {
        firstIndexOf.set(text, index);
        unique.push(index);
      } else {
        repeats.push([index, original]);
      }
    });
    const encoded = unique.map((index) => this.encode(this.passagePrefix + texts[index]!));
    let done = 0;
    for (const batch of planBatches(
      encoded.map((item) => item.ids.length),
      this.batchTokenBudget,
      this.maxBatchSize,
    )) {
      const batchVectors = await this.scheduler.run('low', () => this.run(batch.map((slot) => encoded[slot]!)));
      batch.forEach((slot, row) => {
        vectors[unique[slot]!] = batchVectors[row]!;
      });
      done += batch.length;
      onProgress?.(done, total);
    }
    for (const [index, original] of repeats) vectors[index] = new Float32Array(vectors[original]!);
    if (repeats.length > 0) onProgress?.(total, total);
    return vectors;
  }

  countTokens(texts: string[]): number[] {
    return texts.map((text) => this.tokenizer.encode(this.passagePrefix + text).length);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.scheduler.run('high', () => this.model.dispose());
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`embedder for ${this.modelId} is closed`);
  }

  /**
   * Token ids with special tokens, cut to the model's maximum. Unlike transformers.js's own
   * truncation (which cuts the closing </s> off), the end token is kept, as in Python's tokenizers
   * that the model was trained with.
   */
  private encode(text: string): Encoded {
    const ids = this.tokenizer.encode(text);
    if (ids.length <= this.maxLength) return { ids };
    const cut = ids.slice(0, this.maxLength);
    if (this.endTokenId !== null && ids[ids.length - 1] === this.endTokenId) cut[this.maxLength - 1] = this.endTokenId;
    return { ids: cut };
  }

  private async run(items: Encoded[]): Promise<Float32Array[]> {
    this.assertOpen();
    const rows = items.length;
    const width = Math.max(...items.map((item) => item.ids.length));
    const inputIds = new BigInt64Array(rows * width).fill(BigInt(this.padTokenId));
    const attentionMask = new BigInt64Array(rows * width);
    items.forEach((item, row) => {
      const offset = row * width;
      for (let i = 0; i < item.ids.length; i++) {
        inputIds[offset + i] = BigInt(item.ids[i]!);
        attentionMask[offset + i] = 1n;
      }
    });
    const dims = [rows, width];
    const outputs = (await this.model({
      input_ids: new Tensor('int64', inputIds, dims),
      attention_mask: new Tensor('int64', attentionMask, dims),
      // BERT-type graphs want segment ids; missing ones are filled with zeros by transformers.js.
    })) as Record<string, Tensor | undefined>;
    const hidden = outputs.last_hidden_state ?? outputs.token_embeddings ?? outputs.logits;
    if (hidden?.dims.length !== 3) throw new Error('model gave no token embeddings (last_hidden_state)');
    const [batch, seq, size] = hidden.dims as [number, number, number];
    const vectors = meanPoolAndNormalize(hidden.data as Float32Array, [batch, seq, size], attentionMask);
    hidden.dispose();
    return vectors;
  }
}

/**
 * Groups item indexes into batches: longest first, each batch a run of similar lengths whose
 * padded size (rows × longest) stays within the token budget. Returns indexes into `lengths`.
 */
export function planBatches(lengths: number[], tokenBudget: number, maxBatchSize: number): number[][] {
  const order = lengths.map((_, index) => index).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  let currentWidth = 0;
  for (const index of order) {
    const width = Math.max(currentWidth, lengths[index]!);
    if (current.length > 0 && (current.length >= maxBatchSize || (current.length + 1) * width > tokenBudget)) {
      batches.push(current);
      current = [];
    }
    if (current.length === 0) currentWidth = lengths[index]!;
    current.push(index);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * One model run at a time (a second concurrent run would only fight for the same cores), with
 * questions served before queued passage batches.
 */
class PriorityLock {
  private busy = false;
  private readonly waiting: { high: Array<() => void>; low: Array<() => void> } = { high: [], low: [] };

  async run<T>(priority: 'high' | 'low', task: () => Promise<T>): Promise<T> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting[priority].push(resolve));
    this.busy = true;
    try {
      return await task();
    } finally {
      const next = this.waiting.high.shift() ?? this.waiting.low.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}
