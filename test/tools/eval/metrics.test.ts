import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, answerKey, ndcgAt, riskCoverage, scoreRun, type QueryOutcome } from '../../../tools/eval/metrics.ts';
import { formatReport } from '../../../tools/eval/report.ts';
import { halfOf } from '../../../tools/eval/queries.ts';

const outcome = (rankedDocIds: string[], gold: string[], extra: Partial<QueryOutcome> = {}): QueryOutcome => ({
  rankedDocIds,
  gold,
  answerable: gold.length > 0,
  answer: null,
  firstQuote: null,
  firstSentence: null,
  abstained: false,
  confidence: 0.5,
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

test('abstention is counted apart on answerable and unanswerable questions; retrieval only on answerable ones', () => {
  const metrics = aggregate([
    outcome(['g'], ['g'], { abstained: true }),
    outcome(['g'], ['g']),
    outcome(['x'], [], { abstained: true }),
    outcome(['x'], [], { abstained: true }),
    outcome(['x'], ['elsewhere'], { answerable: false }),
  ]);
  assert.equal(metrics.answerable, 2);
  assert.equal(metrics['R@1'], 1);
  assert.equal(metrics.abstain, 0.5);
  assert.equal(metrics.abstainUnanswerable, Number((2 / 3).toFixed(4)));
  // Answered: the second and the fifth; only the second is right.
  assert.deepEqual(metrics.answered, { coverage: 0.4, accuracy: 0.5 });
  assert.equal(aggregate([outcome(['x'], [])])['R@5'], null, 'no answerable question: no recall');
});

test('the risk–coverage curve answers the most confident questions first', () => {
  const outcomes = [
    outcome(['g'], ['g'], { confidence: 0.9 }),
    outcome(['x'], ['g'], { confidence: 0.8 }),
    outcome(['x'], [], { confidence: 0.1 }),
    outcome(['g'], ['g'], { confidence: 0.7, answer: 'جواب', firstQuote: 'ليس هنا' }),
  ];
  assert.deepEqual(riskCoverage(outcomes, 4), [
    { coverage: 0.25, accuracy: 1 },
    { coverage: 0.5, accuracy: 0.5 },
    { coverage: 0.75, accuracy: Number((1 / 3).toFixed(4)) },
    { coverage: 1, accuracy: 0.25 },
  ]);
});

test('halves: ARCD train/test and offtopic tune/test by their split, xquad-dev by its article', () => {
  assert.equal(halfOf({ id: '1', question: 'q', gold: ['arcd-000-00'], split: 'train' }), 'tune');
  assert.equal(halfOf({ id: '1', question: 'q', gold: [], split: 'test' }), 'heldout');
  assert.equal(halfOf({ id: '1', question: 'q', gold: ['xquad-03-02'] }), 'tune');
  assert.equal(halfOf({ id: '1', question: 'q', gold: ['xquad-01-00'] }), 'heldout');
  assert.equal(halfOf({ id: '1', question: 'q', gold: ['other-1'] }), null);
});

test('questions in both halves and of several sets are scored per half and per set, and --json prints them after the totals', () => {
  const outcomes = [outcome(['g'], ['g']), outcome(['x'], ['g']), outcome(['g'], ['g'])];
  const labels = [
    { set: 'a', half: 'tune' as const },
    { set: 'b', half: 'heldout' as const },
    { set: 'a', half: 'tune' as const },
  ];
  const scores = scoreRun(outcomes, labels);
  assert.equal(scores.halves?.tune?.['R@1'], 1);
  assert.equal(scores.halves?.heldout?.['R@1'], 0);
  assert.equal(scores.sets?.a?.all['R@1'], 1);
  assert.equal(scores.sets?.a?.halves, undefined);
  assert.equal(
    scoreRun(
      outcomes,
      labels.map((label) => ({ ...label, set: 'a', half: 'tune' as const })),
    ).halves,
    undefined,
  );
  const line = JSON.parse(formatReport({ mode: 'lexical', docs: 2, passages: 5, queries: 3, askSeconds: 1 }, scores, true)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(line).slice(0, 5), ['mode', 'docs', 'passages', 'queries', 'answerable']);
  assert.deepEqual(Object.keys(line).slice(-2), ['halves', 'sets']);
  assert.match(formatReport({ mode: 'lexical', docs: 2, passages: 5, queries: 3, askSeconds: 1 }, scores, false), /abstainUnanswerable/);
});
