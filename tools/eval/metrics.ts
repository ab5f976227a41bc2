/**
 * Retrieval, quoting and abstention metrics. Retrieval is scored at document level over the
 * answerable questions (a result is relevant when its passage belongs to a gold document; later
 * passages of an already-found gold document add nothing). Abstention is reported separately on
 * answerable and unanswerable questions, and the risk–coverage curve orders all questions by the
 * answer's confidence: answering the most confident share, how many of those answers are right
 * (the first quote holds the answer string, or, for sets without one, is of a gold document;
 * never for an unanswerable question).
 */
import { normalizeArabic } from '../../src/text/normalize.ts';
import type { Half } from './queries.ts';

export interface QueryOutcome {
  /** Document id of each returned passage, best first. */
  rankedDocIds: string[];
  gold: string[];
  /** Some gold document is in the searched corpus. */
  answerable: boolean;
  answer: string | null;
  firstQuote: string | null;
  firstSentence: string | null;
  abstained: boolean;
  /** The answer's calibrated confidence (0–1). */
  confidence: number;
}

export interface RiskCoveragePoint {
  /** Share of the questions answered (the most confident first). */
  coverage: number;
  /** Share of those answers whose first quote holds the answer. */
  accuracy: number;
}

export interface Metrics {
  queries: number;
  answerable: number;
  'R@1': number | null;
  'R@5': number | null;
  'R@10': number | null;
  'MRR@10': number | null;
  'nDCG@10': number | null;
  'quoteHit@1': number | null;
  'sentenceHit@1': number | null;
  /** Share of the answerable questions answered "no confident answer". */
  abstain: number | null;
  /** Share of the unanswerable questions answered "no confident answer". */
  abstainUnanswerable: number | null;
  /** The system's own decision: share answered and how many of those are right. */
  answered: RiskCoveragePoint;
  /** The same at fixed shares answered (10%, 20%, … 100%), the most confident first. */
  riskCoverage: RiskCoveragePoint[];
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

function holdsAnswer(text: string | null, answer: string | null): boolean {
  const key = answer ? answerKey(answer) : '';
  return !!key && !!text && answerKey(text).includes(key);
}

/** Whether the answer given (its first quote) is right: holds the answer string, or without one is of a gold document. */
export function answeredRight(outcome: QueryOutcome): boolean {
  if (!outcome.answerable) return false;
  if (outcome.answer) return holdsAnswer(outcome.firstQuote, outcome.answer);
  return firstGoldRank(outcome) === 1;
}

const round = (value: number) => Number(value.toFixed(4));

function point(answered: readonly QueryOutcome[], total: number): RiskCoveragePoint {
  const right = answered.filter(answeredRight).length;
  return { coverage: round(total ? answered.length / total : 0), accuracy: round(answered.length ? right / answered.length : 0) };
}

export function riskCoverage(outcomes: readonly QueryOutcome[], steps = 10): RiskCoveragePoint[] {
  const ordered = [...outcomes].sort((a, b) => b.confidence - a.confidence);
  const points: RiskCoveragePoint[] = [];
  for (let step = 1; step <= steps; step++) {
    const count = Math.ceil((ordered.length * step) / steps);
    points.push(point(ordered.slice(0, count), ordered.length));
  }
  return points;
}

/** Retrieval and quoting figures over the answerable questions (null when there are none). */
function retrievalFigures(answerable: readonly QueryOutcome[]) {
  const n = answerable.length;
  let r1 = 0,
    r5 = 0,
    r10 = 0,
    mrr = 0,
    ndcg = 0,
    quoteHits = 0,
    sentenceHits = 0,
    abstained = 0;
  for (const outcome of answerable) {
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
    if (holdsAnswer(outcome.firstQuote, outcome.answer)) quoteHits++;
    if (holdsAnswer(outcome.firstSentence, outcome.answer)) sentenceHits++;
    if (outcome.abstained) abstained++;
  }
  const share = (value: number) => (n ? round(value / n) : null);
  return {
    'R@1': share(r1),
    'R@5': share(r5),
    'R@10': share(r10),
    'MRR@10': share(mrr),
    'nDCG@10': share(ndcg),
    'quoteHit@1': share(quoteHits),
    'sentenceHit@1': share(sentenceHits),
    abstain: share(abstained),
  };
}

export function aggregate(outcomes: readonly QueryOutcome[]): Metrics {
  const answerable = outcomes.filter((outcome) => outcome.answerable);
  const unanswerable = outcomes.filter((outcome) => !outcome.answerable);
  return {
    queries: outcomes.length,
    answerable: answerable.length,
    ...retrievalFigures(answerable),
    abstainUnanswerable: unanswerable.length ? round(unanswerable.filter((outcome) => outcome.abstained).length / unanswerable.length) : null,
    answered: point(
      outcomes.filter((outcome) => !outcome.abstained),
      outcomes.length,
    ),
    riskCoverage: riskCoverage(outcomes),
  };
}

export interface GroupScores {
  all: Metrics;
  /** Per half (tune / heldout), when the questions fall in more than one. */
  halves?: Partial<Record<Half, Metrics>>;
}

export interface Scores extends GroupScores {
  /** Per question set (file), when more than one was asked. */
  sets?: Record<string, GroupScores>;
}

interface Labelled {
  set: string;
  half: Half | null;
}

function groupScores(outcomes: readonly QueryOutcome[], labels: readonly Labelled[]): GroupScores {
  const all = aggregate(outcomes);
  const names = (['tune', 'heldout'] as const).filter((half) => labels.some((label) => label.half === half));
  if (names.length <= 1) return { all };
  return { all, halves: Object.fromEntries(names.map((half) => [half, aggregate(outcomes.filter((_, i) => labels[i]!.half === half))])) };
}

/** The run's metrics, per half, and per question set when several were asked, so that one run reports them all. */
export function scoreRun(outcomes: readonly QueryOutcome[], labels: readonly Labelled[]): Scores {
  const scores: Scores = groupScores(outcomes, labels);
  const sets = [...new Set(labels.map((label) => label.set))];
  if (sets.length > 1) {
    scores.sets = Object.fromEntries(
      sets.map((set) => {
        const picked = outcomes.map((outcome, i) => ({ outcome, label: labels[i]! })).filter((entry) => entry.label.set === set);
        return [
          set,
          groupScores(
            picked.map((entry) => entry.outcome),
            picked.map((entry) => entry.label),
          ),
        ];
      }),
    );
  }
  return scores;
}
