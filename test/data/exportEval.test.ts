/**
 * Users' ratings as an eval set: 👍 answers give their first passage's document as gold, "no answer
 * in these articles" gives gold [] (expected to abstain); and `npm run -s eval` runs on the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databasePath, openDatabase } from '../../src/data/database.ts';
import { exportEvalSet } from '../../src/data/exportEval.ts';
import { openRecorder } from '../../src/data/recorder.ts';
import { repoRoot, seedCorpusDir, toJsonl } from '../support/fixtures.ts';
import { answerTo, DAY, NOW, tempDataConfig, userId } from '../support/recorded.ts';

const ALL_TIME = { since: 0, until: Number.MAX_SAFE_INTEGER };

function ratedHistory() {
  const config = tempDataConfig();
  const recorder = openRecorder(config, { log: () => {}, now: () => NOW });
  const ask = (question: string, docIds: string[], askedAt = NOW) =>
    recorder.recordAnswer({ answer: answerTo(question, { docIds }), via: 'slash', userId: userId(1), guildId: null, channelId: null, latencyMs: 5, askedAt })!;
  const homs = ask('من هو محافظ حمص؟', ['004_ae0401a271bd997a', '000_ad0a4181cb12e396'], NOW - 2 * DAY);
  const homsAgain = ask('من هو  محافظ حمص', ['004_ae0401a271bd997a']);
  const mars = ask('ما عاصمة المريخ؟', ['001_c36be99214f2191f']);
  const disputed = ask('سؤال مختلف عليه', ['002_34f23a83167b2840']);
  const wrong = ask('سؤال أجيب عنه خطأ', ['003_28e187cefc1c6878']);
  ask('سؤال بلا تقييم', ['003_28e187cefc1c6878']);
  recorder.vote(homs, userId(2), 1);
  recorder.vote(homsAgain, userId(3), 1);
  recorder.vote(mars, userId(2), -1, 'no-answer');
  recorder.vote(disputed, userId(2), 1);
  recorder.vote(disputed, userId(3), -1);
  recorder.vote(disputed, userId(4), -1, 'no-answer');
  recorder.vote(wrong, userId(2), -1, 'wrong-passage');
  recorder.close();
  return { config, homs, mars };
}

test('👍 answers become gold documents, "no answer" becomes an abstention, everything else is left out', () => {
  const { config, homs, mars } = ratedHistory();
  const db = openDatabase(databasePath(config.dataDir));
  assert.deepEqual(exportEvalSet(db, ALL_TIME), [
    // Asked twice (same words), rated 👍 both times: one line, its first passage's document.
    { id: `feedback-${homs}`, question: 'من هو محافظ حمص؟', gold: ['004_ae0401a271bd997a'] },
    { id: `feedback-${mars}`, question: 'ما عاصمة المريخ؟', gold: [] },
    // "disputed": one 👍, two 👎 (one of them "no answer"): neither gold nor an abstention. "wrong passage": no gold known.
  ]);
  assert.deepEqual(
    exportEvalSet(db, { since: NOW - DAY, until: NOW + DAY }).map((line) => line.question),
    ['من هو  محافظ حمص', 'ما عاصمة المريخ؟'],
  );
  db.close();
});

test('export-eval through the CLI, then npm run eval on the exported set over a tiny corpus', () => {
  const { config } = ratedHistory();
  const work = mkdtempSync(path.join(tmpdir(), 'export-eval-'));
  const queries = path.join(work, 'feedback.jsonl');
  const env = {
    ...process.env,
    DATA_DIR: config.dataDir,
    FEEDBACK_HASH_SECRET: config.hashSecret!,
    EMBEDDING_MODEL: '',
    DICTIONARY_PATH: 'off',
    LOG_LEVEL: 'silent',
  };
  const exported = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/data.ts', 'export-eval', '--out', queries], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
  });
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /Wrote 2 questions to .*: 1 answered \(rated 👍\), 1 expected to abstain/);
  assert.equal(readFileSync(queries, 'utf8').trim().split('\n').length, 2);

  // The tiny corpus: the five seed articles as one JSONL file, their ids as the bot indexed them.
  const corpus = path.join(work, 'corpus.jsonl');
  const articles = readdirSync(seedCorpusDir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => ({ id: name.replace(/\.txt$/, ''), title: name, text: readFileSync(path.join(seedCorpusDir, name), 'utf8') }));
  writeFileSync(corpus, toJsonl(articles));
  const evaluated = spawnSync(process.execPath, ['--import', 'tsx', 'tools/eval/cli.ts', '--corpus', corpus, '--queries', queries, '--json'], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
  });
  assert.equal(evaluated.status, 0, evaluated.stderr);
  const result = JSON.parse(evaluated.stdout.trim().split('\n').at(-1)!);
  assert.equal(result.queries, 2);
  assert.equal(result.docs, 5);
  // The governor of Homs is found first (lexical search quotes his article); the other line has no
  // gold: it counts among the unanswerable questions, whose abstention the eval reports apart.
  assert.equal(result.answerable, 1);
  assert.equal(result['R@1'], 1);
  assert.notEqual(result.abstainUnanswerable, null, 'the expected-to-abstain line is scored as unanswerable');
});

test('export-eval without --out is a usage error', () => {
  const { config } = ratedHistory();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/data.ts', 'export-eval'], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: config.dataDir },
    encoding: 'utf8',
  });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /export-eval needs --out FILE/);
});
