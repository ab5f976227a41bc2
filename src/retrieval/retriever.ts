/**
 * Question → ranked passages. Lexical BM25 over the Arabic analyzer's terms (English questions are
 * first translated into weighted Arabic alternatives), dense nearest neighbours when a model is
 * loaded, fused by reciprocal rank.
 */
import type { ArticleDocument, Lang, Passage, SearchMode } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { LexicalIndex, QueryTerm } from '../index/lexicalIndex.ts';
import type { VectorIndex } from '../index/vectorIndex.ts';
import type { Dictionary } from '../crosslingual/dictionary.ts';
import { translateQuery } from '../crosslingual/translate.ts';
import { reciprocalRankFusion } from './fusion.ts';
import type { WeightedQueryTerm } from './evidence.ts';

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
  query: WeightedQueryTerm[];
  notices: string[];
  /** The lexical side's best raw BM25 score (0 when nothing matched). */
  topLexicalScore: number;
}

/** How deep each side ranks before fusion: deep enough that the other side can promote a passage. */
const CANDIDATES = 100;

export const NOTICE_NO_DICTIONARY =
  'English questions are searched word for word: install an English–Arabic dictionary for better results (sudo apt-get install dict-freedict-eng-ara).';

export class Retriever {
  constructor(
    readonly index: SearchableIndex,
    readonly analyzer: Analyzer,
    readonly embedder: Embedder | null,
    readonly dictionary: Dictionary | null,
  ) {}

  get canUseDense(): boolean {
    return !!this.embedder && !!this.index.vectors && this.index.vectors.size > 0;
  }

  /** The lexical query: one term per distinct analyzed word, or per translated English word. */
  buildQuery(question: string, lang: Lang): { terms: QueryTerm[]; notices: string[] } {
    const notices: string[] = [];
    if (lang === 'en') {
      if (!this.dictionary) {
        notices.push(NOTICE_NO_DICTIONARY);
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
          if (weights.size) {
            terms.push({ alternatives: [...weights].map(([term, weight]) => ({ term, weight })), weight: 1 });
          }
        }
        return { terms: mergeDuplicateTerms(terms), notices };
      }
    }
    const counts = new Map<string, number>();
    for (const term of this.analyzer.terms(question)) counts.set(term, (counts.get(term) ?? 0) + 1);
    const terms = [...counts].map(([term, count]) => ({ alternatives: [{ term, weight: 1 }], weight: count }));
    return { terms, notices };
  }

  async retrieve(question: string, lang: Lang, mode: SearchMode, limit: number): Promise<Retrieval> {
    const { terms, notices } = this.buildQuery(question, lang);
    const lexical = this.index.lexical;
    const query = terms.map((term) => ({ term, idf: lexical.termIdf(term) }));
    const effectiveMode: SearchMode = this.canUseDense ? mode : 'lexical';
    const depth = Math.max(CANDIDATES, limit);
    const lexicalHits = effectiveMode === 'dense' || !terms.length ? [] : lexical.search(terms, depth);
    let denseItems: number[] = [];
    if (effectiveMode !== 'lexical') {
      const vector = await this.embedder!.embedQuery(question);
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
    return { mode: effectiveMode, hits, query, notices, topLexicalScore: lexicalHits[0]?.score ?? 0 };
  }
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
