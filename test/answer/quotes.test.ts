import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Passage, Span } from '../../src/types.ts';
import { distinctQuotes, quoteSpan } from '../../src/answer/quotes.ts';
import { composeAnswer } from '../../src/answer/compose.ts';
import { Retriever } from '../../src/retrieval/retriever.ts';
import { analyzer, askSeed, index } from '../retrieval/seedIndex.ts';

/** Passages of 4 sentences sharing one, as corpus/passages.ts makes them: sentence i spans [10i, 10i + 9). */
function passages(docId: string, count: number): Passage[] {
  const sentence = (i: number): Span => ({ start: 10 * i, end: 10 * i + 9 });
  return Array.from({ length: count }, (_, ordinal) => {
    const sentences = [0, 1, 2, 3].map((k) => sentence(3 * ordinal + k));
    return { passageId: `${docId}#${ordinal + 1}`, docId, ordinal, span: { start: sentences[0]!.start, end: sentences[3]!.end }, sentences };
  });
}

const sentencesOf = (quote: { sentences: Span[] }) => quote.sentences.map((sentence) => sentence.start);

test('overlapping passages of one article become one quote, ranked where its best passage was', () => {
  const all = [...passages('a', 3), ...passages('b', 1)];
  const quotes = distinctQuotes(
    [
      { passage: 1, score: 3 }, // a#2: sentences 3–6
      { passage: 3, score: 2 }, // b#1
      { passage: 0, score: 1 }, // a#1: sentences 0–3, shares sentence 3
    ],
    all,
  );
  assert.equal(quotes.length, 2);
  assert.equal(quotes[0]!.docId, 'a');
  assert.equal(quotes[0]!.passage, 1, 'the quote keeps its best passage as its id');
  assert.deepEqual(sentencesOf(quotes[0]!), [0, 10, 20, 30, 40, 50, 60]);
  assert.deepEqual(quoteSpan(quotes[0]!), { start: 0, end: 69 });
  assert.equal(quotes[1]!.docId, 'b');
});

test('no sentence appears in two quotes, even when a quote cannot grow further', () => {
  const all = passages('a', 4);
  const quotes = distinctQuotes(
    [0, 1, 2, 3].map((passage) => ({ passage, score: 4 - passage })),
    all,
    25, // room for no more than one passage's worth of sentences
  );
  const seen = new Set<number>();
  for (const quote of quotes) {
    for (const start of sentencesOf(quote)) {
      assert.ok(!seen.has(start), `sentence at ${start} quoted twice`);
      seen.add(start);
    }
    // Each quote is a run of consecutive sentences.
    const starts = sentencesOf(quote);
    for (let i = 1; i < starts.length; i++) assert.equal(starts[i], starts[i - 1]! + 10);
  }
  assert.equal(seen.size, 13, 'every sentence of the four passages is quoted once');
});

test('«من هو محافظ حمص؟» quotes no sentence twice (it returned passages #3 and #2 of one article, both with the same sentence in bold)', async () => {
  const answer = await askSeed('من هو محافظ حمص؟');
  const sentences = answer.results.map((result) => `${result.docId}:${result.sentence}`);
  assert.equal(new Set(sentences).size, sentences.length);
  const pieces = answer.results.flatMap((result) => result.quote.split(/(?<=[.؟!])\s+/).map((piece) => `${result.docId}:${piece}`));
  assert.equal(new Set(pieces).size, pieces.length, 'no sentence twice across the quotes');
});

test('"More results" continues without repeats: pages of distinct quotes never share a sentence', async () => {
  const question = 'تنظيم الدولة في تدمر';
  const retrieval = await new Retriever(index, analyzer, null, null).retrieve(question, 'ar', 'lexical', 100);
  const documentsById = new Map(index.documents.map((document) => [document.docId, document]));
  const page = (offset: number) => composeAnswer({ question, lang: 'ar', retrieval, passages: index.passages, documentsById, analyzer, offset, k: 3 });
  const shown: Array<{ docId: string; start: number; end: number }> = [];
  let ranks = 0;
  for (let offset = 0; offset < 12; offset += 3) {
    for (const result of page(offset).results) {
      assert.equal(result.rank, ++ranks, 'ranks run on from page to page');
      for (const span of result.fileSpans ?? []) {
        const overlapping = shown.find((other) => other.docId === result.docId && other.start < span.end && span.start < other.end);
        assert.equal(overlapping, undefined, `${result.passageId} repeats text already shown`);
        shown.push({ docId: result.docId, ...span });
      }
    }
  }
  assert.ok(ranks >= 9, `${ranks} quotes over the pages`);
});
