import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvalFlags } from '../../../tools/eval/flags.ts';
import { DEFAULT_RETRIEVER_OPTIONS } from '../../../src/retrieval/retriever.ts';
import { DEFAULT_KEY_SENTENCE_OPTIONS } from '../../../src/answer/keySentence.ts';
import { UsageError } from '../../../src/cli/run.ts';

const inputs = ['--corpus', 'a.jsonl, b.jsonl.gz', '--queries', 'q.jsonl'];
const parse = (...args: string[]) => parseEvalFlags([...inputs, ...args], () => true);

test('without tuning flags the eval measures the shipped settings', () => {
  const settings = parse();
  assert.deepEqual(settings.corpusFiles, ['a.jsonl', 'b.jsonl.gz']);
  assert.equal(settings.mode, 'lexical');
  assert.equal(settings.k, 10);
  assert.deepEqual(settings.retriever, { ...DEFAULT_RETRIEVER_OPTIONS, collectFeatures: false });
  assert.deepEqual(settings.keySentence, DEFAULT_KEY_SENTENCE_OPTIONS);
  assert.equal(settings.limit, undefined);
});

test('tuning flags reach their settings', () => {
  const settings = parse('--adjacency-weight', '0', '--feature-weights', 'window=0.5', '--stemmer', 'snowball', '--limit', '20', '--dump', 'f.jsonl');
  assert.equal(settings.retriever.adjacencyWeight, 0);
  assert.equal(settings.retriever.featureWeights.window, 0.5);
  assert.equal(settings.retriever.collectFeatures, true);
  assert.equal(settings.analyzer.stemmer, 'snowball');
  assert.equal(settings.limit, 20);
});

test('removed experiment flags and bad values are usage errors', () => {
  for (const args of [
    ['--prf-weight', '0.1'],
    ['--coordination', '1'],
    ['--doc-weight', '0.2'],
    ['--stemmer', 'orama'],
    ['--k1', '-1'],
    ['--feature-weights', 'nope=1'],
    ['--mode', 'fast'],
  ]) {
    assert.throws(() => parse(...args), UsageError, args.join(' '));
  }
});

test('a missing input file is named', () => {
  assert.throws(() => parseEvalFlags(inputs, (file) => file !== 'q.jsonl'), /q\.jsonl not found/);
});
