/**
 * Ranked passages → distinct quotes. Passages overlap by a sentence (corpus/passages.ts), so the
 * hits of one question often include neighbouring passages of one article; shown as they come, the
 * same sentence would be quoted twice («من هو محافظ حمص؟» returned passages #3 and #2 of one article,
 * each with the same sentence in bold). Here a hit that shares a sentence with an earlier quote of
 * its article extends that quote instead of starting a new one, so no sentence appears twice in an
 * answer, and "More results" (an offset into these quotes, computed over the same hits every time)
 * continues without repeats.
 */
import type { Passage, Span } from '../types.ts';

export interface Quote {
  docId: string;
  /** The best-ranked passage in the quote: its id is the quote's id (`/source`, "Full passage"). */
  passage: number;
  /** The retrieval score of that passage. */
  score: number;
  /** Consecutive sentences of the document, in order; the quote is their span. */
  sentences: Span[];
}

/**
 * A quote grows by merging overlapping passages only up to this many characters: past it, a hit's
 * sentences not yet quoted become a quote of their own (still never repeating one). Two default
 * passages (700 characters, one sentence shared) fit.
 */
const MAX_QUOTE_CHARS = 1400;

export function quoteSpan(quote: Pick<Quote, 'sentences'>): Span {
  return { start: quote.sentences[0]!.start, end: quote.sentences[quote.sentences.length - 1]!.end };
}

/**
 * The hits, best first, as quotes: each quote starts at the first hit that holds sentences not yet
 * quoted, and grows by the later hits of its article that run on from it (while it stays within
 * maxChars); a later hit adds only sentences that no quote holds yet. Deterministic in the hits:
 * the same hits give the same quotes in the same order, which paging relies on.
 */
export function distinctQuotes(
  hits: ReadonlyArray<{ passage: number; score: number }>,
  passages: readonly Passage[],
  maxChars: number = MAX_QUOTE_CHARS,
): Quote[] {
  const quotes: Quote[] = [];
  /** Per document: which quote holds each sentence (by its start offset). */
  const quotedBy = new Map<string, Map<number, Quote>>();
  for (const hit of hits) {
    const passage = passages[hit.passage]!;
    let quoted = quotedBy.get(passage.docId);
    if (!quoted) {
      quoted = new Map();
      quotedBy.set(passage.docId, quoted);
    }
    const { sentences } = passage;
    for (const run of freshRuns(sentences, quoted)) {
      const before = run.from > 0 ? quoted.get(sentences[run.from - 1]!.start) : undefined;
      const after = run.to < sentences.length ? quoted.get(sentences[run.to]!.start) : undefined;
      const added = sentences.slice(run.from, run.to);
      let owner: Quote | undefined;
      if (before && before.sentences[before.sentences.length - 1]!.start === sentences[run.from - 1]!.start && fits(before, added, maxChars)) {
        before.sentences = [...before.sentences, ...added];
        owner = before;
      } else if (after && after.sentences[0]!.start === sentences[run.to]!.start && fits(after, added, maxChars)) {
        after.sentences = [...added, ...after.sentences];
        owner = after;
      } else {
        owner = { docId: passage.docId, passage: hit.passage, score: hit.score, sentences: added };
        quotes.push(owner);
      }
      for (const sentence of added) quoted.set(sentence.start, owner);
    }
  }
  return quotes;
}

/** Maximal runs [from, to) of the passage's sentences that no quote holds yet. */
function freshRuns(sentences: readonly Span[], quoted: ReadonlyMap<number, Quote>): Array<{ from: number; to: number }> {
  const runs: Array<{ from: number; to: number }> = [];
  let from = -1;
  sentences.forEach((sentence, index) => {
    const fresh = !quoted.has(sentence.start);
    if (fresh && from < 0) from = index;
    if (!fresh && from >= 0) {
      runs.push({ from, to: index });
      from = -1;
    }
  });
  if (from >= 0) runs.push({ from, to: sentences.length });
  return runs;
}

/** Whether `quote` with `added` beside it stays within maxChars. */
function fits(quote: Quote, added: readonly Span[], maxChars: number): boolean {
  const start = Math.min(quote.sentences[0]!.start, added[0]!.start);
  const end = Math.max(quote.sentences[quote.sentences.length - 1]!.end, added[added.length - 1]!.end);
  return end - start <= maxChars;
}
