/**
 * The retrieval core end to end with a real (tiny, random-weight) ONNX model through MODELS_DIR:
 * hybrid search works, the manifest pins the model, unchanged documents keep their vectors, a
 * rebuild swaps atomically and joins concurrent requests, and mismatches are detected.
 * Random weights: nothing here asserts on the meaning of dense rankings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, appendFile, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCoreConfig } from '../src/config.ts';
import { createEngine } from '../src/engine.ts';
import { readManifest } from '../src/index/store.ts';
import { ErrorCodes, UserError } from '../src/errors.ts';
import { repoRoot as root, testModel, testModelsDir as models } from './support/fixtures.ts';
import { writeTestModel } from '../tools/testModel/writeTestModel.ts';

async function setup(model = testModel) {
  const corpusDir = await mkdtemp(path.join(tmpdir(), 'engine-corpus-'));
  await cp(path.join(root, 'corpus'), corpusDir, { recursive: true });
  const indexDir = await mkdtemp(path.join(tmpdir(), 'engine-index-'));
  const config = loadCoreConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: model, MODELS_DIR: models, ALLOW_REMOTE_MODELS: 'false' }, root);
  return { config, corpusDir, indexDir };
}

test('hybrid search end to end with a local model folder', async () => {
  const { config, indexDir } = await setup();
  const engine = await createEngine(config, { buildIfMissing: true });
  try {
    assert.deepEqual(
      engine.notices.filter((notice) => /model/i.test(notice)),
      [],
    );
    const answer = await engine.ask('كم دبابة استولى عليها تنظيم داعش؟', { k: 3 });
    assert.equal(answer.mode, 'hybrid');
    assert.equal(answer.results.length, 3);
    for (const result of answer.results) assert.ok(result.quote.includes(result.sentence));
    const manifest = (await readManifest(indexDir))!;
    assert.deepEqual(
      {
        id: manifest.model?.id,
        dimensions: manifest.model?.dimensions,
        queryPrefix: manifest.model?.queryPrefix,
        passagePrefix: manifest.model?.passagePrefix,
      },
      { id: testModel, dimensions: 32, queryPrefix: 'query: ', passagePrefix: 'passage: ' },
    );
    assert.equal(manifest.counts.embedded, manifest.counts.passages);
    const lexical = await engine.ask('كم دبابة استولى عليها تنظيم داعش؟', { k: 3, mode: 'lexical' });
    assert.equal(lexical.mode, 'lexical');
    assert.equal(lexical.results[0]!.docId, '004_ae0401a271bd997a');
  } finally {
    await engine.close();
  }
});

test('reindex: concurrent requests join one build; only the changed article is embedded again', async () => {
  const { config, corpusDir } = await setup();
  const engine = await createEngine(config, { buildIfMissing: true });
  try {
    const before = engine.stats();
    await appendFile(path.join(corpusDir, '002_34f23a83167b2840.txt'), '\nوأضاف المصدر أن المعارك استمرت حتى المساء.\n');
    const first = engine.reindex();
    const second = engine.reindex();
    assert.equal(first, second, 'a second reindex joins the running one');
    const summary = await first;
    const changedPassages = engine.listDocuments().find((document) => document.docId === '002_34f23a83167b2840')!.passages;
    assert.equal(summary.embedded, changedPassages);
    assert.equal(summary.reused, summary.passages - changedPassages);
    assert.notEqual(engine.stats().builtAt, before.builtAt, 'the engine swapped to the new version');
  } finally {
    await engine.close();
  }
});

test("the bot's set-up (model and builds in worker threads): rebuilds off the main thread, answers meanwhile, failures keep the old index", async () => {
  const { config, corpusDir } = await setup();
  const engine = await createEngine(config, { buildIfMissing: true, embedInWorker: true, keepServing: true });
  try {
    assert.equal(engine.lastBuild?.embedded, engine.stats().passages, 'the first build ran in the worker, with the model');
    assert.equal((await engine.ask('كم دبابة استولى عليها تنظيم داعش؟')).mode, 'hybrid');
    const before = engine.stats();
    await appendFile(path.join(corpusDir, '002_34f23a83167b2840.txt'), '\nوأضاف المصدر أن المعارك استمرت حتى المساء.\n');
    const phases = new Set<string>();
    const stopFollowing = engine.onRebuildProgress((progress) => phases.add(progress.phase));
    const rebuild = engine.reindex();
    assert.deepEqual(engine.rebuildStatus(), { progress: null }, 'a rebuild is running, with no progress yet');
    // The main thread is free: questions are answered from the old version while the worker builds.
    const during = await engine.ask('كم دبابة استولى عليها تنظيم داعش؟', { mode: 'lexical' });
    assert.equal(during.results[0]!.docId, '004_ae0401a271bd997a');
    const summary = await rebuild;
    stopFollowing();
    assert.equal(engine.rebuildStatus(), null);
    assert.ok(phases.has('embed') && phases.has('write'), `progress crosses the thread: ${[...phases].join(', ')}`);
    const changedPassages = engine.listDocuments().find((document) => document.docId === '002_34f23a83167b2840')!.passages;
    assert.equal(summary.embedded, changedPassages, "the worker reuses the previous version's vectors");
    assert.equal(summary.reused, summary.passages - changedPassages);
    assert.notEqual(engine.stats().builtAt, before.builtAt);

    // A build that fails in the worker (here: a corpus folder that cannot be read) rejects with the
    // reason and leaves the current version serving.
    const built = engine.stats().builtAt;
    await writeFile(path.join(corpusDir, 'not-a-folder'), '');
    const broken = { ...config, corpusDir: path.join(corpusDir, 'not-a-folder') };
    const failing = await createEngine(broken, { embedInWorker: true, keepServing: true });
    try {
      await assert.rejects(failing.reindex(), /build/i);
      assert.equal(failing.stats().builtAt, built);
      assert.ok((await failing.ask('كم دبابة استولى عليها تنظيم داعش؟')).results.length > 0);
    } finally {
      await failing.close();
    }
  } finally {
    await engine.close();
  }
});

test('an index built with another model: a clear error for the CLI, lexical answers for a server', async () => {
  const { config } = await setup();
  const first = await createEngine(config, { buildIfMissing: true });
  await first.close();
  // Another model: the test model's generator at another width, in a models folder of its own.
  const otherModels = await mkdtemp(path.join(tmpdir(), 'engine-models-'));
  await writeTestModel(path.join(otherModels, 'tiny-xlmr-test-48'), { hidden: 48 });
  const other = { ...config, embeddingModel: 'tiny-xlmr-test-48', modelsDir: otherModels };
  await assert.rejects(createEngine(other), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.code, ErrorCodes.IndexMismatch);
    assert.match(error.message, /built with tiny-xlmr-test \(32 dimensions\) but EMBEDDING_MODEL is tiny-xlmr-test-48 \(48\).*npm run build-index/);
    return true;
  });
  const serving = await createEngine(other, { keepServing: true });
  try {
    assert.ok(serving.notices.some((notice) => /searching lexically until the index is rebuilt/.test(notice)));
    assert.equal((await serving.ask('من هو محافظ حمص؟')).mode, 'lexical');
  } finally {
    await serving.close();
  }
});

test('an index built with another text analysis is rebuilt by ask, and is an error otherwise', async () => {
  const { config, indexDir } = await setup();
  const first = await createEngine({ ...config, embeddingModel: '' }, { buildIfMissing: true });
  await first.close();
  const manifestPath = path.join(indexDir, (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim(), 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.analyzer = 'text-v0:old';
  await writeFile(manifestPath, JSON.stringify(manifest));
  await assert.rejects(createEngine({ ...config, embeddingModel: '' }), /text analysis text-v0:old.*npm run build-index/);
  const rebuilt = await createEngine({ ...config, embeddingModel: '' }, { buildIfMissing: true });
  try {
    assert.notEqual((await readManifest(indexDir))!.analyzer, 'text-v0:old');
    assert.equal((await rebuilt.ask('كم دبابة استولى عليها تنظيم داعش؟')).results[0]!.docId, '004_ae0401a271bd997a');
  } finally {
    await rebuilt.close();
  }
});

test('a server starts before hashing the index, then moves to the last good version if a checksum fails', async () => {
  const { config, indexDir } = await setup();
  const lexicalOnly = { ...config, embeddingModel: '' };
  (await createEngine(lexicalOnly, { buildIfMissing: true })).close();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = await createEngine(lexicalOnly, { buildIfMissing: true });
  await second.reindex();
  await second.close();
  const current = (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim();
  const file = path.join(indexDir, current, 'texts.bin');
  const bytes = await readFile(file);
  bytes[10] = bytes[10]! ^ 0x01; // same size: only the checksum can tell
  await writeFile(file, bytes);

  const serving = await createEngine(lexicalOnly, { keepServing: true });
  try {
    const deadline = Date.now() + 5000;
    while (!serving.notices.some((notice) => /texts\.bin fails its checksum.*serving the previous version/.test(notice))) {
      assert.ok(Date.now() < deadline, `no fallback notice: ${serving.notices.join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const answer = await serving.ask('كم دبابة استولى عليها تنظيم داعش؟');
    assert.equal(answer.results[0]!.docId, '004_ae0401a271bd997a');
    assert.match(answer.results[0]!.quote, /30 دبابة/);
  } finally {
    await serving.close();
  }
});

test('CONFIDENCE_THRESHOLD moves the answer/abstain decision: 1 abstains on everything, 0 answers everything', async () => {
  const { config } = await setup();
  const lexical = { ...config, embeddingModel: '' };
  const fitted = await createEngine(lexical, { buildIfMissing: true });
  try {
    assert.equal((await fitted.ask('من هو محافظ حمص؟')).confident, true);
    assert.equal((await fitted.ask('ما هي عاصمة أستراليا؟')).confident, false);
  } finally {
    await fitted.close();
  }
  for (const [threshold, confident] of [
    [1, false],
    [0, true],
  ] as const) {
    const engine = await createEngine({ ...lexical, confidenceThreshold: threshold });
    try {
      for (const question of ['من هو محافظ حمص؟', 'ما هي عاصمة أستراليا؟'])
        assert.equal((await engine.ask(question)).confident, confident, `${threshold}: ${question}`);
    } finally {
      await engine.close();
    }
  }
  assert.throws(() => loadCoreConfig({ CONFIDENCE_THRESHOLD: '1.5' }), /CONFIDENCE_THRESHOLD must be a number from 0 to 1/);
  assert.equal(loadCoreConfig({ CONFIDENCE_THRESHOLD: '0.4' }).confidenceThreshold, 0.4);
});
