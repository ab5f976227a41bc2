/**
 * End to end through the real CLI processes: build the index over the seed corpus, ask Arabic
 * questions whose answers are there, and check the right article is quoted (lexical mode: the
 * only test models have random weights, so dense rankings carry no meaning).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
let indexDir = '';

function cli(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CORPUS_DIR: path.join(root, 'corpus'), INDEX_DIR: indexDir, EMBEDDING_MODEL: '', LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  indexDir = await mkdtemp(path.join(tmpdir(), 'ask-index-'));
});

test('ask builds the index on first use and quotes the governor of Homs', () => {
  const { code, stdout, stderr } = cli('ask.ts', ['--json', 'من هو محافظ حمص؟']);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Built the index first: 5 documents/);
  const answer = JSON.parse(stdout);
  assert.equal(answer.lang, 'ar');
  assert.equal(answer.mode, 'lexical');
  assert.equal(answer.confident, true);
  const top = answer.results[0];
  assert.equal(top.docId, '004_ae0401a271bd997a');
  assert.match(top.quote, /طلال البرازي/);
  assert.match(top.sentence, /محافظ حمص طلال البرازي/);
  assert.ok(top.quote.includes(top.sentence));
  assert.equal(top.quote.slice(top.sentenceStart, top.sentenceEnd), top.sentence);
  for (const key of ['rank', 'docId', 'passageId', 'title', 'source', 'url', 'date', 'quote', 'sentence', 'score']) {
    assert.ok(key in top, `result has ${key}`);
  }
  assert.equal(top.source, null, 'no publisher is invented for the seeds');
});

test('ask finds how many tanks ISIS claimed, with --k', () => {
  const { code, stdout } = cli('ask.ts', ['--json', '--k', '2', 'كم دبابة استولى عليها تنظيم داعش؟']);
  assert.equal(code, 0);
  const answer = JSON.parse(stdout);
  assert.equal(answer.results.length, 2);
  assert.equal(answer.results[0].docId, '004_ae0401a271bd997a');
  assert.match(answer.results[0].sentence, /30 دبابة/);
});

test('human-readable output marks the key sentence and cites the passage', () => {
  const { code, stdout } = cli('ask.ts', ['من هو محافظ حمص؟']);
  assert.equal(code, 0);
  assert.match(stdout, /\*\*[^*]*طلال البرازي[^*]*\*\*/);
  assert.match(stdout, /passage: 004_ae0401a271bd997a#\d+/);
});

test('bad input gets a clear message and a usage exit code, never a stack trace', () => {
  const cases: Array<[string[], RegExp]> = [
    [['   '], /Please give a question/],
    [['x'.repeat(10_000)], /too long \(10000 characters; the limit is 500\)/],
    [['🙂🙂 ?!'], /no words to search for/],
    [['--k', 'abc', 'سؤال'], /--k must be a whole number/],
    [['--bogus', 'سؤال'], /Unknown option/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = cli('ask.ts', args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  }
});

test('control characters and mixed scripts are answered, not crashed on', () => {
  const { code, stdout } = cli('ask.ts', ['--json', '--k', '3', 'من\u0007 هو\u202E محافظ Homs حمص\u200B؟']);
  assert.equal(code, 0);
  const answer = JSON.parse(stdout);
  assert.equal(answer.question, 'من هو محافظ Homs حمص؟');
  assert.ok(answer.results.some((result: { docId: string }) => result.docId === '004_ae0401a271bd997a'));
});

test('the model cannot load offline: one clear notice, lexical answers, no stack trace', () => {
  const { code, stdout, stderr } = cli('ask.ts', ['--json', 'من هو محافظ حمص؟'], {
    EMBEDDING_MODEL: 'Xenova/multilingual-e5-small',
    ALLOW_REMOTE_MODELS: 'false',
    MODELS_DIR: path.join(tmpdir(), 'no-models-here'),
  });
  assert.equal(code, 0, stderr);
  const noteLines = stderr.split('\n').filter((line) => /multilingual-e5-small/.test(line));
  assert.equal(noteLines.length, 1, stderr);
  assert.doesNotMatch(stderr, /\n\s+at /);
  assert.equal(JSON.parse(stdout).mode, 'lexical');
});

test('without the English–Arabic dictionary an English question carries one notice; an Arabic one none', () => {
  const english = cli('ask.ts', ['--json', 'Who is the governor of Homs?'], { DICTIONARY_PATH: 'off' });
  assert.equal(english.code, 0, english.stderr);
  const answer = JSON.parse(english.stdout);
  assert.equal(answer.lang, 'en');
  assert.equal(answer.notices.filter((notice: string) => /dictionary/i.test(notice)).length, 1, answer.notices.join(' | '));
  assert.equal(english.stderr.split('\n').filter((line) => /dictionary/i.test(line)).length, 1, english.stderr);
  const arabic = cli('ask.ts', ['--json', 'من هو محافظ حمص؟'], { DICTIONARY_PATH: 'off' });
  assert.equal(arabic.code, 0, arabic.stderr);
  assert.deepEqual(JSON.parse(arabic.stdout).notices, []);
  assert.doesNotMatch(arabic.stderr, /dictionary/i);
});
