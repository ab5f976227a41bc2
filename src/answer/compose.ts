/**
 * Ranked passages → the answer users see: distinct quotes (quotes.ts: overlapping passages of one
 * article become one quote) from the original articles, each with its key sentence, source
 * metadata, and a calibrated decision (confidence.ts) whether the first quote answers at all.
 */
import type { Answer, AnswerResult, ArticleDocument, Lang, Passage, Span } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { Retrieval } from '../retrieval/retriever.ts';
import { answerTypeOf, isDefinitionQuestion } from '../retrieval/answerType.ts';
import { confidenceFeatures, confidenceScore, DEFAULT_CONFIDENCE_MODEL, type ConfidenceModel } from './confidence.ts';
import { DEFAULT_KEY_SENTENCE_OPTIONS, pickKeySentence, type KeySentenceOptions } from './keySentence.ts';
import { sourceSpans } from '../text/repair.ts';
import { distinctQuotes, quoteSpan, type Quote } from './quotes.ts';

/**
 * How many passages an answer is composed from, whatever page is asked for: every page of "More
 * results" groups the same hits into the same quotes, so pages never repeat or skip a quote.
 */
export const ANSWER_CANDIDATES = 100;

export interface ComposeInput {
  question: string;
  lang: Lang;
  retrieval: Retrieval;
  passages: readonly Passage[];
  documentsById: ReadonlyMap<string, ArticleDocument>;
  analyzer: Analyzer;
  /** Quotes skipped before the first one returned ("More results"). */
  offset?: number;
  /** How many quotes to return (all by default). */
  k?: number;
  confidence?: ConfidenceModel;
  keySentence?: Partial<KeySentenceOptions>;
}

/** The first quote's confidence features and score (also what the eval records). */
export interface Assessment {
  features: number[];
  score: number;
}

export function composeAnswer(input: ComposeInput): Answer {
  return assessedAnswer(input).answer;
}

/** The answer and the assessment that decided whether it is confident (the eval records both). */
export function assessedAnswer(input: ComposeInput): { answer: Answer; assessment: Assessment } {
  const { retrieval } = input;
  const offset = input.offset ?? 0;
  const quotes = distinctQuotes(retrieval.hits, input.passages);
  const keyOf = keySentencePicker(input);
  const assessment = assessFirstQuote(input, quotes[0], keyOf);
  const model = input.confidence ?? DEFAULT_CONFIDENCE_MODEL;
  const confident = quotes.length > 0 && assessment.score >= model.threshold;
  const shown = quotes.slice(offset, input.k === undefined ? undefined : offset + input.k);
  const results = shown.map((quote, index) => toResult(input, quote, keyOf(quote), offset + index + 1, confident));
  const answer: Answer = {
    question: input.question,
    lang: input.lang,
    mode: retrieval.mode,
    confident,
    confidence: Number(assessment.score.toFixed(4)),
    results,
    notices: retrieval.notices,
  };
  return { answer, assessment };
}

/** The confidence of the first quote (score 0 without one). */
function assessFirstQuote(input: ComposeInput, first: Quote | undefined, keyOf: (quote: Quote) => Span): Assessment {
  if (!first) return { features: [], score: 0 };
  const { analyzer, retrieval } = input;
  const document = input.documentsById.get(first.docId)!;
  const span = quoteSpan(first);
  const key = keyOf(first);
  const sentenceText = document.text.slice(key.start, key.end);
  const quoteSequence = analyzer.terms(document.text.slice(span.start, span.end));
  const features = confidenceFeatures({
    question: input.question,
    words: retrieval.query.words,
    unseenIdf: retrieval.unseenIdf,
    quoteSequence,
    quoteTerms: new Set([...quoteSequence, ...analyzer.terms(document.title)]),
    sentenceTerms: new Set(analyzer.terms(sentenceText)),
    sentenceText,
    english: input.lang === 'en',
  });
  return { features, score: confidenceScore(features, input.confidence) };
}

/** The key sentence of a quote (document offsets), computed once per quote. */
function keySentencePicker(input: ComposeInput): (quote: Quote) => Span {
  const { analyzer, retrieval } = input;
  const options = { ...DEFAULT_KEY_SENTENCE_OPTIONS, ...input.keySentence };
  const { words, phrases, roots } = retrieval.query;
  const question = { answerType: answerTypeOf(input.question), definition: isDefinitionQuestion(input.question) };
  const picked = new Map<Quote, Span>();
  return (quote) => {
    let span = picked.get(quote);
    if (!span) {
      const document = input.documentsById.get(quote.docId)!;
      const query = { words, phrases, roots, titleTerms: new Set(analyzer.terms(document.title)), ...question };
      span = pickKeySentence(document.text, quote.sentences, analyzer, query, options).span;
      picked.set(quote, span);
    }
    return span;
  };
}

function toResult(input: ComposeInput, quote: Quote, key: Span, rank: number, confident: boolean): AnswerResult {
  const document = input.documentsById.get(quote.docId)!;
  const passage = input.passages[quote.passage]!;
  const span = quoteSpan(quote);
  const text = document.text.slice(span.start, span.end);
  const sentenceSpan = { start: key.start - span.start, end: key.end - span.start };
  return {
    rank,
    docId: document.docId,
    passageId: passage.passageId,
    title: document.title,
    source: document.source ?? null,
    url: document.url ?? null,
    date: document.date ?? null,
    quote: text,
    fileSpans: sourceSpans(document.sourceMap, span),
    sentence: text.slice(sentenceSpan.start, sentenceSpan.end),
    sentenceSpan,
    // A quote that may not answer the question has no sentence that answers it to bold.
    bold: confident ? sentenceSpan : null,
    score: Number(quote.score.toFixed(6)),
  };
}
