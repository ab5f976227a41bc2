/**
 * Users' ratings as an eval set, in the format `npm run -s eval` reads (tools/eval/queries.ts):
 * `{"id","question","gold":[docId…]}` per line.
 *
 * - A question whose answer got more 👍 than 👎: gold = the document of the answer's first passage
 *   (the one shown as the answer; the bot rates answers, not single passages).
 * - A question marked "no answer in these articles" and given no 👍: `gold: []`, the bot is expected
 *   to abstain.
 * Questions asked several times (the same words after normalization, punctuation aside) become one line: gold is every
 * document rated 👍 for them, and a 👍 anywhere outweighs "no answer" elsewhere.
 */
import type { Database } from 'better-sqlite3';
import { normalizeArabic } from '../text/normalize.ts';
import { decodePassages } from './answers.ts';

export interface EvalLine {
  id: string;
  question: string;
  gold: string[];
}

interface RatedAnswer {
  answerKey: string;
  question: string;
  passages: string;
  up: number;
  down: number;
  noAnswer: number;
}

interface QuestionVerdict {
  id: string;
  question: string;
  gold: Set<string>;
  positive: boolean;
  abstain: boolean;
}

function questionKey(question: string): string {
  return normalizeArabic(question)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The rated answers of [since, until) (ms), as eval lines in the order the questions were first asked. */
export function exportEvalSet(db: Database, period: { since: number; until: number }): EvalLine[] {
  const rated = db
    .prepare(
      `SELECT a.answer_key AS answerKey, a.question, a.passages,
              sum(v.value = 1) AS up, sum(v.value = -1) AS down, sum(v.reason = 'no-answer') AS noAnswer
       FROM votes v CROSS JOIN answers a ON a.id = v.answer_id
       WHERE a.asked_at >= ? AND a.asked_at < ?
       GROUP BY a.id
       ORDER BY a.id`,
    )
    .all(period.since, period.until) as RatedAnswer[];
  const verdicts = new Map<string, QuestionVerdict>();
  for (const answer of rated) {
    const key = questionKey(answer.question);
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = { id: `feedback-${answer.answerKey}`, question: answer.question, gold: new Set(), positive: false, abstain: false };
      verdicts.set(key, verdict);
    }
    const first = decodePassages(answer.passages)[0];
    if (answer.up > answer.down && first) {
      verdict.positive = true;
      verdict.gold.add(first.docId);
    } else if (answer.noAnswer > 0 && answer.up === 0) {
      verdict.abstain = true;
    }
  }
  return [...verdicts.values()]
    .filter((verdict) => verdict.positive || verdict.abstain)
    .map((verdict) => ({ id: verdict.id, question: verdict.question, gold: verdict.positive ? [...verdict.gold].sort() : [] }));
}

export function toJsonLines(lines: readonly EvalLine[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}
