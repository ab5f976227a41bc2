import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuseStages, reciprocalRankFusion, RRF_K } from '../../src/retrieval/fusion.ts';

test('RRF sums weight/(k+rank) over rankings', () => {
  const fused = reciprocalRankFusion(
    [
      { items: [1, 2, 3], weight: 1 },
      { items: [3, 1], weight: 1 },
    ],
    10,
  );
  const expected = new Map([
    [1, 1 / (RRF_K + 1) + 1 / (RRF_K + 2)],
    [3, 1 / (RRF_K + 3) + 1 / (RRF_K + 1)],
    [2, 1 / (RRF_K + 2)],
  ]);
  assert.deepEqual(
    fused.map((entry) => entry.item),
    [1, 3, 2],
  );
  for (const entry of fused) assert.ok(Math.abs(entry.score - expected.get(entry.item)!) < 1e-12);
});

test('an item both sides rank well beats items only one side ranks first', () => {
  const fused = reciprocalRankFusion(
    [
      { items: [10, 20, 30], weight: 1 },
      { items: [40, 20, 50], weight: 1 },
    ],
    3,
  );
  assert.equal(fused[0]!.item, 20);
});

test("degrades gracefully: an empty side leaves the other side's order intact", () => {
  const lexical = [7, 3, 9, 1];
  assert.deepEqual(
    reciprocalRankFusion(
      [
        { items: lexical, weight: 1 },
        { items: [], weight: 1 },
      ],
      10,
    ).map((entry) => entry.item),
    lexical,
  );
  assert.deepEqual(
    reciprocalRankFusion(
      [
        { items: [], weight: 1 },
        { items: lexical, weight: 1 },
      ],
      10,
    ).map((entry) => entry.item),
    lexical,
  );
});

test('a zero weight removes a ranking; ties go to the first-listed ranking', () => {
  assert.deepEqual(
    reciprocalRankFusion(
      [
        { items: [1, 2], weight: 0 },
        { items: [2, 1], weight: 1 },
      ],
      10,
    ).map((entry) => entry.item),
    [2, 1],
  );
  assert.deepEqual(
    reciprocalRankFusion(
      [
        { items: [5], weight: 1 },
        { items: [6], weight: 1 },
      ],
      10,
    ).map((entry) => entry.item),
    [5, 6],
  );
});

test('limit is respected', () => {
  assert.equal(reciprocalRankFusion([{ items: [1, 2, 3, 4], weight: 1 }], 2).length, 2);
});

test('fusing the stages: lexical mode keeps BM25 scores, dense mode ignores the lexical ranking, hybrid fuses both', () => {
  const lexical = [
    { passage: 4, score: 9.5 },
    { passage: 2, score: 3 },
    { passage: 8, score: 1 },
  ];
  assert.deepEqual(fuseStages('lexical', lexical, [8, 2], 2), [
    { passage: 4, score: 9.5 },
    { passage: 2, score: 3 },
  ]);
  assert.deepEqual(
    fuseStages('dense', lexical, [8, 2], 10).map((hit) => hit.passage),
    [8, 2],
  );
  assert.deepEqual(
    fuseStages('hybrid', lexical, [8, 2], 10).map((hit) => hit.passage),
    [8, 2, 4],
  );
});
