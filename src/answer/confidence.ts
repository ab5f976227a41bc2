/**
 * Whether to answer or to say "no confident answer": a logistic model over signals that do not
 * depend on the corpus's size or topic, computed on the first quote:
 *  - how much of the question's weight the quote holds, each word weighted by its idf (a word the
 *    corpus does not hold at all counts at the idf of an unseen word, so «عاصمة أستراليا» is not
 *    half answered by «عاصمة» alone), and the same with idf² (the rare words: names, terms);
 *  - how close together the quote holds the question's words, and in the question's phrasing;
 *  - how much of the question the key sentence holds;
 *  - whether a question that asks when / how many gets a date / number in its key sentence;
 *  - the question's language and length.
 * Signals that change with the corpus's size were tried and left out (README): margins to the next
 * documents, and the number of question words found, read very differently in five articles and in
 * ten thousand. The weights are fitted on the tuning halves only (see DEFAULT_CONFIDENCE_MODEL).
 */
import type { WeightedQueryTerm } from '../retrieval/query.ts';
import { answerTypeOf, holdsAnswerType } from '../retrieval/answerType.ts';
import { matchPositions, pairShare } from './matching.ts';

export const CONFIDENCE_FEATURES = [
  /** Share of the question's idf mass whose words occur in the quote (or its title); unseen words at the unseen idf. */
  'coverage',
  /** The same with idf² weights: the rare words count most. */
  'rareCoverage',
  /** Best share of the question's idf mass inside any WINDOW consecutive words of the quote (a clause). */
  'window',
  /** Share of the question's neighbouring word pairs found side by side in the quote (matching.ts pairShare). */
  'pairs',
  /** Share of the question's idf mass in the key sentence. */
  'sentenceCoverage',
  /** The question asks when / how many. */
  'typeAsked',
  /** … and the key sentence holds no date / number. */
  'typeMissing',
  /** An English question (translated into Arabic terms). */
  'english',
  /** 1 / the number of question words. */
  'shortQuestion',
] as const;

type ConfidenceFeatureName = (typeof CONFIDENCE_FEATURES)[number];

export interface ConfidenceModel {
  bias: number;
  weights: Record<ConfidenceFeatureName, number>;
  /** Answer when the model's probability reaches this. */
  threshold: number;
}

/**
 * Fitted by tools/eval/fitConfidence.ts (logistic regression, L2 0.001, weights held to their
 * expected signs) on the tuning halves only, labelled by whether the question is answerable in the
 * corpus asked: ARCD train questions asked of ARCD and of ARCD + the 10,138 ANT news articles
 * (answerable), the xquad-dev tuning articles' questions in Arabic and English asked of xquad-dev +
 * ANT (answerable) and of ARCD + ANT (not), ARCD train asked of xquad-dev + ANT (not), and the
 * `tune` half of tools/eval/sets/offtopic.jsonl asked of the seed corpus and of ARCD (not). The
 * threshold is the highest that keeps the mean abstention on the answerable sets within 5% on the
 * tuning half. The figures on both halves are in the README.
 */
export const DEFAULT_CONFIDENCE_MODEL: ConfidenceModel = {
  bias: -2.409,
  weights: {
    coverage: 1.919,
    rareCoverage: 0.373,
    window: 1.656,
    pairs: 2.165,
    sentenceCoverage: 1.973,
    typeAsked: -0.134,
    typeMissing: -0.516,
    english: 0.245,
    shortQuestion: -3.44,
  },
  threshold: 0.22,
};

export interface ConfidenceInput {
  question: string;
  words: readonly WeightedQueryTerm[];
  unseenIdf: number;
  /** Analyzed terms of the first quote, in order. */
  quoteSequence: readonly string[];
  /** Analyzed terms of the first quote and of its document's title. */
  quoteTerms: ReadonlySet<string>;
  /** Analyzed terms and the text of the first quote's key sentence. */
  sentenceTerms: ReadonlySet<string>;
  sentenceText: string;
  english: boolean;
}

/** Window length (analyzed words) for `window`, as the feature re-ranker's: about a clause. */
const WINDOW = 12;

function weightOf(entry: WeightedQueryTerm, unseenIdf: number): number {
  return (entry.idf > 0 ? entry.idf : unseenIdf) * entry.term.weight;
}

function holds(entry: WeightedQueryTerm, terms: ReadonlySet<string>): boolean {
  return entry.term.alternatives.some((alternative) => terms.has(alternative.term));
}

/** Share of Σ weight(entry)^power over the entries held by `terms`. */
function heldShare(words: readonly WeightedQueryTerm[], unseenIdf: number, terms: ReadonlySet<string>, power: number): number {
  let total = 0;
  let held = 0;
  for (const entry of words) {
    const weight = weightOf(entry, unseenIdf) ** power;
    total += weight;
    if (holds(entry, terms)) held += weight;
  }
  return total > 0 ? held / total : 0;
}

/** Best share of the question's weight inside any window of WINDOW consecutive words. */
function windowShare(weights: readonly number[], positions: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total <= 0) return 0;
  const counts = new Int32Array(weights.length);
  let inside = 0;
  let best = 0;
  for (let end = 0; end < positions.length; end++) {
    const added = positions[end]!;
    if (added >= 0 && ++counts[added]! === 1) inside += weights[added]!;
    const start = end - WINDOW;
    const removed = start >= 0 ? positions[start]! : -1;
    if (removed >= 0 && --counts[removed]! === 0) inside -= weights[removed]!;
    best = Math.max(best, inside);
  }
  return Math.min(1, best / total);
}

export function confidenceFeatures(input: ConfidenceInput): number[] {
  const { words, unseenIdf } = input;
  const weights = words.map((entry) => weightOf(entry, unseenIdf));
  const positions = matchPositions(words, input.quoteSequence);
  const type = answerTypeOf(input.question);
  const typeAsked = type === 'number' || type === 'date';
  const values: Record<ConfidenceFeatureName, number> = {
    coverage: heldShare(words, unseenIdf, input.quoteTerms, 1),
    rareCoverage: heldShare(words, unseenIdf, input.quoteTerms, 2),
    window: windowShare(weights, positions),
    pairs: pairShare(weights, positions),
    sentenceCoverage: heldShare(words, unseenIdf, input.sentenceTerms, 1),
    typeAsked: typeAsked ? 1 : 0,
    typeMissing: typeAsked && !holdsAnswerType(input.sentenceText, type) ? 1 : 0,
    english: input.english ? 1 : 0,
    shortQuestion: words.length ? 1 / words.length : 1,
  };
  return CONFIDENCE_FEATURES.map((name) => values[name]);
}

/** The model's probability that the first quote answers the question. */
export function confidenceScore(features: readonly number[], model: ConfidenceModel = DEFAULT_CONFIDENCE_MODEL): number {
  let z = model.bias;
  CONFIDENCE_FEATURES.forEach((name, i) => {
    z += model.weights[name] * features[i]!;
  });
  return 1 / (1 + Math.exp(-z));
}
