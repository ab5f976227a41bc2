/**
 * Question → ranked passages. Lexical BM25 over the Arabic analyzer's terms (English questions are
 * first translated into weighted Arabic alternatives), dense nearest neighbours when a model is
 * loaded, fused by reciprocal rank.
 */
import type { ArticleDocument, Lang, Passage, SearchMode } from '../types.ts';
import { createAnalyzer, type Analyzer } from '../text/analyzer.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { LexicalHit, LexicalIndex, QueryTerm } from '../index/lexicalIndex.ts';
import type { VectorIndex } from '../index/vectorIndex.ts';
import { MISSING_DICTIONARY_NOTICE, type Dictionary } from '../crosslingual/dictionary.ts';
import { translateQuery } from '../crosslingual/translate.ts';
import { SkeletonIndex } from '../crosslingual/nameMatch.ts';
import { reciprocalRankFusion } from './fusion.ts';
import { asksForNumber, type WeightedQueryTerm } from './evidence.ts';
import { analyzeCandidate, DEFAULT_RERANK_WEIGHTS, linearScore, rerankFeatures, weightVector, type RerankQuery, type RerankWeights } from './rerank.ts';

export interface SearchableIndex {
  documents: ArticleDocument[];
  passages: Passage[];
  lexical: LexicalIndex;
  vectors: VectorIndex | null;
}

export interface RetrievedPassage {
  passage: number;
  score: number;
  lexicalRank: number | null;
  denseRank: number | null;
}

export interface Retrieval {
  mode: SearchMode;
  hits: RetrievedPassage[];
  /** The word terms of the lexical query with their idf (coverage and key sentences are measured on these). */
  query: WeightedQueryTerm[];
  /** The phrase terms (pairs of neighbouring question words) searched beside them; Arabic questions only. */
  phrases: WeightedQueryTerm[];
  notices: string[];
  /** The lexical side's best raw BM25 score (0 when nothing matched). */
  topLexicalScore: number;
  /** The re-ranker's features of its candidates, before re-ranking (only with RetrieverOptions.collectFeatures; for fitting). */
  features?: Array<{ passage: number; features: number[] }>;
}

/** Weights of a name's corpus spellings found by skeleton, best first: evidence, but weaker than a dictionary entry. */
const NAME_MATCH_WEIGHTS = [0.5, 0.25];

/** How deep each side ranks before fusion: deep enough that the other side can promote a passage. */
const CANDIDATES = 100;


export interface RetrieverOptions {
  /**
   * Query weight of each phrase term against a word term's 1. Phrase matches are strong evidence
   * (the question's wording, in order) but rarer and partly redundant with their two words.
   */
  phraseWeight: number;
  /** Cap a phrase's idf at its rarer or its commoner word's idf (see phraseTerms), or not at all. */
  phraseIdfCap: 'rarer' | 'commoner' | 'none';
  /** Query weight of the Snowball "root" term of each Arabic question word (indexes built with rootStems). */
  rootWeight: number;
  /**
   * Adjacency bonus: the top `adjacencyDepth` lexical hits are re-read and each pair of neighbouring
   * question words (lightly cut: the analyzer's surface phrase keys) found side by side in a passage
   * adds adjacencyWeight × the idf of its commoner word. Costs no index space, unlike phrase terms.
   */
  adjacencyWeight: number;
  adjacencyDepth: number;
  /** The feature re-ranker (rerank.ts): how many of the first stage's hits it re-orders (0: off), and its weights. */
  featureDepth: number;
  featureWeights: RerankWeights;
  /**
   * Spelling tolerance for Arabic questions: a question word (and its root term) that the index
   * holds in at most `fuzzyMaxDf` passages gets the index terms one edit away (LexicalIndex.neighbours,
   * the `fuzzyCandidates` most frequent) as alternatives of the SAME query term, each at
   * `fuzzyWeight` (0: off). Words shorter than `fuzzyMinLength` letters are left alone: too many
   * real words lie one edit from them. Measured (ARCD+ANT train R@5/MRR): 0.873/0.743 → 0.875/0.746,
   * test 0.883/0.765 → 0.887/0.773, ARCD alone R@5 0.933 → 0.945; xquad unchanged. Only words the
   * index lacks (max df 0): taking words in ≤ 2 passages too was flat on ARCD and lowered abstention
   * on unanswerable questions; weight 0.5 and minimum lengths 3/5 measured the same or worse.
   */
  fuzzyWeight: number;
  fuzzyMaxDf: number;
  fuzzyMinLength: number;
  fuzzyCandidates: number;
  /** Keep the second stage's feature vectors in the Retrieval (eval --dump). */
  collectFeatures?: boolean;
}

