/**
 * An engine that exists before its first index (buildInBackground, how the bot starts): it refuses
 * questions with INDEX_BUILDING while the build runs, says why a build is pending, and answers once
 * the build is done; a damaged index with no older version to fall back to is rebuilt instead of
 * stopping the start. The CLI's way (build first) is unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCoreConfig } from '../../src/config.ts';
import { createEngine } from '../../src/engine.ts';
import { ErrorCodes, UserError } from '../../src/errors.ts';
import { currentVersion } from '../../src/index/store.ts';
import { seedCorpusDir } from '../support/fixtures.ts';

async function withIndexDir(run: (indexDir: string) => Promise<void>): Promise<void> {
  const indexDir = await mkdtemp(path.join(tmpdir(), 'engine-startup-'));
  try {
    await run(indexDir);
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

const configFor = (indexDir: string) => loadCoreConfig({ CORPUS_DIR: seedCorpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: '', DICTIONARY_PATH: 'off' });
const QUESTION = 'من هو محافظ حمص؟';

test('no index yet: the engine starts without one, refuses questions while the build runs, answers after it', async () => {
  await withIndexDir(async (indexDir) => {
    const engine = await createEngine(configFor(indexDir), { buildIfMissing: true, buildInBackground: true, keepServing: true });
    try {
      assert.equal(engine.hasIndex(), false);
      assert.match(engine.pendingBuild ?? '', /no index/i);
      assert.equal(engine.stats().documents, 0);
      assert.deepEqual(engine.listDocuments(), []);
      assert.ok(engine.notices.some((notice) => /no index to search yet/.test(notice)));
      const building = engine.reindex();
      assert.notEqual(engine.rebuildStatus(), null, 'the build is a rebuild like any other: /reindex joins it');
      await assert.rejects(engine.ask(QUESTION), (error: unknown) => error instanceof UserError && error.code === ErrorCodes.IndexBuilding);
      const summary = await building;
      assert.equal(summary.documents, 5);
      assert.equal(engine.hasIndex(), true);
      assert.equal(engine.pendingBuild, null);
      const answer = await engine.ask(QUESTION);
      assert.match(answer.results[0]!.quote, /محافظ حمص/);
      assert.ok(!engine.notices.some((notice) => /no index to search yet/.test(notice)));
    } finally {
      await engine.close();
    }
  });
});

test('a damaged index with no older version: the start goes on and the build replaces it (it used to stop the bot)', async () => {
  await withIndexDir(async (indexDir) => {
    const config = configFor(indexDir);
    const first = await createEngine(config, { buildIfMissing: true });
    await first.close();
    await truncate(path.join(indexDir, (await currentVersion(indexDir))!, 'lexical.bin'), 100);
    await assert.rejects(createEngine(config, { keepServing: true }), (error: unknown) => error instanceof UserError && error.code === ErrorCodes.IndexCorrupt);

    const engine = await createEngine(config, { buildIfMissing: true, buildInBackground: true, keepServing: true });
    try {
      assert.equal(engine.hasIndex(), false);
      assert.match(engine.pendingBuild ?? '', /lexical\.bin/);
      await engine.reindex();
      assert.match((await engine.ask(QUESTION)).results[0]!.quote, /محافظ حمص/);
    } finally {
      await engine.close();
    }
  });
});

test('an index that loads is served at once: nothing is pending', async () => {
  await withIndexDir(async (indexDir) => {
    const config = configFor(indexDir);
    await (await createEngine(config, { buildIfMissing: true })).close();
    const engine = await createEngine(config, { buildIfMissing: true, buildInBackground: true, keepServing: true });
    try {
      assert.equal(engine.hasIndex(), true);
      assert.equal(engine.pendingBuild, null);
      assert.equal(engine.rebuildStatus(), null);
      assert.match((await engine.ask(QUESTION)).results[0]!.quote, /محافظ حمص/);
    } finally {
      await engine.close();
    }
  });
});
