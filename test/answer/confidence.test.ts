import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeAnswer } from '../../src/answer/compose.ts';
import { CONFIDENCE_FEATURES, confidenceFeatures, confidenceScore, DEFAULT_CONFIDENCE_MODEL } from '../../src/answer/confidence.ts';
import type { WeightedQueryTerm } from '../../src/retrieval/query.ts';
import { Retriever } from '../../src/retrieval/retriever.ts';
import { analyzer, askSeed, index } from '../retrieval/seedIndex.ts';

const term = (word: string, idf: number): WeightedQueryTerm => ({ term: { alternatives: [{ term: analyzer.term(word)!, weight: 1 }], weight: 1 }, idf });
const feature = (features: number[], name: (typeof CONFIDENCE_FEATURES)[number]) => features[CONFIDENCE_FEATURES.indexOf(name)]!;

function featuresFor(words: WeightedQueryTerm[], quote: string, question = 'سؤال') {
  const sequence = analyzer.terms(quote);
  return confidenceFeatures({
    question,
    words,
    unseenIdf: 10,
    quoteSequence: sequence,
    quoteTerms: new Set(sequence),
    sentenceTerms: new Set(sequence),
    sentenceText: quote,
    english: false,
  });
}

test('a question word the corpus lacks counts at the idf of an unseen word: «عاصمة» alone does not half answer «عاصمة أستراليا»', () => {
  const quote = 'دمشق عاصمة سوريا.';
  const found = featuresFor([term('عاصمة', 3), term('سوريا', 3)], quote);
  const unseen = featuresFor([term('عاصمة', 3), term('أستراليا', 0)], quote);
  assert.equal(feature(found, 'coverage'), 1);
  assert.ok(Math.abs(feature(unseen, 'coverage') - 3 / 13) < 1e-9);
  assert.ok(confidenceScore(unseen) < confidenceScore(found));
});

test("the question's words side by side and in its order count more than the same words apart", () => {
  const words = [term('محافظ', 4), term('حمص', 4)];
  const together = featuresFor(words, 'قال محافظ حمص إن المدينة سقطت.');
  const apart = featuresFor(words, `قال محافظ ${'كلمة '.repeat(15)} في حمص.`);
  assert.equal(feature(together, 'pairs'), 1);
  assert.equal(feature(apart, 'pairs'), 0);
  assert.ok(feature(together, 'window') > feature(apart, 'window'));
  assert.ok(confidenceScore(together) > confidenceScore(apart));
});

test('a when-question whose key sentence holds no date is less confident', () => {
  const words = [term('سقطت', 4), term('تدمر', 4)];
  const dated = featuresFor(words, 'سقطت تدمر في 11 ديسمبر 2016.', 'متى سقطت تدمر؟');
  const undated = featuresFor(words, 'سقطت تدمر بيد التنظيم.', 'متى سقطت تدمر؟');
  assert.equal(feature(undated, 'typeMissing'), 1);
  assert.ok(confidenceScore(undated) < confidenceScore(dated));
});

test('seed corpus: the governor of Homs is answered confidently, the capital of Australia and the speed of light are not', async () => {
  assert.equal((await askSeed('من هو محافظ حمص؟')).confident, true);
  for (const question of ['ما هي عاصمة أستراليا؟', 'كم تبلغ سرعة الضوء؟']) {
    const answer = await askSeed(question);
    assert.equal(answer.confident, false, question);
    assert.ok(answer.confidence < DEFAULT_CONFIDENCE_MODEL.threshold);
  }
  const english = await new Retriever(index, analyzer, null, null).retrieve('Which city is the capital of Australia?', 'en', 'lexical', 100);
  const documentsById = new Map(index.documents.map((document) => [document.docId, document]));
  const answer = composeAnswer({
    question: 'Which city is the capital of Australia?',
    lang: 'en',
    retrieval: english,
    passages: index.passages,
    documentsById,
    analyzer,
    k: 3,
  });
  assert.equal(answer.confident, false);
});

test('a not confident answer bolds nothing; a confident one bolds its key sentence', async () => {
  const unsure = await askSeed('ما هي عاصمة أستراليا؟');
  assert.ok(unsure.results.length > 0);
  for (const result of unsure.results) assert.equal(result.bold, null);
  const sure = await askSeed('من هو محافظ حمص؟');
  const [first] = sure.results;
  assert.deepEqual(first!.bold, first!.sentenceSpan);
  assert.equal(first!.quote.slice(first!.bold!.start, first!.bold!.end), first!.sentence);
});
