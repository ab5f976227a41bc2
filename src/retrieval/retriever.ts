/**
 * Question → ranked passages, stage by stage: the lexical query (query.ts; English questions are
 * first translated into weighted Arabic alternatives, englishQuery.ts), the lexical stage
 * (lexicalStage.ts: BM25, adjacency bonus, feature re-ranker), the dense stage (denseStage.ts) when a
 * model is loaded, and the fusion of their rankings (fusion.ts).
 */
import type { Lang, SearchMode } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { Dictionary } from '../crosslingual/dictionary.ts';
import { DEFAULT_ADJACENCY_OPTIONS, type AdjacencyOptions } from './adjacencyBonus.ts';
import { startDenseSearch } from './denseStage.ts';
import { DEFAULT_FEATURE_RERANK_OPTIONS, type CandidateFeatures, type FeatureRerankOptions } from './featureRerank.ts';
import { fuseStages, type RetrievedPassage } from './fusion.ts';
import { LexicalStage, type LexicalStageResult } from './lexicalStage.ts';
import { DEFAULT_QUERY_OPTIONS, QueryBuilder, type QueryOptions, type WeightedQuery } from './query.ts';
import { PassageTexts, type SearchableIndex } from './searchableIndex.ts';

export type RetrieverOptions = QueryOptions & AdjacencyOptions & FeatureRerankOptions;

export const DEFAULT_RETRIEVER_OPTIONS: RetrieverOptions = {
  ...DEFAULT_QUERY_OPTIONS,
  ...DEFAULT_ADJACENCY_OPTIONS,
  ...DEFAULT_FEATURE_RERANK_OPTIONS,
};

export interface Retrieval {
  /** What ran: `hybrid` and `dense` fall back to `lexical` without a model or vectors. */
  mode: SearchMode;
  hits: RetrievedPassage[];
  /** The query's terms with their idf (coverage and key sentences are measured on its words). */
  query: WeightedQuery;
  notices: string[];
  /** The feature re-ranker's candidates with their features, before re-ranking (only with collectFeatures; for fitting). */
  features?: CandidateFeatures[];
  /** The idf of a term the index does not hold: the weight a question word found nowhere would have. */
  unseenIdf: number;
}

/** How deep each side ranks before fusion: deep enough that the other side can promote a passage. */
const CANDIDATES = 100;

export class Retriever {
  private readonly queries: QueryBuilder;
  private readonly lexicalStage: LexicalStage;

  constructor(
    private readonly index: SearchableIndex,
    analyzer: Analyzer,
    private readonly embedder: Embedder | null,
    dictionary: Dictionary | null,
    options: Partial<RetrieverOptions> = {},
  ) {
    const settings: RetrieverOptions = { ...DEFAULT_RETRIEVER_OPTIONS, ...options };
    this.queries = new QueryBuilder(index.lexical, analyzer, dictionary, settings);
    this.lexicalStage = new LexicalStage(index, analyzer, new PassageTexts(index), settings);
  }

  get canUseDense(): boolean {
    return !!this.embedder && !!this.index.vectors && this.index.vectors.size > 0;
  }

  /**
   * Prepares in the background, in slices, what the first question of a kind would otherwise build
   * while its asker waits (the name-skeleton table over the whole vocabulary, for English questions).
   */
  warmUp(): Promise<void> {
    return this.queries.warmUp();
  }

  async retrieve(question: string, lang: Lang, mode: SearchMode, limit: number): Promise<Retrieval> {
    const query = this.queries.build(question, lang);
    const weighted = this.queries.weigh(query, question, lang);
    const effectiveMode: SearchMode = this.canUseDense ? mode : 'lexical';
    const depth = Math.max(CANDIDATES, limit);
    const dense = effectiveMode !== 'lexical' ? startDenseSearch(this.embedder!, this.index.vectors!, question, depth) : null;
    const lexical: LexicalStageResult = effectiveMode !== 'dense' ? this.lexicalStage.search(question, lang, weighted, depth) : { hits: [] };
    const hits = fuseStages(effectiveMode, lexical.hits, dense ? await dense : [], limit);
    return {
      mode: effectiveMode,
      hits,
      query: weighted,
      notices: query.notices,
      unseenIdf: this.index.lexical.idf(0),
      ...(lexical.features ? { features: lexical.features } : {}),
    };
  }
}
