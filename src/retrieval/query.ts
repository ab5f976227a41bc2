/**
 * Question → the lexical query: its word terms and, for Arabic questions, its phrase terms and root
 * terms, each later weighted by its idf in the searched index. The lexical stage searches for them;
 * the feature re-ranker and the key sentence measure candidates against them.
 */
import type { Lang } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import { normalizeArabic } from '../text/normalize.ts';
import type { LexicalIndex, QueryTerm } from '../index/lexicalIndex.ts';
import { MISSING_DICTIONARY_NOTICE, type Dictionary } from '../crosslingual/dictionary.ts';
import { answerTypeOf } from './answerType.ts';
import { EnglishQueryBuilder } from './englishQuery.ts';
import { addSpellingNeighbours, DEFAULT_SPELLING_NEIGHBOUR_OPTIONS, type SpellingNeighbourOptions } from './spellingNeighbours.ts';

export interface WeightedQueryTerm {
  term: QueryTerm;
  /** idf of the term in the searched collection (0 when it occurs nowhere). */
  idf: number;
}

export interface QueryOptions extends SpellingNeighbourOptions {
  /**
   * Query weight of each phrase term against a word term's 1. Phrase matches are strong evidence
   * (the question's wording, in order) but rarer and partly redundant with their two words.
   */
  phraseWeight: number;
  /** Cap a phrase's idf at its rarer or its commoner word's idf (see phraseTerms), or not at all. */
  phraseIdfCap: 'rarer' | 'commoner' | 'none';
  /** Query weight of the Snowball "root" term of each Arabic question word (indexes built with rootStems). */
  rootWeight: number;
}

export const DEFAULT_QUERY_OPTIONS: QueryOptions = {
  phraseWeight: 0.5,
  phraseIdfCap: 'commoner',
  rootWeight: 0.5,
  ...DEFAULT_SPELLING_NEIGHBOUR_OPTIONS,
};

/** The terms searched for one question, by kind; searched in this order (words, phrases, roots). */
export interface LexicalQuery {
  /** One term per distinct analyzed word, or per translated English word or multi-word entry. */
  words: QueryTerm[];
  /**
   * One term per distinct pair of neighbouring words, Arabic questions only. An index built without
   * phrase terms (the default) has none of them: they then match nothing and change nothing.
   */
  phrases: QueryTerm[];
  /** The words' Snowball root terms (`~`-marked), Arabic questions only. */
  roots: QueryTerm[];
  notices: string[];
}

/** The query with each term's idf, and what the question asks for: what later stages and the answer measure against. */
export interface WeightedQuery {
  words: WeightedQueryTerm[];
  phrases: WeightedQueryTerm[];
  roots: WeightedQueryTerm[];
  /** The question asks when / how many (Arabic: asksForNumber's cue words; English: answerType.ts). */
  asksForNumber: boolean;
}

export class QueryBuilder {
  private readonly english: EnglishQueryBuilder | null;

  constructor(
    private readonly lexical: LexicalIndex,
    private readonly analyzer: Analyzer,
    dictionary: Dictionary | null,
    private readonly options: QueryOptions,
  ) {
    this.english = dictionary ? new EnglishQueryBuilder(lexical, analyzer, dictionary) : null;
  }

  /** English questions without a dictionary are analyzed as written (Latin words, numbers), with a notice. */
  build(question: string, lang: Lang): LexicalQuery {
    if (lang === 'en') {
      if (this.english) return { words: this.english.terms(question), phrases: [], roots: [], notices: [] };
      return { words: countedTerms(this.analyzer.analyze(question).terms, 1), phrases: [], roots: [], notices: [MISSING_DICTIONARY_NOTICE] };
    }
    const analyzed = this.analyzer.analyze(question);
    const { phraseWeight, rootWeight } = this.options;
    const words = countedTerms(analyzed.terms, 1);
    const phrases = phraseWeight > 0 ? this.phraseTerms(analyzed.terms, analyzed.phrases) : [];
    const roots = rootWeight > 0 ? countedTerms(analyzed.roots, rootWeight) : [];
    if (this.options.fuzzyWeight > 0) {
      for (const term of [...words, ...roots]) addSpellingNeighbours(term, this.lexical, this.options);
    }
    return { words, phrases, roots, notices: [] };
  }

  /** Each term with its idf over the weighted union of its alternatives. */
  weigh(query: LexicalQuery, question: string, lang: Lang): WeightedQuery {
    const weighted = (terms: QueryTerm[]) => terms.map((term) => ({ term, idf: this.lexical.termIdf(term) }));
    return {
      words: weighted(query.words),
      phrases: weighted(query.phrases),
      roots: weighted(query.roots),
      asksForNumber: lang === 'ar' ? asksForNumber(question) : ['number', 'date'].includes(answerTypeOf(question)),
    };
  }

  /** Prepares ahead of time what the first question of a kind would otherwise build while its asker waits. */
  warmUp(): Promise<void> {
    return this.english?.warmUp() ?? Promise.resolve();
  }

  /**
   * One query term per distinct phrase. A pair of words is rarer than either word, so its raw idf
   * rewards stock phrases («لأول مرة», «يمكن استخدامه») as if they were names: its weight is capped
   * so that the phrase counts for no more than one of its words.
   */
  private phraseTerms(words: readonly string[], phrases: readonly string[]): QueryTerm[] {
    const { phraseWeight, phraseIdfCap } = this.options;
    const lexical = this.lexical;
    const out = new Map<string, QueryTerm>();
    phrases.forEach((phrase, index) => {
      const existing = out.get(phrase);
      if (existing) {
        existing.weight += phraseWeight;
        return;
      }
      let weight = phraseWeight;
      if (phraseIdfCap !== 'none') {
        const phraseIdf = lexical.idf(lexical.documentFrequency(phrase));
        const idfs = [lexical.idf(lexical.documentFrequency(words[index]!)), lexical.idf(lexical.documentFrequency(words[index + 1]!))];
        const wordIdf = phraseIdfCap === 'rarer' ? Math.max(...idfs) : Math.min(...idfs);
        if (phraseIdf > wordIdf) weight *= wordIdf / phraseIdf;
      }
      out.set(phrase, { alternatives: [{ term: phrase, weight: 1 }], weight });
    });
    return [...out.values()];
  }
}

/** One single-alternative query term per distinct term, weighted by how often the question repeats it. */
function countedTerms(terms: readonly string[], weight: number): QueryTerm[] {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return [...counts].map(([term, count]) => ({ alternatives: [{ term, weight: 1 }], weight: weight * count }));
}

/** Σ idf·weight over the query's terms: what a passage or sentence matches a share of. */
export function queryMass(query: readonly WeightedQueryTerm[]): number {
  return query.reduce((sum, entry) => sum + entry.idf * entry.term.weight, 0);
}

/** Normalized question words that ask for a date or a quantity. */
const NUMBER_CUES = new Set(['متي', 'كم', 'بكم', 'لكم', 'عام', 'سنه', 'تاريخ', 'عدد']);

/** Whether a question asks for a date or a quantity: a passage or sentence holding a number is then more likely the answer. */
export function asksForNumber(question: string): boolean {
  for (const word of normalizeArabic(question).split(/[^\p{L}\p{N}]+/u)) if (NUMBER_CUES.has(word)) return true;
  return false;
}

/** An analyzed term that is a number (the analyzer keeps numbers whole, digits first). */
export function isNumberTerm(term: string): boolean {
  const c = term.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}
