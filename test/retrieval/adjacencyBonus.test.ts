import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdjacencyBonus } from '../../src/retrieval/adjacencyBonus.ts';
import { PassageTexts } from '../../src/retrieval/searchableIndex.ts';
import { askSeed, index } from './seedIndex.ts';

test('Homs-governor bug: «من هو محافظ حمص؟» quotes «محافظ حمص طلال البرازي», not a passage full of «محافظة حمص»', async () => {
  const answer = await askSeed('من هو محافظ حمص؟');
  assert.match(answer.results[0]!.quote, /محافظ حمص طلال البرازي/);
  assert.match(answer.results[0]!.sentence, /محافظ حمص طلال البرازي/);
  // Without the adjacency bonus, word stems alone rank the governorate passage first.
  const wordsOnly = await askSeed('من هو محافظ حمص؟', { adjacencyWeight: 0 });
  assert.doesNotMatch(wordsOnly.results[0]!.quote, /محافظ حمص طلال/);
});

test("the bonus goes to passages holding the question's words side by side, and only within the depth read", () => {
  const texts = new PassageTexts(index);
  const governor = index.passages.findIndex((_, passage) => texts.text(passage).includes('محافظ حمص طلال البرازي'));
  const other = index.passages.findIndex((_, passage) => !texts.text(passage).includes('محافظ حمص'));
  const hits = [
    { passage: other, score: 2 },
    { passage: governor, score: 1 },
  ];
  const bonus = new AdjacencyBonus(index.lexical, texts, { adjacencyWeight: 1, adjacencyDepth: 20 });
  const reordered = bonus.apply('من هو محافظ حمص؟', hits);
  assert.deepEqual(
    reordered.map((hit) => hit.passage),
    [governor, other],
  );
  assert.equal(reordered[1]!.score, 2);
  const shallow = new AdjacencyBonus(index.lexical, texts, { adjacencyWeight: 1, adjacencyDepth: 1 });
  assert.deepEqual(shallow.apply('من هو محافظ حمص؟', hits), [
    { passage: other, score: 2 },
    { passage: governor, score: 1 },
  ]);
});
