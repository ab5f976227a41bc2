/** `npm run -s report` through real processes: the figures as text or JSON, the chart as a PNG file, usage errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/fixtures.ts';
import { pngSize } from '../support/png.ts';
import { smallHistory, tempDataConfig } from '../support/recorded.ts';

function report(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
}

test('report prints the figures of a period and writes the chart', () => {
  const { config } = smallHistory();
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'report-')), 'report.png');
  const run = report(config.dataDir, '--since', '2026-03-10', '--until', '2026-03-15', '--out', out);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Period: 2026-03-10 – 2026-03-15 \(6 days, UTC\)$/m);
  assert.match(run.stdout, /^Questions 6 · answered confidently 50\.0% · rated 👍 33\.3% of 3 votes$/m);
  assert.match(run.stdout, /^ {2}ar: Questions 5 · answered confidently 40\.0% · rated 👍 33\.3% of 3 votes$/m);
  assert.match(run.stdout, /^ {2}1\. 2× عاصمة قطر — unanswered 2, 👎 1 \(“no answer in these articles” 1\)$/m);
  const { width, height } = pngSize(readFileSync(out));
  assert.match(run.stderr, new RegExp(`Chart: .*report\\.png \\(${width}×${height} PNG\\)`));
});

test('report --json gives the figures the bot uses; --lang ar writes them in Arabic', () => {
  const { config } = smallHistory();
  const json = report(config.dataDir, '--since', '2026-03-10', '--until', '2026-03-15', '--json');
  assert.equal(json.status, 0, json.stderr);
  const figures = JSON.parse(json.stdout);
  assert.deepEqual(figures.total, { questions: 6, confident: 3, votes: 3, up: 1 });
  assert.equal(figures.byDay.length, 6);
  const arabic = report(config.dataDir, '--since', '2026-03-10', '--until', '2026-03-15', '--lang', 'ar');
  assert.equal(arabic.status, 0, arabic.stderr);
  assert.match(arabic.stdout, /الأسئلة 6 · أجيب بثقة 50\.0%/);
});

test('report: a bad date or flag is a usage error (exit 2); no database yet is one line (exit 1)', () => {
  const { config } = smallHistory();
  const badDate = report(config.dataDir, '--since', '2026-13-01');
  assert.equal(badDate.status, 2);
  assert.match(badDate.stderr, /--since must be a date written YYYY-MM-DD/);
  const badFlag = report(config.dataDir, '--bogus');
  assert.equal(badFlag.status, 2);
  assert.match(badFlag.stderr, /Usage: npm run -s report/);
  const empty = report(path.join(tempDataConfig().dataDir, 'nothing-here'));
  assert.equal(empty.status, 1);
  assert.equal(empty.stderr.trim().split('\n').length, 1);
  assert.match(empty.stderr, /^no database at .* yet: nothing has been recorded/);
});
