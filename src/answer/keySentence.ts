/**
 * The key sentence of a quoted passage, the one shown in bold: the sentence that best answers the
 * question. Its evidence, coverage, is how much of a question a piece of text holds: the share of
 * the question's idf mass whose terms (any alternative, for translated terms) occur in the text; it
 * also decides whether an answer is confident at all.
 */
import type { Span } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import { isNumberTerm, queryMass, type WeightedQueryTerm } from '../retrieval/query.ts';

/** Σ idf·weight of the query terms found in `terms`, as a share of the whole query's mass. */
export function coverage(query: readonly WeightedQueryTerm[], terms: ReadonlySet<string>): number {
  const total = queryMass(query);
  if (total <= 0) return 0;
  let matched = 0;
  for (const entry of query) {
    if (entry.term.alternatives.some((alternative) => terms.has(alternative.term))) matched += entry.idf * entry.term.weight;
  }
  return matched / total;
}

export interface KeySentenceOptions {
  /**
   * Weight of a query word that also occurs in the article's title. Such words name the article's
   * subject («الدولة العثمانية» in an article titled so): nearly every sentence is about them, so
   * they say little about WHICH sentence answers.
   */
  titleTermWeight: number;
  /** Weight of a matched question phrase (neighbouring words in the question's order), on its capped idf. */
  phraseWeight: number;
  /**
   * Share of the question's mass added to a sentence that holds a number when the question asks
   * when / how many / how much (متى، كم، في أي عام…): the answer is then a date or a quantity.
   */
  numberBonus: number;
  /** Added × 1 / (words spanned by the sentence's matches): prefer sentences whose matches sit close together. */
  proximityWeight: number;
  /**
   * Added × the share (capped at NOVELTY_WORDS words) of the sentence's words that are neither
   * question words nor title words: the answer is the part the question does not say, so a
   * sentence that only restates the question is a poor quote.
   */
  noveltyWeight: number;
  /** Added to the passage's first sentence. */
  firstWeight: number;
}

export const DEFAULT_KEY_SENTENCE_OPTIONS: KeySentenceOptions = {
  titleTermWeight: 0.6,
  phraseWeight: 0,
  numberBonus: 0.5,
  proximityWeight: 0.01,
  noveltyWeight: 0,
  firstWeight: 0,
};

/** Features of a candidate key sentence, in this order; the score is their sum weighted by keySentenceWeights. */
export const KEY_SENTENCE_FEATURES = ['matched', 'phrases', 'number', 'proximity', 'novelty', 'first'] as const;
const NOVELTY_WORDS = 8;

export function keySentenceWeights(options: KeySentenceOptions): number[] {
  return [1, options.phraseWeight, options.numberBonus, options.proximityWeight, options.noveltyWeight, options.firstWeight];
}

export interface KeySentenceQuery {
  words: readonly WeightedQueryTerm[];
  /** Phrase terms (they match only where the analyzer makes phrases). */
  phrases?: readonly WeightedQueryTerm[];
  /** Analyzed terms of the article title. */
  titleTerms?: ReadonlySet<string>;
  /** The question asks when / how many (retrieval/query.ts asksForNumber). */
  asksForNumber?: boolean;
}

/**
 * Per sentence: the KEY_SENTENCE_FEATURES vector and the sentence's coverage of the question.
 * `matched` is the matched query mass (title words discounted) over the whole query's.
 */
export function keySentenceFeatures(
  text: string,
  sentences: readonly Span[],
  analyzer: Analyzer,
  query: KeySentenceQuery,
  options: KeySentenceOptions = DEFAULT_KEY_SENTENCE_OPTIONS,
): Array<{ span: Span; features: number[]; coverage: number }> {
  const { words, phrases = [], titleTerms, asksForNumber: wantsNumber = false } = query;
  const inTitle = (entry: WeightedQueryTerm) => !!titleTerms && entry.term.alternatives.some((alternative) => titleTerms.has(alternative.term));
  const weightOf = (entry: WeightedQueryTerm) => entry.idf * entry.term.weight * (inTitle(entry) ? options.titleTermWeight : 1);
  const total = words.reduce((sum, entry) => sum + weightOf(entry), 0) || 1;
  const queryTerms = new Set<string>();
  for (const entry of words) for (const alternative of entry.term.alternatives) queryTerms.add(alternative.term);
  return sentences.map((sentence, index) => {
    const analyzed = analyzer.analyze(text.slice(sentence.start, sentence.end));
    const present = new Set(analyzed.terms);
    let matched = 0;
    for (const entry of words) if (entry.term.alternatives.some((alternative) => present.has(alternative.term))) matched += weightOf(entry);
    let phraseMass = 0;
    if (phrases.length) {
      const presentPhrases = new Set(analyzed.phrases);
      for (const entry of phrases) {
        if (entry.term.alternatives.some((alternative) => presentPhrases.has(alternative.term))) phraseMass += (entry.idf * entry.term.weight) / total;
      }
    }
    const number = wantsNumber && analyzed.terms.some((term) => isNumberTerm(term)) ? 1 : 0;
    let first = -1;
    let last = -1;
    let novel = 0;
    analyzed.terms.forEach((term, position) => {
      if (queryTerms.has(term)) {
        if (first < 0) first = position;
        last = position;
      } else if (!titleTerms?.has(term)) novel++;
    });
    const proximity = first >= 0 ? 1 / (last - first + 1) : 0;
    const novelty = Math.min(novel, NOVELTY_WORDS) / NOVELTY_WORDS;
    return { span: sentence, features: [matched / total, phraseMass, number, proximity, novelty, index === 0 ? 1 : 0], coverage: coverage(words, present) };
  });
}

/**
 * The sentence of a passage that best answers the question: the highest weighted sum of its
 * features (see KEY_SENTENCE_FEATURES and KeySentenceOptions). Ties go to the earlier sentence,
 * which in news is usually the one that states the fact.
 */
export function pickKeySentence(
  text: string,
  sentences: readonly Span[],
  analyzer: Analyzer,
  query: KeySentenceQuery,
  options: KeySentenceOptions = DEFAULT_KEY_SENTENCE_OPTIONS,
): { span: Span; coverage: number } {
  const weights = keySentenceWeights(options);
  let best: { span: Span; coverage: number; score: number } | null = null;
  for (const candidate of keySentenceFeatures(text, sentences, analyzer, query, options)) {
    let score = 0;
    for (let i = 0; i < weights.length; i++) score += weights[i]! * candidate.features[i]!;
    if (!best || score > best.score + 1e-9) best = { span: candidate.span, coverage: candidate.coverage, score };
  }
  return best ? { span: best.span, coverage: best.coverage } : { span: sentences[0] ?? { start: 0, end: 0 }, coverage: 0 };
}
