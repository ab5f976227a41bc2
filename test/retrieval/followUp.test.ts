/** Follow-up questions: the earlier questions' rarest terms at a lower weight, and passages already shown set aside unless still the best. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextTerms, DEFAULT_FOLLOW_UP_OPTIONS, setShownAside } from '../../src/retrieval/followUp.ts';
import type { LexicalQuery } from '../../src/retrieval/query.ts';
import { Retriever } from '../../src/retrieval/retriever.ts';
import { analyzer, index } from './seedIndex.ts';

const word = (term: string, weight = 1) => ({ alternatives: [{ term, weight: 1 }], weight });
const query = (...terms: string[]): LexicalQuery => ({ words: terms.map((term) => word(term)), phrases: [], roots: [], notices: [] });
/** idf by the term's length: longer is rarer, for a readable test. */
const lexical = { termIdf: (term: { alternatives: Array<{ term: string }> }) => term.alternatives[0]!.term.length } as never;

test('context terms: the rarest words of each earlier question the new one lacks, below a word of its own, less for older questions', () => {
  const options = { contextWeight: 0.5, contextTermsPerQuestion: 2, contextDecay: 0.5 };
  const terms = contextTerms(query('ولد'), [query('قديم', 'مجلس'), query('جمال', 'خاشقجي', 'ولد', 'صحف')], lexical, options);
  assert.deepEqual(
    terms.map((term) => [term.alternatives[0]!.term, term.weight]),
    [
      ['قديم', 0.25],
      ['مجلس', 0.25],
      ['خاشقجي', 0.5],
      ['جمال', 0.5],
    ],
    'the question just before lends at contextWeight, the one before it at half of that; ولد is the question’s own',
  );
  assert.ok(terms.every((term) => term.weight < 1));
});

test('context terms: a term lent by two earlier questions counts once, at its higher weight; unknown terms lend nothing', () => {
  const idf = { termIdf: (term: { alternatives: Array<{ term: string }> }) => (term.alternatives[0]!.term === 'مجهول' ? 0 : 3) } as never;
  const terms = contextTerms(query(), [query('حمص'), query('حمص', 'مجهول')], idf, DEFAULT_FOLLOW_UP_OPTIONS);
  assert.deepEqual(
    terms.map((term) => [term.alternatives[0]!.term, term.weight]),
    [['حمص', DEFAULT_FOLLOW_UP_OPTIONS.contextWeight]],
  );
});

test('passages already shown move behind new ones, except the best, which keeps its place', () => {
  const hits = [1, 2, 3, 4, 5].map((passage) => ({ passage, score: 10 - passage }));
  const shown = new Set([1, 2, 4]);
  assert.deepEqual(
    setShownAside(hits, (passage) => shown.has(passage)).map((hit) => hit.passage),
    [1, 3, 5, 2, 4],
  );
  assert.deepEqual(
    setShownAside([], () => true),
    [],
  );
});

test('an elliptical follow-up finds the earlier subject with its context, and the best passage stays first though shown', async () => {
  const retriever = new Retriever(index, analyzer, null, null);
  const id = (hit: { passage: number }) => index.passages[hit.passage]!.passageId;
  const first = await retriever.retrieve('من هو محافظ حمص؟', 'ar', 'lexical', 3);
  const governor = id(first.hits[0]!);
  assert.equal(governor, '004_ae0401a271bd997a#3', 'the governor of Homs, Talal al-Barazi');
  const followUp = 'وماذا أضاف عن الجيش؟';
  const alone = await retriever.retrieve(followUp, 'ar', 'lexical', 3);
  assert.notEqual(id(alone.hits[0]!), governor, 'alone, "what did he add about the army?" is about any army');
  const shownPassageIds = first.hits.map(id);
  const inContext = await retriever.retrieve(followUp, 'ar', 'lexical', 3, { earlierQuestions: ['من هو محافظ حمص؟'], shownPassageIds });
  assert.equal(id(inContext.hits[0]!), governor, 'with the conversation it is the governor’s passage, shown before and still the best');
  assert.ok(
    inContext.hits.slice(1).every((hit) => !shownPassageIds.includes(id(hit))),
    'the other places go to passages not shown yet',
  );
  assert.equal(inContext.hits.length, 3);
});
