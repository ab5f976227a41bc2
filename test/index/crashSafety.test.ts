/**
 * A build killed at any moment (kill -9) must leave the current index serving, and no half-written
 * version may ever be loaded. Real processes: `build-index` is killed at several points of its run,
 * then `ask` must still answer from the previous version.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot as root, syntheticArticles, toJsonl } from '../support/fixtures.ts';

function environment(corpusDir: string, indexDir: string): NodeJS.ProcessEnv {
  return { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: '', LOG_LEVEL: 'silent' };
}

function ask(env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', '--json', 'كم دبابة استولى عليها تنظيم داعش؟'], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { results: Array<{ docId: string }> };
}

/** Runs build-index; kills it with SIGKILL after `killAfterMs` (if given). Resolves with its wall time. */
function buildIndex(env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<{ ms: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/buildIndex.ts'], { cwd: root, env, stdio: 'ignore' });
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`build-index exited with ${code}`));
      else resolve({ ms: Date.now() - started, killed: signal === 'SIGKILL' });
    });
  });
}

test('kill -9 at any point of a rebuild leaves the previous index serving', { timeout: 180_000 }, async () => {
  const corpusDir = await mkdtemp(path.join(tmpdir(), 'crash-corpus-'));
  const indexDir = await mkdtemp(path.join(tmpdir(), 'crash-index-'));
  for (const file of readdirSync(path.join(root, 'corpus')).filter((name) => name.endsWith('.txt'))) {
    await copyFile(path.join(root, 'corpus', file), path.join(corpusDir, file));
  }
  const env = environment(corpusDir, indexDir);
  await buildIndex(env);
  const firstVersion = readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();

  // Make the next build long enough to be interrupted in each of its phases.
  await mkdir(path.join(corpusDir, 'extra'), { recursive: true });
  await writeFile(path.join(corpusDir, 'extra', 'synthetic.jsonl'), toJsonl(await syntheticArticles(1500)));
  const probe = await buildIndex({ ...env, INDEX_DIR: await mkdtemp(path.join(tmpdir(), 'crash-probe-')) });

  let expected = firstVersion;
  for (const fraction of [0.2, 0.5, 0.8, 0.95]) {
    const run = await buildIndex(env, Math.round(probe.ms * fraction));
    const pointer = readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
    if (run.killed && pointer === expected) {
      // Killed before the switch: the previous version is still the one in use.
    } else {
      // The build got past its atomic switch (finished, or killed while cleaning up afterwards): the
      // pointer then names the new version, and that version is complete.
      assert.notEqual(pointer, expected, `after a kill at ${fraction} the pointer is either old or new`);
      const manifest = JSON.parse(readFileSync(path.join(indexDir, pointer, 'manifest.json'), 'utf8'));
      assert.equal(manifest.counts.documents, 5 + 1500, 'a version is only pointed to once it is whole');
      expected = pointer;
    }
    const answer = ask(env);
    assert.ok(answer.results.length > 0, 'the index in use answers');
  }

  // A complete build then switches over and cleans up what the killed builds left behind.
  await buildIndex(env);
  const entries = await readdir(indexDir);
  assert.notEqual(readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim(), expected);
  assert.deepEqual(
    entries.filter((name) => name.endsWith('.partial') || name.includes('.tmp-')),
    [],
  );
  assert.equal(entries.filter((name) => name.startsWith('v-')).length, 2, 'new version + the previous one');
  const current = readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
  const manifest = JSON.parse(readFileSync(path.join(indexDir, current, 'manifest.json'), 'utf8'));
  assert.equal(manifest.counts.documents, 5 + 1500);
  assert.ok(ask(env).results.length > 0);
});