export const DEFAULT_RETRIEVER_OPTIONS: RetrieverOptions = {
  phraseWeight: 0.5,
  phraseIdfCap: 'commoner',
  rootWeight: 0.5,
  adjacencyWeight: 1,
  adjacencyDepth: 20,
  featureDepth: 30,
  featureWeights: DEFAULT_RERANK_WEIGHTS,
  fuzzyWeight: 1,
  fuzzyMaxDf: 0,
  fuzzyMinLength: 4,
  fuzzyCandidates: 3,
};

export class Retriever {
  readonly options: RetrieverOptions;
  /** The same analysis with surface phrase keys, for the adjacency bonus whatever the index holds. */
  private readonly pairAnalyzer: Analyzer;
  private documentsById: Map<string, ArticleDocument> | null = null;

  constructor(
    readonly index: SearchableIndex,
    readonly analyzer: Analyzer,
    readonly embedder: Embedder | null,
    readonly dictionary: Dictionary | null,
    options: Partial<RetrieverOptions> = {},
  ) {
    this.options = { ...DEFAULT_RETRIEVER_OPTIONS, ...options };
    this.pairAnalyzer = createAnalyzer({ phrases: 'surface', rootStems: false });
  }

  get canUseDense(): boolean {
    return !!this.embedder && !!this.index.vectors && this.index.vectors.size > 0;
  }

  /**
   * The lexical query: one term per distinct analyzed word, or per translated English word; for
   * Arabic questions also one phrase term per distinct pair of neighbouring words (an index built
   * without phrases simply has none of them: they then match nothing and change nothing).
   */
  buildQuery(question: string, lang: Lang): { terms: QueryTerm[]; phrases: QueryTerm[]; notices: string[] } {
    const notices: string[] = [];
    if (lang === 'en') {
      if (!this.dictionary) {
        notices.push(MISSING_DICTIONARY_NOTICE);
      } else {
        const translated = translateQuery(question, this.dictionary);
        const terms: QueryTerm[] = [];
        for (const group of translated.groups) {
          const weights = new Map<string, number>();
          for (const alternative of group.alternatives) {
            for (const term of this.analyzer.terms(alternative.arabic)) {
              weights.set(term, Math.max(weights.get(term) ?? 0, alternative.weight));
            }
          }
          // Latin names and numbers also match as written (Latin text in Arabic articles is common).
          if (group.kind === 'name' || group.kind === 'latin' || group.kind === 'number') {
            for (const term of this.analyzer.terms(group.english)) weights.set(term, Math.max(weights.get(term) ?? 0, 1));
          }
          // A name none of whose spellings occurs in the corpus is looked up by consonant skeleton
          // among the corpus's own words (Homs → حمص); names the rules spell right are left alone.
          const spelledInCorpus = [...weights.keys()].some((term) => this.index.lexical.documentFrequency(term) > 0);
          if (group.kind === 'name' && !spelledInCorpus) {
            this.nameMatches().match(group.english, 2).forEach((entry, rank) => {
              weights.set(entry.term, Math.max(weights.get(entry.term) ?? 0, NAME_MATCH_WEIGHTS[rank] ?? 0));
            });
          }
          if (weights.size) {
            // Relative to the group's best alternative: one right translation among five must not count
            // a fifth of a term (translation weights sum to 1 across a group).
            const top = Math.max(...weights.values());
            terms.push({ alternatives: [...weights].map(([term, weight]) => ({ term, weight: weight / top })), weight: 1 });
          }
        }
        return { terms: mergeDuplicateTerms(terms), phrases: [], notices };
      }
    }
    const analyzed = this.analyzer.analyze(question);
    const terms = countedTerms(analyzed.terms, 1);
    const phrases = lang === 'en' || this.options.phraseWeight <= 0 ? [] : this.phraseTerms(analyzed.terms, analyzed.phrases);
    const roots = lang !== 'en' && this.options.rootWeight > 0 ? countedTerms(analyzed.roots, this.options.rootWeight) : [];
    if (lang !== 'en' && this.options.fuzzyWeight > 0) {
      for (const term of terms) this.addNeighbours(term);
      for (const term of roots) this.addNeighbours(term);
    }
    phrases.push(...roots);
    return { terms, phrases, notices };
  }

