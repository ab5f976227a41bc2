/**
 * How much of a question a piece of text answers: the share of the question's idf mass whose terms
 * (any alternative, for translated terms) occur in the text. It picks the key sentence of a quoted
 * passage and decides whether an answer is confident at all.
 */
import type { Span } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { QueryTerm } from '../index/lexicalIndex.ts';
import { normalizeArabic } from '../text/normalize.ts';

export interface WeightedQueryTerm {
  term: QueryTerm;
  /** idf of the term in the searched collection (0 when it occurs nowhere). */
  idf: number;
}

export function queryMass(query: readonly WeightedQueryTerm[]): number {
  return query.reduce((sum, entry) => sum + entry.idf * entry.term.weight, 0);
}

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
}

export const DEFAULT_KEY_SENTENCE_OPTIONS: KeySentenceOptions = { titleTermWeight: 0.6, phraseWeight: 0, numberBonus: 0.2 };

/** Normalized question words that ask for a date or a quantity. */
const NUMBER_CUES = new Set(['متي', 'كم', 'بكم', 'لكم', 'عام', 'سنه', 'تاريخ', 'عدد']);

/** Whether a question asks for a date or a quantity (see KeySentenceOptions.numberBonus). */
export function asksForNumber(question: string): boolean {
  for (const word of normalizeArabic(question).split(/[^\p{L}\p{N}]+/u)) if (NUMBER_CUES.has(word)) return true;
  return false;
}

export interface KeySentenceQuery {
  words: readonly WeightedQueryTerm[];
  phrases?: readonly WeightedQueryTerm[];
  /** Analyzed terms of the article title. */
  titleTerms?: ReadonlySet<string>;
  asksForNumber?: boolean;
}

/**
 * The sentence of a passage that best answers the question: highest matched query mass (words, with
 * title words discounted, plus matched phrases, plus a number when one is asked for), with a small
 * preference for sentences where matches sit close together (shorter matched window). Ties go to
 * the earlier sentence, which in news is usually the one that states the fact.
 */
export function pickKeySentence(
  text: string,
  sentences: readonly Span[],
  analyzer: Analyzer,
  query: readonly WeightedQueryTerm[] | KeySentenceQuery,
  options: KeySentenceOptions = DEFAULT_KEY_SENTENCE_OPTIONS,
): { span: Span; coverage: number } {
  const { words, phrases = [], titleTerms, asksForNumber: wantsNumber = false } = Array.isArray(query)
    ? { words: query as readonly WeightedQueryTerm[] }
    : (query as KeySentenceQuery);
  const weightOf = (entry: WeightedQueryTerm) =>
    entry.idf * entry.term.weight * (titleTerms && entry.term.alternatives.some((alternative) => titleTerms.has(alternative.term)) ? options.titleTermWeight : 1);
  const total = words.reduce((sum, entry) => sum + weightOf(entry), 0) || 1;
  let best: { span: Span; coverage: number; score: number } | null = null;
  for (const sentence of sentences) {
    const analyzed = analyzer.analyze(text.slice(sentence.start, sentence.end));
    const present = new Set(analyzed.terms);
    let matched = 0;
    for (const entry of words) if (entry.term.alternatives.some((alternative) => present.has(alternative.term))) matched += weightOf(entry);
    let score = matched / total;
    if (options.phraseWeight > 0 && phrases.length) {
      const presentPhrases = new Set(analyzed.phrases);
      for (const entry of phrases) {
        if (entry.term.alternatives.some((alternative) => presentPhrases.has(alternative.term))) score += (options.phraseWeight * entry.idf * entry.term.weight) / total;
      }
    }
    if (wantsNumber && options.numberBonus > 0 && analyzed.terms.some((term) => isNumberTerm(term))) score += options.numberBonus;
    // Proximity: among sentences with equal evidence prefer the one whose matches are densest.
    let first = -1;
    let last = -1;
    analyzed.terms.forEach((term, position) => {
      if (words.some((entry) => entry.term.alternatives.some((alternative) => alternative.term === term))) {
        if (first < 0) first = position;
        last = position;
      }
    });
    if (first >= 0) score += 0.01 / (last - first + 1);
    if (!best || score > best.score + 1e-9) best = { span: sentence, coverage: coverage(words, present), score };
  }
  return best ? { span: best.span, coverage: best.coverage } : { span: sentences[0] ?? { start: 0, end: 0 }, coverage: 0 };
}

function isNumberTerm(term: string): boolean {
  const c = term.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}
