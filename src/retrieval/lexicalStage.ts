/**
 * The lexical stage: BM25 over the query's terms, then, for Arabic questions, the adjacency bonus on
 * the top hits, and the feature re-ranker on the top hits, with weights fitted for each language
 * (translated terms behave otherwise).
 */
import type { Lang } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { LexicalHit, LexicalIndex } from '../index/lexicalIndex.ts';
import { AdjacencyBonus, type AdjacencyOptions } from './adjacencyBonus.ts';
import { FeatureReranker, type CandidateFeatures, type FeatureRerankOptions } from './featureRerank.ts';
import type { WeightedQuery } from './query.ts';
import type { PassageTexts, SearchableIndex } from './searchableIndex.ts';

export interface LexicalStageResult {
  hits: LexicalHit[];
  /** The feature re-ranker's candidates (with collectFeatures only). */
  features?: CandidateFeatures[];
}

export class LexicalStage {
  private readonly lexical: LexicalIndex;
  private readonly adjacency: AdjacencyBonus;
  private readonly reranker: FeatureReranker;

  constructor(index: SearchableIndex, analyzer: Analyzer, texts: PassageTexts, options: AdjacencyOptions & FeatureRerankOptions) {
    this.lexical = index.lexical;
    this.adjacency = new AdjacencyBonus(index.lexical, texts, options);
    this.reranker = new FeatureReranker(analyzer, texts, index.passages, options);
  }

  /** The best `depth` passages, best first (none for a question without word terms). */
  search(question: string, lang: Lang, query: WeightedQuery, depth: number): LexicalStageResult {
    if (!query.words.length) return { hits: [] };
    const bm25 = this.lexical.search(
      [...query.words, ...query.phrases, ...query.roots].map((entry) => entry.term),
      depth,
    );
    // The adjacency bonus reads Arabic word pairs; English questions go to the re-ranker with their own weights.
    if (lang === 'en') return this.reranker.rerank(query, bm25, true);
    return this.reranker.rerank(query, this.adjacency.apply(question, bm25));
  }
}
