import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, answerKey, ndcgAt } from '../../../tools/eval/metrics.ts';

const outcome = (rankedDocIds: string[], gold: string[], extra: Partial<Parameters<typeof aggregate>[0][number]> = {}) => ({
  rankedDocIds, gold, answer: null, firstQuote: null, firstSentence: null, abstained: false, ...extra,
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
  assert.ok(Math.abs(ndcgAt(outcome(['x', 'g'], ['g', 'h']), 10) - (1 / Math.log2(3)) / (1 + 1 / Math.log2(3))) < 1e-12);
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
