import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addSpellingNeighbours, DEFAULT_SPELLING_NEIGHBOUR_OPTIONS } from '../../src/retrieval/spellingNeighbours.ts';
import { DEFAULT_QUERY_OPTIONS, QueryBuilder } from '../../src/retrieval/query.ts';
import { analyzer, askSeed, index } from './seedIndex.ts';

const queries = new QueryBuilder(index.lexical, analyzer, null, DEFAULT_QUERY_OPTIONS);
const single = (term: string) => ({ alternatives: [{ term, weight: 1 }], weight: 1 });

test('a misspelled question word (قاءدها for قائدها) still finds its passage through its spelling neighbours', async () => {
  const question = 'ما مصير قاءدها ومساعده؟';
  const misspelled = queries.build(question, 'ar').words.find((term) => term.alternatives[0]!.term === 'قاءد');
  assert.ok(misspelled?.alternatives.some((alternative) => alternative.term === 'قائد'));
  assert.match((await askSeed(question)).results[0]!.quote, /قائدها ومساعده قتلا/);
  // Without them, the question's only other words point elsewhere.
  assert.doesNotMatch((await askSeed(question, { fuzzyWeight: 0 })).results[0]!.quote, /قائدها ومساعده قتلا/);
});

test('spelling neighbours are only for words the index lacks', () => {
  for (const term of queries.build('من هو محافظ حمص؟', 'ar').words) assert.equal(term.alternatives.length, 1);
});

test('short words and numbers get no spelling neighbours; root terms keep their marker', () => {
  const short = single('قاء');
  addSpellingNeighbours(short, index.lexical, DEFAULT_SPELLING_NEIGHBOUR_OPTIONS);
  assert.equal(short.alternatives.length, 1);
  const year = single('20166');
  addSpellingNeighbours(year, index.lexical, DEFAULT_SPELLING_NEIGHBOUR_OPTIONS);
  assert.equal(year.alternatives.length, 1);
  const root = single(`~${analyzer.analyze('قاءد').roots[0]!.slice(1)}`);
  addSpellingNeighbours(root, index.lexical, DEFAULT_SPELLING_NEIGHBOUR_OPTIONS);
  for (const alternative of root.alternatives) assert.ok(alternative.term.startsWith('~'));
});
