import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.ts';
import { loadIndex, currentVersion } from '../../src/index/store.ts';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import type { ArticleDocument } from '../../src/types.ts';
import { hashArticle } from '../../src/corpus/loadCorpus.ts';
import { ErrorCodes, UserError } from '../../src/errors.ts';

function article(docId: string, text: string): ArticleDocument {
  const base = { docId, title: docId, text };
  return { ...base, origin: `${docId}.txt`, contentHash: hashArticle(base) };
}

const documents = [
  article('a', 'قال محافظ حمص طلال البرازي إن القوات دخلت المدينة. وأضاف أن الوضع مستقر.'),
  article('b', 'أعلن تنظيم داعش أنه استولى على دبابات. وقال التنظيM إن الهجوم نجح.'),
];
const analyzer = createAnalyzer();

async function built(): Promise<string> {
  const indexDir = await mkdtemp(path.join(tmpdir(), 'index-'));
  await buildIndex({ indexDir, documents, analyzer, embedder: null });
  return indexDir;
}

test('save → load round-trip keeps documents, passages and search results', async () => {
  const indexDir = await built();
  const loaded = await loadIndex(indexDir);
  assert.deepEqual(loaded.documents, documents);
  assert.equal(loaded.manifest.counts.documents, 2);
  assert.equal(loaded.manifest.model, null);
  assert.equal(loaded.vectors, null);
  for (const passage of loaded.passages) {
    const text = documents.find((document) => document.docId === passage.docId)!.text;
    assert.ok(text.slice(passage.span.start, passage.span.end).length > 0);
  }
  const term = analyzer.terms('حمص')[0]!;
  const hits = loaded.lexical.search([{ alternatives: [{ term, weight: 1 }], weight: 1 }], 3);
  assert.equal(loaded.passages[hits[0]!.passage]!.docId, 'a');
});

test('a rebuild switches CURRENT to a new version and keeps exactly one previous version', async () => {
  const indexDir = await built();
  const first = await currentVersion(indexDir);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await buildIndex({ indexDir, documents, analyzer, embedder: null });
  await new Promise((resolve) => setTimeout(resolve, 5));
  await buildIndex({ indexDir, documents, analyzer, embedder: null });
  const versions = (await readdir(indexDir)).filter((name) => name.startsWith('v-'));
  assert.equal(versions.length, 2);
  assert.notEqual(await currentVersion(indexDir), first);
  assert.ok(!versions.includes(first!), 'the oldest version is pruned');
});

test('damage is detected at load with a clear error that says how to rebuild', async () => {
  const cases: Array<[string, (folder: string) => Promise<void>, RegExp]> = [
    ['truncated lexical index', (folder) => truncate(path.join(folder, 'lexical.bin'), 100), /lexical\.bin has \d+ bytes/],
    [
      'flipped byte',
      async (folder) => {
        const file = path.join(folder, 'passages.bin');
        const bytes = await readFile(file);
        bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
        await writeFile(file, bytes);
      },
      /passages\.bin fails its checksum/,
    ],
    ['missing manifest', (folder) => writeFile(path.join(folder, 'manifest.json'), '{'), /manifest\.json is missing or unreadable/],
  ];
  for (const [name, damage, message] of cases) {
    const indexDir = await built();
    await damage(path.join(indexDir, (await currentVersion(indexDir))!));
    await assert.rejects(loadIndex(indexDir), (error: unknown) => {
      assert.ok(error instanceof UserError, name);
      assert.equal(error.code, ErrorCodes.IndexCorrupt, name);
      assert.match(error.message, message, name);
      assert.match(error.message, /npm run build-index/, name);
      return true;
    });
  }
});

test('no index yet → INDEX_MISSING', async () => {
  const empty = await mkdtemp(path.join(tmpdir(), 'index-empty-'));
  await assert.rejects(loadIndex(empty), (error: unknown) => error instanceof UserError && error.code === ErrorCodes.IndexMissing);
});

test('vector files: a flipped byte or a truncation is detected; a server falls back to the previous version', async () => {
  const { loadEmbedder } = await import('../../src/embedding/embedder.ts');
  const { loadCoreConfig } = await import('../../src/config.ts');
  const { loadBestIndex } = await import('../../src/index/store.ts');
  const { testModelEnv } = await import('../support/fixtures.ts');
  const embedder = await loadEmbedder(loadCoreConfig(testModelEnv));
  try {
    const indexDir = await mkdtemp(path.join(tmpdir(), 'index-vectors-'));
    await buildIndex({ indexDir, documents, analyzer, embedder });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await buildIndex({ indexDir, documents, analyzer, embedder });
    const folder = path.join(indexDir, (await currentVersion(indexDir))!);
    const loaded = await loadIndex(indexDir);
    assert.equal(loaded.vectors!.size, loaded.passages.length);
    assert.equal((await loaded.loadEmbeddings())!.length, loaded.passages.length * 32);

    const file = path.join(folder, 'vectors.hnsw');
    const bytes = await readFile(file);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x55;
    await writeFile(file, bytes);
    await assert.rejects(loadIndex(indexDir), /vectors\.hnsw fails its checksum.*npm run build-index/);
    const best = await loadBestIndex(indexDir);
    assert.notEqual(best.data.version, path.basename(folder));
    assert.match(best.warning!, /damaged.*serving the previous version/);

    await truncate(path.join(folder, 'embeddings.f32'), 10);
    await assert.rejects(loadIndex(indexDir), /embeddings\.f32 has 10 bytes/);
  } finally {
    await embedder.close();
  }
});

test('an index written before label tables (format 2) still loads; an unknown format is refused', async () => {
  const indexDir = await built();
  const version = (await currentVersion(indexDir))!;
  const manifestFile = path.join(indexDir, version, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
  assert.equal(manifest.format, 3);
  await writeFile(manifestFile, JSON.stringify({ ...manifest, format: 2 }));
  const loaded = await loadIndex(indexDir);
  assert.equal(loaded.manifest.format, 2);
  assert.equal(loaded.passages.length, manifest.counts.passages);
  await writeFile(manifestFile, JSON.stringify({ ...manifest, format: 4 }));
  await assert.rejects(
    loadIndex(indexDir),
    (error: unknown) => error instanceof UserError && error.code === ErrorCodes.IndexMismatch && /format 4/.test(error.messages.en),
  );
});
