/**
 * The key sentence of a quote, the one shown in bold: the sentence that best answers the question.
 * Its evidence, coverage, is how much of a question a piece of text holds: the share of the
 * question's idf mass whose terms (any alternative, for translated terms) occur in the text.
 */
import type { Span } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import { queryMass, type WeightedQueryTerm } from '../retrieval/query.ts';
import { holdsAnswerType, type AnswerType } from '../retrieval/answerType.ts';
import { matchPositions, pairShare } from './matching.ts';

/** Σ idf·weight of the query terms found in `terms`, as a share of the whole query's mass. */
function coverage(query: readonly WeightedQueryTerm[], terms: ReadonlySet<string>): number {
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
   * Added to a sentence that holds what the question asks for when it asks when / how many
   * (answerType.ts: a date, a number): the answer is then a date or a quantity.
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
  /** Added to the quote's first sentence. */
  firstWeight: number;
  /** Added × the share of the question's root (Snowball) mass in the sentence: broken plurals and verb forms. */
  rootWeight: number;
  /** Added × the share of the question's neighbouring word pairs found side by side in the sentence (matching.ts). */
  pairWeight: number;
  /**
   * Added × the previous sentence's matched share: a question written from a passage often restates
   * one sentence while its answer is the next.
   */
  previousWeight: number;
  /** Added to the article's opening sentence when the question asks what or who something is (answerType.ts). */
  openingWeight: number;
  /**
   * Added × the matched share with each question word also weighted by how few of the quote's
   * sentences hold it (log(1 + sentences / sentences holding it)): a word in every sentence (the
   * article's subject, «تسلا» in an article about him) does not tell which sentence answers.
   */
  distinctiveWeight: number;
}

/**
 * The feature weights were refitted with `tools/eval/fitRerank.ts --sentences --fit tune` on the
 * tuning halves (ARCD train + ANT; xquad-dev tuning articles + ANT, Arabic and English), by
 * coordinate ascent on how often the chosen sentence holds the answer; see README.
 */
export const DEFAULT_KEY_SENTENCE_OPTIONS: KeySentenceOptions = {
  titleTermWeight: 0.6,
  phraseWeight: 0,
  numberBonus: 0.75,
  proximityWeight: 0,
  noveltyWeight: 0,
  firstWeight: 0.02,
  rootWeight: 0.1,
  pairWeight: 0,
  previousWeight: 0,
  openingWeight: 0,
  distinctiveWeight: 0,
};

/** Features of a candidate key sentence, in this order; the score is their sum weighted by keySentenceWeights. */
export const KEY_SENTENCE_FEATURES = [
  'matched',
  'phrases',
  'number',
  'proximity',
  'novelty',
  'first',
  'roots',
  'pairs',
  'previous',
  'opening',
  'distinctive',
] as const;
const NOVELTY_WORDS = 8;

export function keySentenceWeights(options: KeySentenceOptions): number[] {
  return [
    1,
    options.phraseWeight,
    options.numberBonus,
    options.proximityWeight,
    options.noveltyWeight,
    options.firstWeight,
    options.rootWeight,
    options.pairWeight,
    options.previousWeight,
    options.openingWeight,
    options.distinctiveWeight,
  ];
}

export interface KeySentenceQuery {
  words: readonly WeightedQueryTerm[];
  /** Phrase terms (they match only where the analyzer makes phrases). */
  phrases?: readonly WeightedQueryTerm[];
  /** Root terms of an Arabic question (`~`-marked, retrieval/query.ts). */
  roots?: readonly WeightedQueryTerm[];
  /** Analyzed terms of the article title. */
  titleTerms?: ReadonlySet<string>;
  /** What the question asks for (answerType.ts). */
  answerType?: AnswerType;
  /** The question asks what or who something is (answerType.ts isDefinitionQuestion). */
  definition?: boolean;
}

