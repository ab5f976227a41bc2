import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { loadCoreConfig } from '../../src/config.ts';
import type { CoreConfig } from '../../src/config.ts';
import { loadEmbedder, ModelUnavailableError, planBatches } from '../../src/embedding/embedder.ts';
import type { InProcessEmbedder } from '../../src/embedding/embedder.ts';
import { loadWorkerEmbedder } from '../../src/embedding/workerEmbedder.ts';
import { testModel, testModelsDir } from '../support/fixtures.ts';

// The repository's random-weight model, laid out like Xenova/multilingual-e5-small (tools/testModel).
const MODELS_DIR = testModelsDir;
const MODEL = testModel;

function testConfig(overrides: Record<string, string> = {}): CoreConfig {
  return loadCoreConfig({ EMBEDDING_MODEL: MODEL, MODELS_DIR, ALLOW_REMOTE_MODELS: 'false', EMBED_THREADS: '1', ...overrides }, '/');
}

const PASSAGES = [
  'أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة.',
  'x',
  'The central bank kept interest rates unchanged on Tuesday.',
  'وقال المتحدث باسم الحكومة إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة، بعد توقف دام شهرين بسبب الخلافات حول تقاسم الموارد المائية بين البلدين.',
  'مرحبا',
  'x',
];

/**
 * The int8 model quantizes activations dynamically, with one scale per tensor: the other passages in
 * a batch (and their padding) shift a vector by up to ~1e-3 (cosine to the unbatched vector > 0.99999).
 * Vectors of different passages differ by far more, so this still proves order and pooling.
 */
const BATCH_TOLERANCE = 2e-3;

function assertClose(actual: Float32Array, expected: ArrayLike<number>, tolerance: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  assert.ok(worst <= tolerance, `${label}: max difference ${worst} > ${tolerance}`);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (norm(a) * norm(b));
}

function norm(vector: Float32Array): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

let embedder: InProcessEmbedder;

before(async () => {
  embedder = await loadEmbedder(testConfig());
});

after(async () => {
  await embedder?.close();
});

test('reads dimensions from the model and keeps the configured prefixes', () => {
  assert.equal(embedder.modelId, MODEL);
  assert.equal(embedder.dimensions, 32);
  assert.equal(embedder.queryPrefix, 'query: ');
  assert.equal(embedder.passagePrefix, 'passage: ');
});

test('a query and a passage of the same text embed differently (prefixes reach the model)', async () => {
  const query = await embedder.embedQuery('x');
  const [passage] = await embedder.embedPassages(['x']);
  assert.notDeepEqual(Array.from(query), Array.from(passage!));
});

test('vectors have unit length', async () => {
  for (const vector of [...(await embedder.embedPassages(PASSAGES)), await embedder.embedQuery('ما هي عاصمة مصر؟')]) {
    assert.ok(Math.abs(norm(vector) - 1) < 1e-5, `norm ${norm(vector)}`);
  }
});

test('vectors equal transformers.js feature-extraction with mean pooling and normalization', async () => {
  env.allowRemoteModels = false;
  env.localModelPath = MODELS_DIR + path.sep;
  const extractor = await pipeline('feature-extraction', MODEL, { dtype: 'q8' });
  try {
    const batched = await embedder.embedPassages(PASSAGES);
    for (const [i, text] of PASSAGES.entries()) {
      const reference = (await extractor(`passage: ${text}`, { pooling: 'mean', normalize: true })).data as Float32Array;
      const [alone] = await embedder.embedPassages([text]);
      assertClose(alone!, reference, 1e-4, `passage ${i}`);
      assertClose(batched[i]!, reference, BATCH_TOLERANCE, `passage ${i} in a batch`);
    }
    const question = 'متى افتتح المستشفى؟';
    const reference = await extractor(`query: ${question}`, { pooling: 'mean', normalize: true });
    assertClose(await embedder.embedQuery(question), reference.data as Float32Array, 1e-4, 'query');
  } finally {
    await extractor.dispose();
  }
});

test('length-sorted batching returns vectors in the caller’s order', async () => {
  const together = await embedder.embedPassages(PASSAGES);
  const progress: number[] = [];
  const reversed = await embedder.embedPassages([...PASSAGES].reverse(), (done) => progress.push(done));
  for (const [i, vector] of together.entries()) {
    const alone = (await embedder.embedPassages([PASSAGES[i]!]))[0]!;
    assertClose(vector, alone, BATCH_TOLERANCE, `passage ${i} batched vs alone`);
    assertClose(reversed[PASSAGES.length - 1 - i]!, alone, BATCH_TOLERANCE, `passage ${i} in reversed input`);
    assert.ok(cosine(vector, alone) > 0.99999, `passage ${i}: cosine ${cosine(vector, alone)}`);
  }
  // Repeated texts ("x" twice) share one computation but not one buffer.
  assert.notEqual(together[1]!.buffer, together[5]!.buffer);
  assert.equal(progress.at(-1), PASSAGES.length);
});

