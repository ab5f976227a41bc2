/**
 * kill -9 in the middle of recording: a real child process records batches of answers as fast as it
 * can and is killed with SIGKILL while writing. The database must open afterwards (as the bot would
 * open it), pass SQLite's integrity check, hold every batch the child had reported committed, and no
 * part of any batch: a batch is one transaction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { databasePath } from '../../src/data/database.ts';
import { openRecorder } from '../../src/data/recorder.ts';
import { repoRoot } from '../support/fixtures.ts';
import { answerTo, tempDataConfig, userId } from '../support/recorded.ts';

const BATCH = 400;

/** The child: records batches forever, printing "committed N" after each flush returns. */
const CHILD = `
import { openRecorder } from './src/data/recorder.ts';
const recorder = openRecorder(
  { dataDir: process.env.DATA_DIR, recording: true, retentionDays: 0, hashSecret: 'a test secret of some length' },
  { log: (line) => process.stderr.write(line + '\\n'), batchSize: ${BATCH}, flushDelayMs: 3_600_000, maxQueued: ${BATCH} },
);
const passages = [1, 2, 3].map((rank) => ({ rank, docId: 'doc-' + rank, passageId: 'doc-' + rank + '#' + rank, title: '', source: null, url: null, date: null, quote: '', sentence: '', sentenceSpan: { start: 0, end: 0 }, score: rank }));
for (let batch = 0; ; batch++) {
  for (let item = 0; item < ${BATCH}; item++) {
    const answer = { question: 'سؤال رقم ' + item + ' من الدفعة ' + batch + ' عن محافظ حمص', lang: 'ar', mode: 'lexical', confident: item % 2 === 0, notices: [], results: passages };
    recorder.recordAnswer({ answer, via: 'slash', userId: String(item), guildId: process.env.RUN, channelId: String(batch), latencyMs: 3 });
  }
  recorder.flush();
  process.stdout.write('committed ' + batch + '\\n');
}
`;

/** Runs the child until it has reported `commits` batches, then kills it; resolves with the last batch it reported. */
function recordThenKill(dataDir: string, run: number, commits: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', CHILD], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir, RUN: String(run) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = -1;
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) last = Number(line.replace('committed ', ''));
      // The child goes on writing the next batch while this line travels: the kill lands mid-write.
      if (last + 1 >= commits) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`the recording child exited with ${code}: ${stderr}`));
    });
  });
}

test('kill -9 while recording: the database opens, every committed batch is whole, nothing is half-written', { timeout: 120_000 }, async (t) => {
  const config = tempDataConfig();
  const reported = new Map<number, number>();
  for (const [run, commits] of [
    [1, 2],
    [2, 5],
    [3, 9],
  ] as const) {
    reported.set(run, await recordThenKill(config.dataDir, run, commits));
  }
  const db = new BetterSqlite3(databasePath(config.dataDir));
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  const batches = db
    .prepare('SELECT CAST(guild_id AS INTEGER) AS run, CAST(channel_id AS INTEGER) AS batch, count(*) AS answers FROM answers GROUP BY 1, 2 ORDER BY 1, 2')
    .all() as Array<{ run: number; batch: number; answers: number }>;
  for (const { run, batch, answers } of batches) assert.equal(answers, BATCH, `run ${run} batch ${batch} is whole`);
  for (const [run, last] of reported) {
    const written = batches.filter((row) => row.run === run).map((row) => row.batch);
    // Every batch it said was committed is there; the one it was writing when killed may be too (committed before the kill), but whole.
    assert.deepEqual(
      written.slice(0, last + 1),
      Array.from({ length: last + 1 }, (_, index) => index),
      `run ${run}: batches 0–${last}`,
    );
    assert.ok(written.length <= last + 2, `run ${run}: at most the batch in flight beyond the last reported`);
    t.diagnostic(`run ${run}: killed after reporting batch ${last}; ${written.length} whole batches in the file`);
  }
  for (const row of db.prepare('SELECT passages FROM answers').iterate() as Iterable<{ passages: string }>) assert.equal(JSON.parse(row.passages).length, 3);
  db.close();

  // The bot opens it as usual and goes on recording.
  const lines: string[] = [];
  const recorder = openRecorder(config, { log: (line) => lines.push(line) });
  assert.equal(recorder.recording, true);
  recorder.recordAnswer({ answer: answerTo('سؤال بعد الانهيار'), via: 'slash', userId: userId(1), guildId: null, channelId: null, latencyMs: 1 });
  recorder.close();
  assert.deepEqual(lines, []);
});