  /** See RetrieverOptions.fuzzyWeight: adds spelling neighbours to a single-alternative term in place. */
  private addNeighbours(queryTerm: QueryTerm): void {
    const { fuzzyWeight, fuzzyMaxDf, fuzzyMinLength, fuzzyCandidates } = this.options;
    const term = queryTerm.alternatives[0]!.term;
    const letters = term.startsWith('~') ? term.length - 1 : term.length;
    if (queryTerm.alternatives.length !== 1 || letters < fuzzyMinLength || /^[0-9.]+$/.test(term)) return;
    const lexical = this.index.lexical;
    if (lexical.documentFrequency(term) > fuzzyMaxDf) return;
    // Equal weights: scaling them by frequency (√(df/df of the commonest)) or taking 1 or 6 candidates
    // instead of 3 measured the same on ARCD train.
    for (const neighbour of lexical.neighbours(term, fuzzyCandidates)) {
      queryTerm.alternatives.push({ term: neighbour.term, weight: fuzzyWeight });
    }
  }

  /** See RetrieverOptions.adjacencyWeight. Arabic questions only (phrase keys are Arabic clitic rules). */
  private withAdjacencyBonus(question: string, lang: Lang, hits: LexicalHit[]): LexicalHit[] {
    const { adjacencyWeight, adjacencyDepth } = this.options;
    if (adjacencyWeight <= 0 || lang === 'en' || hits.length < 2) return hits;
    const asked = this.pairAnalyzer.analyze(question);
    if (!asked.phrases.length) return hits;
    const lexical = this.index.lexical;
    const idfOf = (term: string) => lexical.idf(lexical.documentFrequency(term));
    const weights = new Map<string, number>();
    asked.phrases.forEach((phrase, index) => {
      weights.set(phrase, Math.min(idfOf(asked.terms[index]!), idfOf(asked.terms[index + 1]!)));
    });
    const head = hits.slice(0, adjacencyDepth).map((hit) => {
      const passage = this.index.passages[hit.passage]!;
      const text = this.documentText(passage.docId).slice(passage.span.start, passage.span.end);
      let bonus = 0;
      for (const phrase of new Set(this.pairAnalyzer.analyze(text).phrases)) bonus += weights.get(phrase) ?? 0;
      return { passage: hit.passage, score: hit.score + adjacencyWeight * bonus };
    });
    head.sort((a, b) => b.score - a.score || a.passage - b.passage);
    return [...head, ...hits.slice(adjacencyDepth)];
  }

  private titleCache = new Map<string, ReadonlySet<string>>();

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