test('embedPassages of nothing is nothing', async () => {
  assert.deepEqual(await embedder.embedPassages([]), []);
});

test('texts longer than the model maximum are truncated, not rejected', async () => {
  const long = 'كلمة '.repeat(2000);
  const [count] = embedder.countTokens([long]);
  assert.ok(count! > 512, `expected a long input, got ${count} tokens`);
  const [vector] = await embedder.embedPassages([long]);
  assert.ok(Math.abs(norm(vector!) - 1) < 1e-5);
});

test('countTokens counts the passage prefix and special tokens', () => {
  const [empty, word] = embedder.countTokens(['', 'مرحبا']);
  assert.ok(empty! >= 3, `"<s> passage: </s>" is at least 3 tokens, got ${empty}`);
  assert.ok(word! > empty!);
});

test('a missing model gives ModelUnavailableError with a one-line message, without going online', async () => {
  const started = Date.now();
  const error = await loadEmbedder(testConfig({ EMBEDDING_MODEL: 'Xenova/no-such-model' })).then(
    () => assert.fail('loaded a model that does not exist'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ModelUnavailableError, String(error));
  assert.match(error.message, /^Embedding model Xenova\/no-such-model could not be loaded \(.+\): .*MODELS_DIR.*EMBEDDING_MODEL/);
  assert.doesNotMatch(error.message, /\n|\s+at\s/);
  assert.ok(Date.now() - started < 5000);
});

test('a damaged model file gives ModelUnavailableError', async () => {
  const { mkdtemp, cp, writeFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const folder = await mkdtemp(path.join(tmpdir(), 'models-'));
  try {
    await cp(path.join(MODELS_DIR, MODEL), path.join(folder, 'broken'), { recursive: true });
    await writeFile(path.join(folder, 'broken', 'onnx', 'model_quantized.onnx'), 'not an onnx graph');
    const error = await loadEmbedder(testConfig({ MODELS_DIR: folder, EMBEDDING_MODEL: 'broken' })).catch((caught: unknown) => caught);
    assert.ok(error instanceof ModelUnavailableError, String(error));
    assert.doesNotMatch(error.message, /\n/);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('an empty EMBEDDING_MODEL is reported, not loaded', async () => {
  const config = { ...testConfig(), embeddingModel: '' };
  await assert.rejects(loadEmbedder(config), ModelUnavailableError);
});

test('the worker embedder gives the same vectors as the in-process one', async () => {
  const worker = await loadWorkerEmbedder(testConfig());
  try {
    assert.equal(worker.dimensions, embedder.dimensions);
    assert.equal(worker.modelId, MODEL);
    const progress: Array<[number, number]> = [];
    const [fromWorker, inProcess] = await Promise.all([
      worker.embedPassages(PASSAGES, (done, total) => progress.push([done, total])),
      embedder.embedPassages(PASSAGES),
    ]);
    for (const [i, vector] of inProcess.entries()) {
      assert.ok(fromWorker[i] instanceof Float32Array);
      assertClose(fromWorker[i]!, vector, 1e-6, `passage ${i}`);
    }
    assert.deepEqual(progress.at(-1), [PASSAGES.length, PASSAGES.length]);
    assertClose(await worker.embedQuery('سؤال'), await embedder.embedQuery('سؤال'), 1e-6, 'query');
  } finally {
    await worker.close();
  }
  await assert.rejects(worker.embedQuery('after close'), /closed/);
});

test('the worker embedder reports a missing model as ModelUnavailableError', async () => {
  const error = await loadWorkerEmbedder(testConfig({ EMBEDDING_MODEL: 'Xenova/no-such-model' })).catch((caught: unknown) => caught);
  assert.ok(error instanceof ModelUnavailableError, String(error));
  assert.match(error.message, /^Embedding model Xenova\/no-such-model could not be loaded/);
  assert.doesNotMatch(error.message, /\n/);
});

test('planBatches: similar lengths together, within the token budget, every item once', () => {
  const lengths = [10, 500, 12, 300, 11, 290, 9, 40];
  const batches = planBatches(lengths, 600, 64);
  assert.deepEqual(
    batches.flat().sort((a, b) => a - b),
    lengths.map((_, i) => i),
  );
  for (const batch of batches) {
    const widest = Math.max(...batch.map((i) => lengths[i]!));
    assert.ok(batch.length === 1 || batch.length * widest <= 600, `batch ${batch} exceeds the budget`);
  }
  // 300 and 290 share a batch; the four short ones share one.
  assert.ok(batches.some((batch) => batch.includes(3) && batch.includes(5)));
  assert.ok(batches.some((batch) => [0, 2, 4, 6].every((i) => batch.includes(i))));
  assert.deepEqual(
    planBatches([5, 5, 5], 1000, 2).map((batch) => batch.length),
    [2, 1],
  );
});
