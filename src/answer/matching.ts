/**
 * Where a question's words occur in a piece of analyzed text, and how close together: the evidence
 * that the key sentence and the answer's confidence both weigh.
 */
import type { WeightedQueryTerm } from '../retrieval/query.ts';

/** For each position of the analyzed text, the index of the question word it matches (−1: none). */
export function matchPositions(words: readonly WeightedQueryTerm[], terms: readonly string[]): number[] {
  const wordOf = new Map<string, number>();
  words.forEach((entry, index) => {
    for (const alternative of entry.term.alternatives) if (!wordOf.has(alternative.term)) wordOf.set(alternative.term, index);
  });
  return terms.map((term) => wordOf.get(term) ?? -1);
}

/**
 * Share of the weight of the question's neighbouring word pairs (i, i+1; each pair weighs its
 * lighter word) found in the text in that order, at most one word apart: the question's own
 * phrasing («محافظ حمص»), not only its words.
 */
export function pairShare(weights: readonly number[], positions: readonly number[]): number {
  let total = 0;
  let found = 0;
  for (let i = 0; i + 1 < weights.length; i++) {
    const weight = Math.min(weights[i]!, weights[i + 1]!);
    total += weight;
    if (positions.some((word, at) => word === i && (positions[at + 1] === i + 1 || positions[at + 2] === i + 1))) found += weight;
  }
  return total > 0 ? found / total : 0;
}
