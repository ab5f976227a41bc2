/**
 * Retrieval and quoting metrics, scored at document level: a result is relevant when its passage
 * belongs to a gold document; later passages of an already-found gold document add nothing.
 */
import { normalizeArabic } from '../../src/text/normalize.ts';

export interface QueryOutcome {
  /** Document id of each returned passage, best first. */
  rankedDocIds: string[];
  gold: string[];
  answer: string | null;
  firstQuote: string | null;
  firstSentence: string | null;
  abstained: boolean;
}

export interface Metrics {
  queries: number;
  'R@1': number;
  'R@5': number;
  'R@10': number;
  'MRR@10': number;
  'nDCG@10': number;
  'quoteHit@1': number;
  'sentenceHit@1': number;
  abstain: number;
}

/** Answers are compared in the matching form, whitespace collapsed, so diacritics or hamza spelling do not decide a hit. */
export function answerKey(text: string): string {
  return normalizeArabic(text).replace(/\s+/g, ' ').trim();
}

function firstGoldRank(outcome: QueryOutcome): number | null {
  const gold = new Set(outcome.gold);
  const index = outcome.rankedDocIds.findIndex((docId) => gold.has(docId));
  return index < 0 ? null : index + 1;
}

export function ndcgAt(outcome: QueryOutcome, k: number): number {
  const gold = new Set(outcome.gold);
  const found = new Set<string>();
  let dcg = 0;
  outcome.rankedDocIds.slice(0, k).forEach((docId, index) => {
    if (gold.has(docId) && !found.has(docId)) {
      found.add(docId);
      dcg += 1 / Math.log2(index + 2);
    }
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(gold.size, k); index++) ideal += 1 / Math.log2(index + 2);
  return ideal ? dcg / ideal : 0;
}

export function aggregate(outcomes: readonly QueryOutcome[]): Metrics {
  const n = outcomes.length || 1;
  let r1 = 0,
    r5 = 0,
    r10 = 0,
    mrr = 0,
    ndcg = 0,
    quoteHits = 0,
    sentenceHits = 0,
    abstained = 0;
  for (const outcome of outcomes) {
    const rank = firstGoldRank(outcome);
    if (rank !== null) {
      if (rank <= 1) r1++;
      if (rank <= 5) r5++;
      if (rank <= 10) {
        r10++;
        mrr += 1 / rank;
      }
    }
    ndcg += ndcgAt(outcome, 10);
    if (outcome.answer) {
      const key = answerKey(outcome.answer);
      if (key && outcome.firstQuote && answerKey(outcome.firstQuote).includes(key)) quoteHits++;
      if (key && outcome.firstSentence && answerKey(outcome.firstSentence).includes(key)) sentenceHits++;
    }
    if (outcome.abstained) abstained++;
  }
  const round = (value: number) => Number((value / n).toFixed(4));
  return {
    queries: outcomes.length,
    'R@1': round(r1),
    'R@5': round(r5),
    'R@10': round(r10),
    'MRR@10': round(mrr),
    'nDCG@10': round(ndcg),
    'quoteHit@1': round(quoteHits),
    'sentenceHit@1': round(sentenceHits),
    abstain: round(abstained),
  };
}

export interface Scores {
  metrics: Metrics;
  /** Per split, in name order, when the queries carry more than one split (ARCD's train/test). */
  splits?: Record<string, Metrics>;
  splitNames: string[];
}

/** The run's metrics, and per split where queries carry one, so that one run reports all three. */
export function scoreRun(outcomes: readonly QueryOutcome[], splitOf: ReadonlyArray<string | undefined>): Scores {
  const metrics = aggregate(outcomes);
  const splitNames = [...new Set(splitOf.filter((name): name is string => !!name))].sort();
  if (splitNames.length <= 1) return { metrics, splitNames };
  const splits = Object.fromEntries(splitNames.map((name) => [name, aggregate(outcomes.filter((_, i) => splitOf[i] === name))]));
  return { metrics, splits, splitNames };
}