  /**
   * The feature re-ranker: the feature vectors of the top `featureDepth` hits (rerank.ts) and, unless only
   * collecting, those hits re-ordered by the linear score; the rest keep their order below them.
   */
  private withFeatures(query: RerankQuery, hits: LexicalHit[]): { hits: LexicalHit[]; features?: Array<{ passage: number; features: number[] }> } {
    const depth = this.options.featureDepth;
    if (depth <= 0 || hits.length === 0) return { hits };
    const weights = weightVector(this.options.featureWeights);
    const onlyScore = weights.every((weight, index) => index === 0 || weight === 0);
    if (onlyScore && !this.options.collectFeatures) return { hits };
    const topScore = hits[0]!.score;
    const head = hits.slice(0, depth).map((hit) => {
      const passage = this.index.passages[hit.passage]!;
      const document = this.document(passage.docId);
      const text = document.text.slice(passage.span.start, passage.span.end);
      const candidate = analyzeCandidate(this.analyzer, hit.passage, hit.score, text, this.titleTerms(passage.docId, document.title));
      return { hit, features: rerankFeatures(query, candidate, topScore) };
    });
    const features = this.options.collectFeatures ? head.map((entry) => ({ passage: entry.hit.passage, features: entry.features })) : undefined;
    if (onlyScore) return { hits, ...(features ? { features } : {}) };
    // Scaled back to the first stage's units so that scores stay comparable in size.
    const reranked = head
      .map((entry) => ({ passage: entry.hit.passage, score: topScore * linearScore(entry.features, weights) }))
      .sort((a, b) => b.score - a.score || a.passage - b.passage);
    return { hits: [...reranked, ...hits.slice(depth)], ...(features ? { features } : {}) };
  }

  private skeletons: SkeletonIndex | null = null;

  private skeletonsBuilding: Promise<void> | null = null;

  /** Built on first use (only English questions with names need it), or ahead of time by warmUp(). */
  private nameMatches(): SkeletonIndex {
    this.skeletons ??= new SkeletonIndex(this.index.lexical.terms.map((_, i) => this.vocabularyEntry(i)));
    return this.skeletons;
  }

  private vocabularyEntry(i: number): { term: string; documentFrequency: number } {
    const term = this.index.lexical.terms[i]!;
    return { term, documentFrequency: this.index.lexical.documentFrequency(term) };
  }

  /**
   * Prepares in the background, in slices, what the first question of a kind would otherwise build
   * while its asker waits (the name-skeleton table over the whole vocabulary, for English questions).
   */
  warmUp(): Promise<void> {
    if (!this.dictionary || this.skeletons) return Promise.resolve();
    this.skeletonsBuilding ??= SkeletonIndex.buildInSlices(this.index.lexical.terms.length, (i) => this.vocabularyEntry(i))
      .then((built) => {
        this.skeletons ??= built;
      });
    return this.skeletonsBuilding;
  }

  private documentText(docId: string): string {
    return this.document(docId).text;
  }

  private document(docId: string): ArticleDocument {
    if (!this.documentsById) this.documentsById = new Map(this.index.documents.map((document) => [document.docId, document]));
    return this.documentsById.get(docId) ?? { docId, title: '', text: '' } as ArticleDocument;
  }

  /**
   * One query term per distinct phrase (indexes built with phrases only). A pair of words is rarer
   * than either word, so its raw idf rewards stock phrases («لأول مرة», «يمكن استخدامه») as if they
   * were names: its weight is capped so that the phrase counts for no more than one of its words.
   */
  private phraseTerms(words: readonly string[], phrases: readonly string[]): QueryTerm[] {
    const lexical = this.index.lexical;
    const out = new Map<string, QueryTerm>();
    phrases.forEach((phrase, index) => {
      const existing = out.get(phrase);
      if (existing) {
        existing.weight += this.options.phraseWeight;
        return;
      }
      let weight = this.options.phraseWeight;
      if (this.options.phraseIdfCap !== 'none') {
        const phraseIdf = lexical.idf(lexical.documentFrequency(phrase));
        const idfs = [lexical.idf(lexical.documentFrequency(words[index]!)), lexical.idf(lexical.documentFrequency(words[index + 1]!))];
        const wordIdf = this.options.phraseIdfCap === 'rarer' ? Math.max(...idfs) : Math.min(...idfs);
        if (phraseIdf > wordIdf) weight *= wordIdf / phraseIdf;
      }
      out.set(phrase, { alternatives: [{ term: phrase, weight: 1 }], weight });
    });
    return [...out.values()];
  }

