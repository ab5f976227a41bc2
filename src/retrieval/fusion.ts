/**
 * The stages' rankings → the retrieval's hits. Two rankings are fused by reciprocal rank fusion
 * (Cormack et al., 2009): each contributes weight / (k + rank). It uses ranks only, so a weak or
 * uncalibrated side (random dense vectors, an empty lexical match) can only reorder within what the
 * other side also ranks, never swamp it with large raw scores; and with one ranking empty the fused
 * order is exactly the other one's.
 */
import type { SearchMode } from '../types.ts';
import type { LexicalHit } from '../index/lexicalIndex.ts';

export interface Ranking {
  /** Passage numbers, best first. */
  items: readonly number[];
  weight: number;
}

export interface FusedItem {
  item: number;
  score: number;
}

export const RRF_K = 60;

export function reciprocalRankFusion(rankings: readonly Ranking[], limit: number, k = RRF_K): FusedItem[] {
  const scores = new Map<number, number>();
  const firstSeen = new Map<number, number>();
  let order = 0;
  for (const ranking of rankings) {
    if (ranking.weight <= 0) continue;
    ranking.items.forEach((item, index) => {
      scores.set(item, (scores.get(item) ?? 0) + ranking.weight / (k + index + 1));
      if (!firstSeen.has(item)) firstSeen.set(item, order++);
    });
  }
  // Ties (the same rank in different lists) go to the item the earlier, higher-weighted list ranked first.
  return [...scores.entries()]
    .map(([item, score]) => ({ item, score }))
    .sort((a, b) => b.score - a.score || firstSeen.get(a.item)! - firstSeen.get(b.item)!)
    .slice(0, limit);
}

export interface RetrievedPassage {
  passage: number;
  /** BM25 (with the lexical stage's re-ordering) in lexical mode, the fused score otherwise. */
  score: number;
}

/** The best `limit` passages of the mode that ran: the lexical ranking as is, or fused with the dense one (dense mode: the dense one alone). */
export function fuseStages(mode: SearchMode, lexicalHits: readonly LexicalHit[], denseItems: readonly number[], limit: number): RetrievedPassage[] {
  if (mode === 'lexical') return lexicalHits.slice(0, limit).map((hit) => ({ passage: hit.passage, score: hit.score }));
  const fused = reciprocalRankFusion(
    [
      { items: lexicalHits.map((hit) => hit.passage), weight: mode === 'dense' ? 0 : 1 },
      { items: denseItems, weight: 1 },
    ],
    limit,
  );
  return fused.map(({ item, score }) => ({ passage: item, score }));
}
