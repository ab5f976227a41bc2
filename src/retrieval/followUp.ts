/**
 * Follow-up questions: a question asked in a conversation (a thread, a chain of replies) is searched
 * with what its earlier questions were about, and its answer does not repeat what was already shown.
 *
 * - Context terms. Each earlier question is turned into its own lexical query (the same QueryBuilder:
 *   analyzer terms for Arabic, weighted translations for English), and its rarest word terms, by idf
 *   in the searched index, are added to the new question's query at a fraction of a word's weight.
 *   Rare terms are what names a subject: people, places, organizations, years (an Arabic question has
 *   no capital letters to find names by, and a name is rare in a news collection almost by definition).
 *   A term the new question already has is not added again. The question just before weighs most; each
 *   one further back lends at `contextDecay` of the weight of the one after it. So «ومتى ولد؟» after
 *   «من هو جمال خاشقجي؟» searches ولد at full weight and خاشقجي, جمال at `contextWeight`.
 * - Passages already shown. The best passage stays first even when it was shown before (it is still
 *   the best answer); any other passage shown earlier in the conversation moves behind the ones not
 *   shown yet, where "More results" still reaches it.
 *
 * Weights were chosen on ARCD's train split with tools/eval/followUps.ts (README, "Follow-up questions").
 */
import type { LexicalIndex, QueryTerm } from '../index/lexicalIndex.ts';
import type { LexicalQuery } from './query.ts';

export interface FollowUpOptions {
  /** Query weight of a context term against a word of the new question (1). */
  contextWeight: number;
  /** How many terms each earlier question lends: its rarest. */
  contextTermsPerQuestion: number;
  /** Weight share of each question further back, against the one after it. */
  contextDecay: number;
}

export const DEFAULT_FOLLOW_UP_OPTIONS: FollowUpOptions = {
  contextWeight: 0.5,
  contextTermsPerQuestion: 4,
  contextDecay: 0.5,
};

/** Every index term a query term may match. */
function termsOf(queryTerm: QueryTerm): string[] {
  return queryTerm.alternatives.map((alternative) => alternative.term);
}

/**
 * The context terms for a new question: from each earlier query (oldest first, as asked), its
 * `contextTermsPerQuestion` rarest word terms the new question lacks, weighted down by distance.
 * A term lent by several earlier questions counts once, at its highest weight.
 */
export function contextTerms(question: LexicalQuery, earlier: readonly LexicalQuery[], lexical: LexicalIndex, options: FollowUpOptions): QueryTerm[] {
  const own = new Set([...question.words, ...question.roots].flatMap(termsOf));
  const chosen = new Map<string, QueryTerm>();
  earlier.forEach((query, position) => {
    const distance = earlier.length - 1 - position;
    const weight = options.contextWeight * options.contextDecay ** distance;
    const rarest = query.words
      .filter((term) => !termsOf(term).some((t) => own.has(t)))
      .map((term) => ({ term, idf: lexical.termIdf(term) }))
      .filter((entry) => entry.idf > 0)
      .sort((a, b) => b.idf - a.idf)
      .slice(0, options.contextTermsPerQuestion);
    for (const { term } of rarest) {
      const key = termsOf(term).sort().join('\u0000');
      const lent: QueryTerm = { alternatives: term.alternatives.map((alternative) => ({ ...alternative })), weight: term.weight * weight };
      const existing = chosen.get(key);
      if (!existing || existing.weight < lent.weight) chosen.set(key, lent);
    }
  });
  return [...chosen.values()];
}

/**
 * Hits re-ordered so that passages already shown in the conversation come after those not shown yet,
 * except the best one, which keeps its place. Otherwise in their order.
 */
export function setShownAside<T extends { passage: number }>(hits: readonly T[], isShown: (passage: number) => boolean): T[] {
  if (hits.length < 2) return [...hits];
  const [best, ...rest] = hits;
  const fresh = rest.filter((hit) => !isShown(hit.passage));
  const seen = rest.filter((hit) => isShown(hit.passage));
  return [best!, ...fresh, ...seen];
}
