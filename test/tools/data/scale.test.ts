/** The database scale tool, small: it fills, measures and reports every figure the README quotes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, toJsonl } from '../../support/fixtures.ts';

test('tools/data/scale.ts fills a database and reports its size and timings', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'data-scale-'));
  const questions = path.join(work, 'questions.jsonl');
  writeFileSync(
    questions,
    toJsonl(
      ['من هو محافظ حمص؟', 'كم دبابة استولى عليها التنظيم؟', 'متى تأسست أرامكو؟', 'Who is the governor of Homs?'].map((question) => ({ question, gold: [] })),
    ),
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/data/scale.ts', '--rows', '3000', '--days', '30', '--questions', questions, '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
  assert.equal(result.rows, 3000);
  for (const key of ['fileMB', 'bytesPerAnswer', 'statsMonthMedianMs', 'statsWholePeriodMs', 'chartMedianMs', 'flush200MedianMs', 'forgetMs', 'retentionMs']) {
    assert.equal(typeof result[key], 'number', key);
  }
  assert.ok(result.votes > 0 && result.gapsInMonth > 0);
});
