/**
 * Smoke run of `npm run bench` on a tiny input (a few articles, the tiny random model, a small
 * latency index), through the real CLI process: guards against the benchmark silently breaking
 * when the engine, the build or the embedder change. Figures are only checked for sanity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { ensureScaleIndex } from '../../../tools/bench/scaleIndex.ts';
import { percentile, randomUnitVectors } from '../../../tools/bench/stats.ts';
import type { ArticleDocument } from '../../../src/types.ts';
import { hashArticle } from '../../../src/corpus/loadCorpus.ts';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot as root, testModel, testModelsDir, writeSyntheticBenchData } from '../../support/fixtures.ts';

test('bench --json on a tiny input prints one JSON line with sane figures', async () => {
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'bench-cache-'));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-data-'));
  try {
    // Synthetic articles and questions laid out as ../shared/data, and the repository's test model.
    await writeSyntheticBenchData(dataDir, 40);
    const args = [
      '--articles',
      '3',
      '--scale-articles',
      '30',
      '--incremental-articles',
      '20',
      '--queries',
      '6',
      '--model',
      testModel,
      '--incremental-model',
      testModel,
      '--models-dir',
      testModelsDir,
      '--data-dir',
      dataDir,
      '--cache-dir',
      cacheDir,
      '--json',
    ];
    const first = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'tools/bench/cli.ts'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
      timeout: 180_000,
    });
    assert.equal(first.status, 0, first.stderr);
    const lines = first.stdout.trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1]!);

    for (const field of [
      'passages',
      'avgTokens',
      'embedPassagesPerSec',
      'embedTokensPerSec',
      'naivePassagesPerSec',
      'speedup',
      'buildSeconds',
      'queryP50ms',
      'queryP95ms',
      'queryP99ms',
      'indexPassages',
      'coldStartMs',
      'rssMB',
      'eventLoopMaxDelayMs',
      'incrementalShare',
      'incrementalSeconds',
      'incrementalFullBuildSeconds',
      'int8PeakGopsPerCore',
      'linearShareOfPeak',
      'tokensPerSecCeiling',
    ]) {
      assert.equal(typeof result[field], 'number', `${field} is a number`);
      assert.ok(Number.isFinite(result[field]) && result[field] >= 0, `${field} = ${result[field]}`);
    }
    assert.equal(result.model, testModel);
    assert.ok(result.passages >= 3);
    assert.ok(result.queryP50ms <= result.queryP95ms && result.queryP95ms <= result.queryP99ms);
    assert.ok(result.indexPassages > 30, 'the latency index holds the passages of 30 articles');
    assert.ok(result.speedup > 0 && result.embedTokensPerSec > result.embedPassagesPerSec);
    assert.ok(result.rssMB > 50 && result.rssMB < 4096);
    assert.equal(result.incrementalReembedded, result.incrementalChangedPassages, 'only the changed article is embedded again');
    assert.equal(result.incrementalGraphCarried, true, 'the HNSW graph is carried over, not built again');
    assert.equal(result.scaleIncrementalGraphCarried, true, "and so at the latency index's size");
    assert.ok(result.scaleIncrementalReembedded > 0 && result.scaleIncrementalReembedded < result.indexPassages / 10);
    assert.ok(result.incrementalShare > 0 && result.incrementalShare < 1);
    assert.ok(result.langchain, 'the LangChain comparison ran');
    assert.ok(result.langchain.buildRatio > 0 && result.langchain.queryP95Ratio > 0);
    assert.ok(result.langchain.top10Agreement >= 0.5 && result.langchain.top10Agreement <= 1, `agreement ${result.langchain.top10Agreement}`);
    assert.equal(result.indexFromCache, false);
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
});

function article(docId: string, text: string): ArticleDocument {
  const fields = { docId, title: docId, text };
  return { ...fields, origin: 'test', contentHash: hashArticle(fields) };
}

test('the latency index is built once and then loaded from its cache folder, keyed by its inputs', async () => {
  const cacheRoot = await mkdtemp(path.join(tmpdir(), 'bench-scale-'));
  const newsDir = await mkdtemp(path.join(tmpdir(), 'bench-news-'));
  try {
    const { writeFile } = await import('node:fs/promises');
    for (const name of ['saudinewsnet.jsonl.gz', 'ant.jsonl.gz']) await writeFile(path.join(newsDir, name), name);
    const documents = [
      article('a', 'ارتفعت أسعار النفط اليوم. وقال المحللون إن الطلب يزداد.'),
      article('b', 'فاز الفريق بالمباراة. واحتفل المشجعون في الشوارع.'),
    ];
    const model = { id: 'stand-in', dimensions: 8, queryPrefix: 'query: ', passagePrefix: 'passage: ', dtype: 'q8' };
    const options = { cacheRoot, newsDir, documents, model, log: () => {} };
    const first = await ensureScaleIndex(options);
    assert.equal(first.fromCache, false);
    assert.ok(first.passages >= 2);
    const second = await ensureScaleIndex(options);
    assert.equal(second.fromCache, true);
    assert.equal(second.indexDir, first.indexDir);
    const other = await ensureScaleIndex({ ...options, documents: documents.slice(0, 1) });
    assert.equal(other.fromCache, false);
    assert.notEqual(other.indexDir, first.indexDir);
    assert.equal(existsSync(first.indexDir), false, 'a stale key is removed');
  } finally {
    await rm(cacheRoot, { recursive: true, force: true });
    await rm(newsDir, { recursive: true, force: true });
  }
});

test('stand-in vectors are unit length and reproducible; percentiles are nearest-rank', () => {
  const a = randomUnitVectors(3, 5, 7);
  const b = randomUnitVectors(3, 5, 7);
  assert.deepEqual(a, b);
  for (let row = 0; row < 3; row++) {
    const norm = Math.hypot(...a.subarray(row * 5, row * 5 + 5));
    assert.ok(Math.abs(norm - 1) < 1e-5);
  }
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(samples, 50), 50);
  assert.equal(percentile(samples, 95), 95);
  assert.equal(percentile(samples, 99), 99);
  assert.equal(percentile([7], 99), 7);
});
