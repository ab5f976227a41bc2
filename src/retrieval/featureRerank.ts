/**
 * The feature re-ranker: the top lexical candidates re-ordered by a linear combination of cheap
 * features, each in [0, 1], computed on the candidate's analyzed text. BM25 alone rewards many
 * repeats of one rare question word; these features say how MUCH of the question a passage holds
 * and how close together. The weights are fitted on ARCD's train split by coordinate ascent on MRR@10
 * (`npm run -s eval -- … --split train --dump FILE`, then `npx tsx tools/eval/fitRerank.ts FILE`)
 * and written into DEFAULT_RERANK_WEIGHTS below.
 */
import type { Passage } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { LexicalHit } from '../index/lexicalIndex.ts';
import { isNumberTerm, queryMass, type WeightedQuery, type WeightedQueryTerm } from './query.ts';
import type { PassageTexts } from './searchableIndex.ts';

export const RERANK_FEATURES = [
  /** The first stage's score (BM25 + adjacency bonus) over the best candidate's. */
  'score',
  /** Share of the question words' idf mass found in the passage (body or title). */
  'coverage',
  /** The same for the Snowball root terms (broken plurals, verb forms). */
  'rootCoverage',
  /** Best share of the question words' idf mass inside any window of WINDOW consecutive body words. */
  'window',
  /** Share of the question words' idf mass found in the article title. */
  'titleCoverage',
  /** 1 when the question asks when / how many and the passage holds a number. */
  'number',
] as const;

export type RerankWeights = Record<(typeof RERANK_FEATURES)[number], number>;

/** Window length (analyzed words, stopwords dropped) for the `window` feature: about a clause. */
const WINDOW = 12;

/**
 * Fitted on ARCD train (693 questions) + ANT distractors with tools/eval/fitRerank.ts; see README.
 * With every weight but `score` at 0 the order is the first stage's.
 */
export const DEFAULT_RERANK_WEIGHTS: RerankWeights = { score: 1, coverage: 0, rootCoverage: 0.2, window: 0.1, titleCoverage: 0.2, number: 0.3 };

interface RerankCandidate {
  passage: number;
  score: number;
  /** Analyzed body words in order (Analysis.terms), the body's root terms, and the title's terms (words and roots). */
  bodyTerms: readonly string[];
  bodyRoots: readonly string[];
  titleTerms: ReadonlySet<string>;
}

export type RerankQuery = Pick<WeightedQuery, 'words' | 'roots' | 'asksForNumber'>;

function matchedShare(query: readonly WeightedQueryTerm[], has: (term: string) => boolean, total: number): number {
  if (total <= 0) return 0;
  let matched = 0;
  for (const entry of query) if (entry.term.alternatives.some((alternative) => has(alternative.term))) matched += entry.idf * entry.term.weight;
  return matched / total;
}

/** Feature vector of one candidate, in RERANK_FEATURES order. */
function rerankFeatures(query: RerankQuery, candidate: RerankCandidate, topScore: number): number[] {
  const wordMass = queryMass(query.words);
  const rootMass = queryMass(query.roots);
  const body = new Set(candidate.bodyTerms);
  const roots = new Set(candidate.bodyRoots);
  const title = candidate.titleTerms;
  const coverage = matchedShare(query.words, (term) => body.has(term) || title.has(term), wordMass);
  const rootCoverage = matchedShare(query.roots, (term) => roots.has(term) || title.has(term), rootMass);
  const titleCoverage = matchedShare(query.words, (term) => title.has(term), wordMass);
  // Sliding window over body positions: weight of each query word (index into query.words) per position.
  const termIndex = new Map<string, number>();
  query.words.forEach((entry, index) => {
    for (const alternative of entry.term.alternatives) if (!termIndex.has(alternative.term)) termIndex.set(alternative.term, index);
  });
  let window = 0;
  if (wordMass > 0) {
    const counts = new Int32Array(query.words.length);
    let inside = 0;
    const terms = candidate.bodyTerms;
    for (let end = 0; end < terms.length; end++) {
      const added = termIndex.get(terms[end]!);
      if (added !== undefined && ++counts[added]! === 1) inside += query.words[added]!.idf * query.words[added]!.term.weight;
      const start = end - WINDOW;
      if (start >= 0) {
        const removed = termIndex.get(terms[start]!);
        if (removed !== undefined && --counts[removed]! === 0) inside -= query.words[removed]!.idf * query.words[removed]!.term.weight;
      }
      if (inside > window) window = inside;
    }
    window /= wordMass;
  }
  const number = query.asksForNumber && candidate.bodyTerms.some(isNumberTerm) ? 1 : 0;
  return [topScore > 0 ? candidate.score / topScore : 0, coverage, rootCoverage, Math.min(window, 1), titleCoverage, number];
}

