/**
 * How much of a question a piece of text answers: the share of the question's idf mass whose terms
 * (any alternative, for translated terms) occur in the text. It picks the key sentence of a quoted
 * passage and decides whether an answer is confident at all.
 */
import type { Span } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import type { QueryTerm } from '../index/lexicalIndex.ts';

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

/**
 * The sentence of a passage that best answers the question: highest covered query mass, with
 * a small preference for sentences where matches sit close together (shorter matched window).
 * Ties go to the earlier sentence, which in news is usually the one that states the fact.
 */
export function pickKeySentence(
  text: string,
  sentences: readonly Span[],
  analyzer: Analyzer,
  query: readonly WeightedQueryTerm[],
): { span: Span; coverage: number } {
  let best: { span: Span; coverage: number; score: number } | null = null;
  for (const sentence of sentences) {
    const tokens = analyzer.tokens(text.slice(sentence.start, sentence.end));
    const present = new Set(tokens.map((token) => token.term));
    const covered = coverage(query, present);
    // Proximity: among sentences with equal coverage prefer the one whose matches are densest.
    let first = -1;
    let last = -1;
    tokens.forEach((token, position) => {
      if (query.some((entry) => entry.term.alternatives.some((alternative) => alternative.term === token.term))) {
        if (first < 0) first = position;
        last = position;
      }
    });
    const window = first < 0 ? Infinity : last - first + 1;
    const score = covered + (Number.isFinite(window) ? 0.01 / window : 0);
    if (!best || score > best.score + 1e-9) best = { span: sentence, coverage: covered, score };
  }
  return best ? { span: best.span, coverage: best.coverage } : { span: sentences[0] ?? { start: 0, end: 0 }, coverage: 0 };
}
