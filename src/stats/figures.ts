/**
 * The figures of a period, from the database: questions, the share answered confidently and the 👍
 * rate, in total, by language and by day; and the coverage gaps. Votes count toward the day (and
 * language) of the answer they rate.
 *
 * Speed (goal: under a second at 1,000,000 answers): every query reads an index in its own order,
 * so nothing is sorted but the groups: counts from answers_by_day (day, lang, confident), votes from
 * votes_by_day (the answer's day and language are copied into each vote), the unanswered wordings
 * from the partial index answers_unanswered (terms, day); only the 👎-rated answers are looked up
 * one by one, and only the GAP_CANDIDATES most frequent wordings are grouped.
 */
import type { Database } from 'better-sqlite3';
import { groupGaps, type GapCandidate, type GapGroup } from './gaps.ts';
import { DAY_MS, dayString, type Period } from './period.ts';

export interface Counts {
  questions: number;
  confident: number;
  votes: number;
  up: number;
}

interface Gap {
  count: number;
  unanswered: number;
  downvoted: number;
  noAnswer: number;
  /** The most asked wording (its latest asking), then up to two others. */
  questions: string[];
}

export interface StatsFigures {
  /** First and last day, both included (YYYY-MM-DD, UTC). */
  period: { since: string; until: string; days: number };
  total: Counts;
  byLanguage: Array<Counts & { lang: string }>;
  /** Every day of the period, days without questions included. */
  byDay: Array<Counts & { day: string }>;
  /** The largest groups of unanswered or 👎-rated questions. */
  gaps: Gap[];
}

/** Wordings grouped for the gaps: the most frequent ones (grouping is the part that grows with them). */
const GAP_CANDIDATES = 5000;
export const DEFAULT_GAP_LIMIT = 10;
const WORDINGS_SHOWN = 3;

/** part / whole, or null when there is nothing to divide (no questions, no votes). */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

function emptyCounts(): Counts {
  return { questions: 0, confident: 0, votes: 0, up: 0 };
}

function add(target: Counts, counts: Partial<Counts>): void {
  target.questions += counts.questions ?? 0;
  target.confident += counts.confident ?? 0;
  target.votes += counts.votes ?? 0;
  target.up += counts.up ?? 0;
}

interface Cell extends Partial<Counts> {
  lang: string;
  day: number;
}

function countCells(db: Database, days: DayRange): Cell[] {
  const answers = db
    .prepare(
      `SELECT asked_day - ? AS day, lang, count(*) AS questions, sum(confident) AS confident
       FROM answers WHERE asked_day >= ? AND asked_day < ? GROUP BY asked_day, lang`,
    )
    .all(days.first, days.first, days.end) as Cell[];
  const votes = db
    .prepare(
      `SELECT answer_day - ? AS day, lang, count(*) AS votes, sum(value = 1) AS up
       FROM votes WHERE answer_day >= ? AND answer_day < ? GROUP BY answer_day, lang`,
    )
    .all(days.first, days.first, days.end) as Cell[];
  return [...answers, ...votes];
}

/** A period as day numbers (asked_day): [first, end). */
interface DayRange {
  first: number;
  end: number;
}

function dayRange(period: Period): DayRange {
  return { first: Math.floor(period.since / DAY_MS), end: Math.ceil(period.until / DAY_MS) };
}

export function computeFigures(db: Database, period: Period, gapLimit = DEFAULT_GAP_LIMIT): StatsFigures {
  const days = Math.round((period.until - period.since) / DAY_MS);
  const total = emptyCounts();
  const byLanguage = new Map<string, Counts>();
  const byDay = Array.from({ length: days }, (_, index) => ({ day: dayString(period.since + index * DAY_MS), ...emptyCounts() }));
  const range = dayRange(period);
  for (const cell of countCells(db, range)) {
    add(total, cell);
    const language = byLanguage.get(cell.lang) ?? emptyCounts();
    byLanguage.set(cell.lang, language);
    add(language, cell);
    add(byDay[cell.day]!, cell);
  }
  return {
    period: { since: dayString(period.since), until: dayString(period.until - DAY_MS), days },
    total,
    byLanguage: [...byLanguage.entries()]
      .map(([lang, counts]) => ({ lang, ...counts }))
      .sort((a, b) => b.questions - a.questions || (a.lang < b.lang ? -1 : 1)),
    byDay,
    gaps: coverageGaps(db, range, gapLimit),
  };
}

interface CandidateRow {
  terms: string;
  count: number;
  confident: number;
  noAnswer: number;
  lastId: number;
}

function gapCandidates(db: Database, days: DayRange): GapCandidate[] {
  const unanswered = db
    .prepare(
      `SELECT question_terms AS terms, count(*) AS count, 0 AS confident, 0 AS noAnswer, max(id) AS lastId
       FROM answers INDEXED BY answers_unanswered WHERE confident = 0 AND asked_day >= ? AND asked_day < ?
       GROUP BY question_terms ORDER BY count DESC, terms LIMIT ${GAP_CANDIDATES}`,
    )
    .all(days.first, days.end) as CandidateRow[];
  const downvoted = db
    .prepare(
      `SELECT a.question_terms AS terms, count(*) AS count, sum(a.confident) AS confident, sum(d.noAnswer) AS noAnswer, max(a.id) AS lastId
       FROM (SELECT answer_id, max(reason IS 'no-answer') AS noAnswer FROM votes
             WHERE answer_day >= ? AND answer_day < ? AND value = -1 GROUP BY answer_id) d
       CROSS JOIN answers a ON a.id = d.answer_id
       GROUP BY a.question_terms ORDER BY count DESC, terms LIMIT ${GAP_CANDIDATES}`,
    )
    .all(days.first, days.end) as CandidateRow[];
  const byTerms = new Map<string, GapCandidate>();
  const candidate = (terms: string) => {
    const found = byTerms.get(terms) ?? { terms: terms ? terms.split(' ') : [], count: 0, unanswered: 0, downvoted: 0, noAnswer: 0, exampleId: 0 };
    byTerms.set(terms, found);
    return found;
  };
  for (const row of unanswered) {
    const found = candidate(row.terms);
    found.count += row.count;
    found.unanswered += row.count;
    found.exampleId = Math.max(found.exampleId, row.lastId);
  }
  for (const row of downvoted) {
    const found = candidate(row.terms);
    // Unanswered and 👎-rated answers are already counted above: only the confident ones add.
    found.count += row.confident;
    found.downvoted += row.count;
    found.noAnswer += row.noAnswer;
    found.exampleId = Math.max(found.exampleId, row.lastId);
  }
  return [...byTerms.values()];
}

function coverageGaps(db: Database, days: DayRange, limit: number): Gap[] {
  const groups: GapGroup[] = groupGaps(gapCandidates(db, days)).slice(0, limit);
  const ids = groups.flatMap((group) => group.members.slice(0, WORDINGS_SHOWN).map((member) => member.exampleId));
  const questionOf = new Map<number, string>();
  const select = db.prepare('SELECT question FROM answers WHERE id = ?');
  for (const id of ids) questionOf.set(id, (select.get(id) as { question: string }).question);
  return groups.map((group) => ({
    count: group.count,
    unanswered: group.unanswered,
    downvoted: group.downvoted,
    noAnswer: group.noAnswer,
    questions: group.members.slice(0, WORDINGS_SHOWN).map((member) => questionOf.get(member.exampleId)!),
  }));
}
