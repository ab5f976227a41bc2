import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { pickKeySentence } from '../../src/answer/keySentence.ts';
import type { WeightedQueryTerm } from '../../src/retrieval/query.ts';

const analyzer = createAnalyzer();
const query = (...terms: string[]): WeightedQueryTerm[] =>
  terms.map((term) => ({ term: { alternatives: [{ term: analyzer.term(term)!, weight: 1 }], weight: 1 }, idf: 1 }));
const spans = (text: string) => {
  const parts = text.split(/(?<=\.) /);
  let start = 0;
  return parts.map((part) => {
    const span = { start: text.indexOf(part, start), end: 0 };
    span.end = span.start + part.length;
    start = span.end;
    return span;
  });
};

test('a when-question prefers the sentence that holds a date when word evidence ties', () => {
  const text = 'تأسست الدولة في الأناضول. تأسست الدولة عام 1299.';
  const key = pickKeySentence(text, spans(text), analyzer, { words: query('تأسست', 'الدولة'), answerType: 'date' });
  assert.equal(text.slice(key.span.start, key.span.end), 'تأسست الدولة عام 1299.');
});

test('words of the article title count less when choosing the key sentence', () => {
  // Both sentences match one question word; the one that is not the article's subject decides.
  const text = 'العثمانية دولة كبيرة جدا. أسسها عثمان الأول.';
  const words = query('العثمانية', 'أسسها');
  words[0]!.idf = 1.5; // the subject word is rarer in the collection
  const withTitle = pickKeySentence(text, spans(text), analyzer, { words, titleTerms: new Set(analyzer.terms('الدولة العثمانية')) });
  assert.equal(text.slice(withTitle.span.start, withTitle.span.end), 'أسسها عثمان الأول.');
  const withoutTitle = pickKeySentence(text, spans(text), analyzer, { words });
  assert.equal(text.slice(withoutTitle.span.start, withoutTitle.span.end), 'العثمانية دولة كبيرة جدا.');
});