  async retrieve(question: string, lang: Lang, mode: SearchMode, limit: number): Promise<Retrieval> {
    const { terms, phrases, notices } = this.buildQuery(question, lang);
    const lexical = this.index.lexical;
    const query = terms.map((term) => ({ term, idf: lexical.termIdf(term) }));
    const phraseQuery = phrases.map((term) => ({ term, idf: lexical.termIdf(term) }));
    const effectiveMode: SearchMode = this.canUseDense ? mode : 'lexical';
    const depth = Math.max(CANDIDATES, limit);
    // Started first: a worker embedder computes the question's vector while this thread searches
    // lexically (an in-process one runs it when awaited below, as before).
    const questionVector = effectiveMode !== 'lexical' ? this.embedder!.embedQuery(question) : null;
    // Failures are handled where it is awaited; until then a rejection must not count as unhandled.
    questionVector?.catch(() => {});
    let features: Array<{ passage: number; features: number[] }> | undefined;
    let lexicalHits: LexicalHit[] = [];
    if (effectiveMode !== 'dense' && terms.length) {
      const searched = lexical.search([...terms, ...phrases], depth);
      const firstStage = this.withAdjacencyBonus(question, lang, searched);
      const rerankQuery: RerankQuery = {
        words: query,
        roots: phraseQuery.filter((entry) => entry.term.alternatives[0]?.term.startsWith('~')),
        asksForNumber: lang === 'ar' && asksForNumber(question),
      };
      // Arabic questions only: fitted on them, and it cost English questions (translated terms) MRR.
      if (lang === 'en') lexicalHits = firstStage;
      else ({ hits: lexicalHits, features } = this.withFeatures(rerankQuery, firstStage));
    }
    let denseItems: number[] = [];
    if (questionVector) {
      const vector = await questionVector;
      denseItems = this.index.vectors!.search(vector, depth).map((hit) => hit.label);
    }
    const lexicalItems = lexicalHits.map((hit) => hit.passage);
    const lexicalRank = new Map(lexicalItems.map((item, rank) => [item, rank]));
    const denseRank = new Map(denseItems.map((item, rank) => [item, rank]));
    let hits: RetrievedPassage[];
    if (effectiveMode === 'lexical') {
      hits = lexicalHits.slice(0, limit).map((hit, rank) => ({ passage: hit.passage, score: hit.score, lexicalRank: rank, denseRank: null }));
    } else {
      const fused = reciprocalRankFusion(
        [
          { items: lexicalItems, weight: effectiveMode === 'dense' ? 0 : 1 },
          { items: denseItems, weight: 1 },
        ],
        limit,
      );
      hits = fused.map(({ item, score }) => ({
        passage: item,
        score,
        lexicalRank: lexicalRank.get(item) ?? null,
        denseRank: denseRank.get(item) ?? null,
      }));
    }
    return { mode: effectiveMode, hits, query, phrases: phraseQuery, notices, topLexicalScore: lexicalHits[0]?.score ?? 0, ...(features ? { features } : {}) };
  }
}

/** One single-alternative query term per distinct term, weighted by how often the question repeats it. */
function countedTerms(terms: readonly string[], weight: number): QueryTerm[] {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return [...counts].map(([term, count]) => ({ alternatives: [{ term, weight: 1 }], weight: weight * count }));
}

/** Two English words can translate to the same Arabic term; count it once, with the larger weight. */
function mergeDuplicateTerms(terms: QueryTerm[]): QueryTerm[] {
  const seen = new Map<string, QueryTerm>();
  for (const term of terms) {
    const key = term.alternatives.map((alternative) => alternative.term).sort().join('|');
    const existing = seen.get(key);
    if (existing) existing.weight = Math.max(existing.weight, term.weight);
    else seen.set(key, term);
  }
  return [...seen.values()];
}
