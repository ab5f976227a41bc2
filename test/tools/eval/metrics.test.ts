import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, answerKey, ndcgAt, scoreRun } from '../../../tools/eval/metrics.ts';
import { formatReport } from '../../../tools/eval/report.ts';

const outcome = (rankedDocIds: string[], gold: string[], extra: Partial<Parameters<typeof aggregate>[0][number]> = {}) => ({
  rankedDocIds,
  gold,
  answer: null,
  firstQuote: null,
  firstSentence: null,
  abstained: false,
  ...extra,
});

test('recall, MRR and nDCG at document level', () => {
  const metrics = aggregate([
    outcome(['g', 'x'], ['g']),
    outcome(['x', 'y', 'g'], ['g']),
    outcome(['x', 'y', 'z', 'w', 'v', 'g'], ['g']),
    outcome(['x'], ['g']),
  ]);
  assert.equal(metrics['R@1'], 0.25);
  assert.equal(metrics['R@5'], 0.5);
  assert.equal(metrics['R@10'], 0.75);
  assert.equal(metrics['MRR@10'], Number(((1 + 1 / 3 + 1 / 6) / 4).toFixed(4)));
});

test('nDCG counts a gold document once, however many of its passages are returned', () => {
  assert.equal(ndcgAt(outcome(['g', 'g', 'g'], ['g']), 10), 1);
  assert.ok(Math.abs(ndcgAt(outcome(['x', 'g'], ['g', 'h']), 10) - 1 / Math.log2(3) / (1 + 1 / Math.log2(3))) < 1e-12);
});

test('quote and sentence hits compare normalized answers', () => {
  const metrics = aggregate([
    outcome(['g'], ['g'], { answer: 'طلال البرازي', firstQuote: 'قال محافظ حمص طَلال البرازي إن ...', firstSentence: 'قال محافظ حمص طلال البرازي' }),
    outcome(['g'], ['g'], { answer: 'أحمد', firstQuote: 'احمد قال.', firstSentence: 'جملة أخرى', abstained: true }),
  ]);
  assert.equal(metrics['quoteHit@1'], 1);
  assert.equal(metrics['sentenceHit@1'], 0.5);
  assert.equal(metrics.abstain, 0.5);
  assert.equal(answerKey('  إلى   أين '), 'الي اين');
});

test('queries with more than one split are also scored per split, and --json prints them after the totals', () => {
  const outcomes = [outcome(['g'], ['g']), outcome(['x'], ['g']), outcome(['g'], ['g'])];
  const scores = scoreRun(outcomes, ['train', 'test', 'train']);
  assert.deepEqual(scores.splitNames, ['test', 'train']);
  assert.equal(scores.splits?.train?.['R@1'], 1);
  assert.equal(scores.splits?.test?.['R@1'], 0);
  assert.equal(scoreRun(outcomes, ['train', 'train', undefined]).splits, undefined);
  const line = JSON.parse(formatReport({ mode: 'lexical', docs: 2, passages: 5, queries: 3, askSeconds: 1 }, scores, true)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(line).slice(0, 4), ['mode', 'docs', 'passages', 'queries']);
  assert.equal(Object.keys(line).at(-1), 'splits');
});