function weightVector(weights: RerankWeights): number[] {
  return RERANK_FEATURES.map((name) => weights[name]);
}

function linearScore(features: readonly number[], weights: readonly number[]): number {
  let score = 0;
  for (let i = 0; i < features.length; i++) score += features[i]! * weights[i]!;
  return score;
}

/**
 * For English questions (translated terms): fitted on the tuning articles of xquad-dev English +
 * ANT distractors with tools/eval/fitRerank.ts; see README. BM25 order alone when every weight
 * but `score` is 0.
 */
export const DEFAULT_ENGLISH_RERANK_WEIGHTS: RerankWeights = { score: 1, coverage: -0.25, rootCoverage: 0, window: 2, titleCoverage: 0.05, number: 0.3 };

export interface FeatureRerankOptions {
  /** How many of the first stage's hits are re-ordered (0: off). */
  featureDepth: number;
  featureWeights: RerankWeights;
  /** The weights for English questions. */
  englishFeatureWeights: RerankWeights;
  /** Keep the candidates' feature vectors in the result (eval --dump, for fitting). */
  collectFeatures?: boolean;
}

export const DEFAULT_FEATURE_RERANK_OPTIONS: FeatureRerankOptions = {
  featureDepth: 30,
  featureWeights: DEFAULT_RERANK_WEIGHTS,
  englishFeatureWeights: DEFAULT_ENGLISH_RERANK_WEIGHTS,
};

export interface CandidateFeatures {
  passage: number;
  features: number[];
}

export class FeatureReranker {
  private readonly titleCache = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly analyzer: Analyzer,
    private readonly texts: PassageTexts,
    private readonly passages: readonly Passage[],
    private readonly options: FeatureRerankOptions,
  ) {}

  /**
   * The feature vectors of the top `featureDepth` hits and, unless only collecting them, those hits
   * re-ordered by the linear score; the rest keep their order below them.
   */
  rerank(query: RerankQuery, hits: LexicalHit[], english = false): { hits: LexicalHit[]; features?: CandidateFeatures[] } {
    const { featureDepth: depth, collectFeatures } = this.options;
    if (depth <= 0 || hits.length === 0) return { hits };
    const weights = weightVector(english ? this.options.englishFeatureWeights : this.options.featureWeights);
    const onlyScore = weights.every((weight, index) => index === 0 || weight === 0);
    if (onlyScore && !collectFeatures) return { hits };
    const topScore = hits[0]!.score;
    const head = hits.slice(0, depth).map((hit) => {
      const document = this.texts.document(this.passages[hit.passage]!.docId);
      const analyzed = this.analyzer.analyze(this.texts.text(hit.passage));
      const candidate: RerankCandidate = {
        passage: hit.passage,
        score: hit.score,
        bodyTerms: analyzed.terms,
        bodyRoots: analyzed.roots,
        titleTerms: this.titleTerms(document.docId, document.title),
      };
      return { hit, features: rerankFeatures(query, candidate, topScore) };
    });
    const features = collectFeatures ? head.map((entry) => ({ passage: entry.hit.passage, features: entry.features })) : undefined;
    if (onlyScore) return { hits, ...(features ? { features } : {}) };
    // Scaled back to the first stage's units so that scores stay comparable in size.
    const reranked = head
      .map((entry) => ({ passage: entry.hit.passage, score: topScore * linearScore(entry.features, weights) }))
      .sort((a, b) => b.score - a.score || a.passage - b.passage);
    return { hits: [...reranked, ...hits.slice(depth)], ...(features ? { features } : {}) };
  }

  /** The title's words and roots, per document: the top hits of successive questions share many articles. */
  private titleTerms(docId: string, title: string): ReadonlySet<string> {
    let terms = this.titleCache.get(docId);
    if (!terms) {
      const analyzed = this.analyzer.analyze(title);
      terms = new Set([...analyzed.terms, ...analyzed.roots]);
      if (this.titleCache.size > 50_000) this.titleCache.clear();
      this.titleCache.set(docId, terms);
    }
    return terms;
  }
}