interface SentenceEvidence {
  matched: number;
  phraseMass: number;
  number: number;
  proximity: number;
  novelty: number;
  roots: number;
  pairs: number;
  coverage: number;
  /** Which question words the sentence holds. */
  held: boolean[];
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
  const evidence = sentences.map((sentence) => sentenceEvidence(text.slice(sentence.start, sentence.end), analyzer, query, options));
  const opening = text.slice(0, sentences[0]?.start ?? 0).trim() === '';
  const distinctive = distinctiveShares(query.words, evidence);
  return sentences.map((sentence, index) => {
    const own = evidence[index]!;
    const previous = index > 0 ? evidence[index - 1]!.matched : 0;
    const isOpening = query.definition && index === 0 && opening ? 1 : 0;
    return {
      span: sentence,
      features: [
        own.matched,
        own.phraseMass,
        own.number,
        own.proximity,
        own.novelty,
        index === 0 ? 1 : 0,
        own.roots,
        own.pairs,
        previous,
        isOpening,
        distinctive[index]!,
      ],
      coverage: own.coverage,
    };
  });
}

function sentenceEvidence(sentence: string, analyzer: Analyzer, query: KeySentenceQuery, options: KeySentenceOptions): SentenceEvidence {
  const { words, phrases = [], roots = [], titleTerms } = query;
  const inTitle = (entry: WeightedQueryTerm) => !!titleTerms && entry.term.alternatives.some((alternative) => titleTerms.has(alternative.term));
  const weightOf = (entry: WeightedQueryTerm) => entry.idf * entry.term.weight * (inTitle(entry) ? options.titleTermWeight : 1);
  const weights = words.map(weightOf);
  const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
  const analyzed = analyzer.analyze(sentence);
  const present = new Set(analyzed.terms);
  let matched = 0;
  const held = words.map((entry) => entry.term.alternatives.some((alternative) => present.has(alternative.term)));
  held.forEach((isHeld, i) => {
    if (isHeld) matched += weights[i]!;
  });
  let phraseMass = 0;
  if (phrases.length) {
    const presentPhrases = new Set(analyzed.phrases);
    for (const entry of phrases) {
      if (entry.term.alternatives.some((alternative) => presentPhrases.has(alternative.term))) phraseMass += (entry.idf * entry.term.weight) / total;
    }
  }
  const type = query.answerType ?? 'other';
  const number = (type === 'number' || type === 'date') && holdsAnswerType(sentence, type) ? 1 : 0;
  const positions = matchPositions(words, analyzed.terms);
  let first = -1;
  let last = -1;
  let novel = 0;
  positions.forEach((word, position) => {
    if (word >= 0) {
      if (first < 0) first = position;
      last = position;
    } else if (!titleTerms?.has(analyzed.terms[position]!)) novel++;
  });
  return {
    matched: matched / total,
    phraseMass,
    number,
    proximity: first >= 0 ? 1 / (last - first + 1) : 0,
    novelty: Math.min(novel, NOVELTY_WORDS) / NOVELTY_WORDS,
    roots: roots.length ? coverage(roots, new Set(analyzed.roots)) : 0,
    pairs: pairShare(weights, positions),
    coverage: coverage(words, present),
    held,
  };
}

/** Per sentence: its matched idf mass, each word also weighted by log(1 + sentences / sentences holding it), as a share of the best possible. */
function distinctiveShares(words: readonly WeightedQueryTerm[], evidence: readonly SentenceEvidence[]): number[] {
  const count = evidence.length;
  const local = words.map((_, i) => {
    const holding = evidence.filter((sentence) => sentence.held[i]).length;
    return holding ? Math.log(1 + count / holding) : 0;
  });
  const weights = words.map((entry, i) => entry.idf * entry.term.weight * local[i]!);
  const total = words.reduce((sum, entry) => sum + entry.idf * entry.term.weight * Math.log(1 + count), 0) || 1;
  return evidence.map((sentence) => sentence.held.reduce((sum, isHeld, i) => sum + (isHeld ? weights[i]! : 0), 0) / total);
}

/**
 * The sentence of a quote that best answers the question: the highest weighted sum of its features
 * (see KEY_SENTENCE_FEATURES and KeySentenceOptions). Ties go to the earlier sentence, which in news
 * is usually the one that states the fact.
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
