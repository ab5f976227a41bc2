/**
 * Spelling tolerance for Arabic questions: a question word (or root term) that the index holds in at
 * most `fuzzyMaxDf` passages also matches the index terms one edit away (LexicalIndex.neighbours,
 * the `fuzzyCandidates` most frequent), as alternatives of the SAME query term at `fuzzyWeight`
 * each, so a misspelled word (قاءد, موريطانيا) counts once, as the word it was meant to be.
 * The settings and what else was measured are in the README ("What was tried").
 */
import type { LexicalIndex, QueryTerm } from '../index/lexicalIndex.ts';

export interface SpellingNeighbourOptions {
  /** Weight of each neighbour against the written form's 1 (0: off). */
  fuzzyWeight: number;
  fuzzyMaxDf: number;
  /** Words shorter than this are left alone: too many real words lie one edit from them. */
  fuzzyMinLength: number;
  fuzzyCandidates: number;
}

export const DEFAULT_SPELLING_NEIGHBOUR_OPTIONS: SpellingNeighbourOptions = {
  fuzzyWeight: 1,
  fuzzyMaxDf: 0,
  fuzzyMinLength: 4,
  fuzzyCandidates: 3,
};

/** Adds the neighbours of a single-alternative term to it, in place; numbers are left alone. */
export function addSpellingNeighbours(queryTerm: QueryTerm, lexical: LexicalIndex, options: SpellingNeighbourOptions): void {
  const { fuzzyWeight, fuzzyMaxDf, fuzzyMinLength, fuzzyCandidates } = options;
  const term = queryTerm.alternatives[0]!.term;
  const letters = term.startsWith('~') ? term.length - 1 : term.length;
  if (queryTerm.alternatives.length !== 1 || letters < fuzzyMinLength || /^[0-9.]+$/.test(term)) return;
  if (lexical.documentFrequency(term) > fuzzyMaxDf) return;
  for (const neighbour of lexical.neighbours(term, fuzzyCandidates)) {
    queryTerm.alternatives.push({ term: neighbour.term, weight: fuzzyWeight });
  }
}
