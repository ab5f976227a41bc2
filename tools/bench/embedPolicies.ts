/**
 * Embedding throughput: the naive way (pipeline on batches of 16 in corpus order) against
 * loadEmbedder's length-sorted, token-budget batches. Not a test (slow, machine-dependent):
 *   node --import tsx tools/bench/embedPolicies.ts [model=e5-small-shape-random] [passages=200]
 * Reads the stand-in models and data of ../shared (SHARED_DIR to point elsewhere).
 * The figures quoted in src/embedding/embedder.ts come from this script.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { pipeline, env } from '@huggingface/transformers';
import path from 'node:path';
import { loadEmbedder } from '../../src/embedding/embedder.ts';
import type { EmbedderTuning } from '../../src/embedding/embedder.ts';
import { loadCoreConfig } from '../../src/config.ts';
import { requireInputs, sharedDataDir, sharedModelsDir } from '../sharedData.ts';

const modelId = process.argv[2] ?? 'e5-small-shape-random';
const passageCount = Number(process.argv[3] ?? 200);
const only = process.argv[4] ?? 'all';
/** 'sentences' (xquad, 1–2 sentences a passage), 'paragraphs' (whole xquad paragraphs) or 'news' (SaudiNewsNet paragraphs). */
const shape = process.argv[5] ?? 'sentences';
const modelsDir = sharedModelsDir + path.sep;
const corpusFile = path.join(sharedDataDir, 'xquad-dev/corpus.jsonl');
const newsFile = path.join(sharedDataDir, 'news-scale/saudinewsnet.jsonl.gz');
try {
  requireInputs('the benchmark models and data', 'SHARED_DIR', path.join(modelsDir, modelId), corpusFile, newsFile);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

/** Paragraphs cut into runs of 1–2 sentences (deterministic), as a passage splitter would. */
function loadPassages(count: number): string[] {
  if (shape === 'news') return loadNewsParagraphs(count);
  const passages: string[] = [];
  let turn = 0;
  for (const line of readFileSync(corpusFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { text } = JSON.parse(line) as { text: string };
    for (const paragraph of text.split(/\n+/)) {
      if (shape === 'paragraphs') {
        passages.push(paragraph.trim());
        continue;
      }
      const sentences = paragraph.match(/[^.!?؟]+[.!?؟]*\s*/g) ?? [paragraph];
      for (let i = 0; i < sentences.length; ) {
        const take = 1 + (turn++ % 2);
        passages.push(
          sentences
            .slice(i, i + take)
            .join('')
            .trim(),
        );
        i += take;
      }
    }
  }
  return passages.filter(Boolean).slice(0, count);
}

/** Paragraphs of real news articles (SaudiNewsNet, research use only: benchmarking here). */
function loadNewsParagraphs(count: number): string[] {
  const lines = gunzipSync(readFileSync(newsFile)).toString('utf8').split('\n', 400);
  const paragraphs: string[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const { text } = JSON.parse(line) as { text: string };
    paragraphs.push(
      ...text
        .split(/\n\s*\n/)
        .map((part) => part.trim())
        .filter((part) => part.length > 20),
    );
    if (paragraphs.length >= count) break;
  }
  return paragraphs.slice(0, count);
}

const config = loadCoreConfig({ EMBEDDING_MODEL: modelId, MODELS_DIR: modelsDir, ALLOW_REMOTE_MODELS: 'false' }, '/');
const passages = loadPassages(passageCount);

function report(label: string, seconds: number, tokens: number): void {
  console.log(
    `${label.padEnd(44)} ${seconds.toFixed(2).padStart(6)} s  ${(passages.length / seconds).toFixed(1).padStart(6)} passages/s  ${(tokens / seconds).toFixed(0).padStart(6)} tokens/s`,
  );
}

const probe = await loadEmbedder(config, { threads: 1 });
const lengths = probe.countTokens(passages);
const tokens = lengths.reduce((a, b) => a + b, 0);
const sorted = [...lengths].sort((a, b) => a - b);
console.log(
  `${shape}: ${passages.length} passages, ${tokens} tokens (min ${sorted[0]}, median ${sorted[sorted.length >> 1]}, max ${sorted[sorted.length - 1]})`,
);
await probe.close();

type Runner = { label: string; run: () => Promise<unknown>; close: () => Promise<unknown> };
const runners: Runner[] = [];
const wanted = (label: string) => only === 'all' || label.includes(only);

env.allowRemoteModels = false;
env.localModelPath = modelsDir;
for (const threads of [0, 2]) {
  // threads 0: whatever ONNX Runtime picks when nobody says (what naive code gets).
  const label = `naive pipeline, batches of 16, ${threads || 'default'} threads`;
  if (!wanted(label)) continue;
  const extractor = await pipeline('feature-extraction', modelId, { dtype: 'q8', ...(threads ? { session_options: { intraOpNumThreads: threads } } : {}) });
  await extractor(['passage: warm up'], { pooling: 'mean', normalize: true });
  runners.push({
    label,
    run: async () => {
      for (let i = 0; i < passages.length; i += 16) {
        await extractor(
          passages.slice(i, i + 16).map((text) => `passage: ${text}`),
          { pooling: 'mean', normalize: true },
        );
      }
    },
    close: () => extractor.dispose(),
  });
}

const variants: Array<[string, EmbedderTuning]> = [];
for (const threads of [1, 2]) {
  for (const budget of threads === 1 ? [1024] : [512, 1024, 2048, 8192]) {
    variants.push([`sorted, budget ${budget}, ${threads} thread(s)`, { threads, batchTokenBudget: budget, maxBatchSize: 256 }]);
  }
}
variants.push(['sorted, batch size 1, 2 thread(s)', { threads: 2, maxBatchSize: 1 }]);
variants.push(['sorted, batches of 16, 2 thread(s)', { threads: 2, maxBatchSize: 16, batchTokenBudget: 1e9 }]);
for (const [label, tuning] of variants) {
  if (!wanted(label)) continue;
  const embedder = await loadEmbedder(config, tuning);
  runners.push({ label, run: () => embedder.embedPassages(passages), close: () => embedder.close() });
}

// Rounds interleave the variants so that a burst of load from elsewhere hits them alike; best of N.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const best = new Map<string, number>();
for (let round = 0; round < rounds; round++) {
  for (const runner of runners) {
    const start = performance.now();
    await runner.run();
    const seconds = (performance.now() - start) / 1000;
    best.set(runner.label, Math.min(best.get(runner.label) ?? Infinity, seconds));
  }
}
for (const runner of runners) {
  report(runner.label, best.get(runner.label)!, tokens);
  await runner.close();
}
