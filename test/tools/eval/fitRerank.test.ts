import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coordinateAscent, scoreQueries, type DumpQuery } from '../../../tools/eval/fitRerank.ts';

test('fitRerank: coordinate ascent finds the feature that puts the gold document first', () => {
  // Feature 0 (score) prefers the wrong document; feature 1 marks the gold one.
  const queries: DumpQuery[] = Array.from({ length: 5 }, (_, i) => ({
    split: 'train',
    gold: [`g${i}`],
    candidates: [
      { docId: `x${i}`, features: [1, 0] },
      { docId: `g${i}`, features: [0.8, 1] },
    ],
  }));
  assert.equal(scoreQueries(queries, [1, 0]).mrr, 0.5);
  const weights = coordinateAscent(queries, 2);
  assert.equal(weights[0], 1);
  assert.ok(weights[1]! > 0.2);
  assert.equal(scoreQueries(queries, weights).r1, 1);
});
