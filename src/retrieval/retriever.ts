/**
 * Question → ranked passages, stage by stage: the lexical query (query.ts; English questions are
 * first translated into weighted Arabic alternatives, englishQuery.ts; a follow-up also gets its
 * conversation's context terms, followUp.ts), the lexical stage (lexicalStage.ts: BM25, adjacency
 * bonus, feature re-ranker), the dense stage (denseStage.ts) when a model is loaded, and the fusion
 * of their rankings (fusion.ts); in a conversation, passages already shown are then set aside.
 */
import type { ConversationContext, Lang, SearchMode } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { Dictionary } from '../crosslingual/dictionary.ts';
import { DEFAULT_ADJACENCY_OPTIONS, type AdjacencyOptions } from './adjacencyBonus.ts';
import { startDenseSearch } from './denseStage.ts';
import { DEFAULT_FEATURE_RERANK_OPTIONS, type CandidateFeatures, type FeatureRerankOptions } from './featureRerank.ts';
import { contextTerms, DEFAULT_FOLLOW_UP_OPTIONS, setShownAside, type FollowUpOptions } from './followUp.ts';
import { fuseStages, type RetrievedPassage } from './fusion.ts';
import { LexicalStage, type LexicalStageResult } from './lexicalStage.ts';
import { DEFAULT_QUERY_OPTIONS, QueryBuilder, type LexicalQuery, type QueryOptions, type WeightedQuery } from './query.ts';
import { PassageTexts, type SearchableIndex } from './searchableIndex.ts';
import { detectLanguage } from '../text/language.ts';

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
  private readonly followUps: FollowUpOptions;

  constructor(
    private readonly index: SearchableIndex,
    analyzer: Analyzer,
    private readonly embedder: Embedder | null,
    dictionary: Dictionary | null,
    options: Partial<RetrieverOptions & FollowUpOptions> = {},
  ) {
    const settings: RetrieverOptions & FollowUpOptions = { ...DEFAULT_RETRIEVER_OPTIONS, ...DEFAULT_FOLLOW_UP_OPTIONS, ...options };
    this.followUps = settings;
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

  /** With a conversation's `context`: a follow-up (see followUp.ts). */
  async retrieve(question: string, lang: Lang, mode: SearchMode, limit: number, context?: ConversationContext): Promise<Retrieval> {
    const query = this.queries.build(question, lang);
    if (context?.earlierQuestions.length) query.words.push(...this.contextTerms(query, context.earlierQuestions, lang));
    const weighted = this.queries.weigh(query, question, lang);
    const effectiveMode: SearchMode = this.canUseDense ? mode : 'lexical';
    const depth = Math.max(CANDIDATES, limit);
    const dense = effectiveMode !== 'lexical' ? startDenseSearch(this.embedder!, this.index.vectors!, question, depth) : null;
    const lexical: LexicalStageResult = effectiveMode !== 'dense' ? this.lexicalStage.search(question, lang, weighted, depth) : { hits: [] };
    const shown = new Set(context?.shownPassageIds ?? []);
    let hits = fuseStages(effectiveMode, lexical.hits, dense ? await dense : [], limit + shown.size);
    if (shown.size) hits = setShownAside(hits, (passage) => shown.has(this.index.passages[passage]!.passageId));
    hits = hits.slice(0, limit);
    return {
      mode: effectiveMode,
      hits,
      query: weighted,
      notices: query.notices,
      unseenIdf: this.index.lexical.idf(0),
      ...(lexical.features ? { features: lexical.features } : {}),
    };
  }

  /** The earlier questions' key terms for a follow-up (followUp.ts), each earlier question analyzed in its own language. */
  private contextTerms(query: LexicalQuery, earlierQuestions: readonly string[], lang: Lang) {
    const earlier = earlierQuestions.map((text) => {
      const detected = detectLanguage(text);
      return this.queries.build(text, detected === 'other' ? lang : detected);
    });
    return contextTerms(query, earlier, this.index.lexical, this.followUps);
  }
}
