/**
 * Ranked passages → the answer users see: exact quotes from the original articles, each with its key
 * sentence, source metadata, and an honest flag when nothing answers confidently.
 */
import type { Answer, AnswerResult, ArticleDocument, Lang, Passage } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { Retrieval } from '../retrieval/retriever.ts';
import { coverage, DEFAULT_KEY_SENTENCE_OPTIONS, pickKeySentence, type KeySentenceOptions } from './keySentence.ts';

/**
 * Below this share of the question's idf mass in the best passage, the answer is "not confident".
 * Calibrated with `npm run eval` (ARCD questions on ARCD should rarely abstain; xquad-dev
 * questions on ARCD, which has no answers to them, mostly should): see README.
 */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.5;

export interface ComposeInput {
  question: string;
  lang: Lang;
  retrieval: Retrieval;
  passages: readonly Passage[];
  documentsById: ReadonlyMap<string, ArticleDocument>;
  analyzer: Analyzer;
  /** Results skipped before the first one returned ("More results"). */
  offset?: number;
  confidenceThreshold?: number;
  keySentence?: Partial<KeySentenceOptions>;
}

export function composeAnswer(input: ComposeInput): Answer {
  const { retrieval, analyzer } = input;
  const offset = input.offset ?? 0;
  const results: AnswerResult[] = [];
  const top = retrieval.hits[0];
  let topCoverage = 0;
  if (top) {
    const passage = input.passages[top.passage]!;
    const text = input.documentsById.get(passage.docId)!.text.slice(passage.span.start, passage.span.end);
    topCoverage = coverage(retrieval.query.words, new Set(analyzer.terms(text)));
  }
  const keyOptions = { ...DEFAULT_KEY_SENTENCE_OPTIONS, ...input.keySentence };
  const { words, phrases, asksForNumber } = retrieval.query;
  retrieval.hits.slice(offset).forEach((hit, index) => {
    const passage = input.passages[hit.passage]!;
    const document = input.documentsById.get(passage.docId)!;
    const quote = document.text.slice(passage.span.start, passage.span.end);
    const key = pickKeySentence(
      document.text,
      passage.sentences,
      analyzer,
      { words, phrases, titleTerms: new Set(analyzer.terms(document.title)), asksForNumber },
      keyOptions,
    );
    const sentenceSpan = { start: key.span.start - passage.span.start, end: key.span.end - passage.span.start };
    results.push({
      rank: offset + index + 1,
      docId: document.docId,
      passageId: passage.passageId,
      title: document.title,
      source: document.source ?? null,
      url: document.url ?? null,
      date: document.date ?? null,
      quote,
      sentence: quote.slice(sentenceSpan.start, sentenceSpan.end),
      sentenceSpan,
      score: Number(hit.score.toFixed(6)),
    });
  });
  const threshold = input.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
  // Without lexical evidence (dense-only, or no term of the question occurs anywhere) we cannot
  // vouch for a quote: label it as the closest passage rather than an answer.
  const confident = results.length > 0 && topCoverage >= threshold;
  return {
    question: input.question,
    lang: input.lang,
    mode: retrieval.mode,
    confident,
    results,
    notices: retrieval.notices,
  };
}
