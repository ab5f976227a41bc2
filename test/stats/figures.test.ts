/**
 * A period's figures from a small database whose every number is known: questions, share confident,
 * 👍 rate, by language and by day (votes count on their answer's day), and the coverage gaps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databasePath, openDatabase } from '../../src/data/database.ts';
import { computeFigures } from '../../src/stats/figures.ts';
import { lastDays, resolvePeriod } from '../../src/stats/period.ts';
import { isUserError } from '../../src/errors.ts';
import { DAY, NOW, smallHistory } from '../support/recorded.ts';

test('totals, languages and days of a period', () => {
  const { config, period } = smallHistory();
  const db = openDatabase(databasePath(config.dataDir));
  const figures = computeFigures(db, period);
  db.close();
  assert.deepEqual(figures.period, { since: '2026-03-10', until: '2026-03-15', days: 6 });
  assert.deepEqual(figures.total, { questions: 6, confident: 3, votes: 3, up: 1 });
  assert.deepEqual(figures.byLanguage, [
    { lang: 'ar', questions: 5, confident: 2, votes: 3, up: 1 },
    { lang: 'en', questions: 1, confident: 1, votes: 0, up: 0 },
  ]);
  assert.deepEqual(
    figures.byDay.map((row) => [row.day, row.questions, row.confident, row.votes, row.up]),
    [
      ['2026-03-10', 4, 3, 2, 1],
      ['2026-03-11', 0, 0, 0, 0],
      ['2026-03-12', 2, 0, 1, 0],
      ['2026-03-13', 0, 0, 0, 0],
      ['2026-03-14', 0, 0, 0, 0],
      ['2026-03-15', 0, 0, 0, 0],
    ],
  );
});

test('coverage gaps: unanswered and 👎-rated questions, similar wordings together, each answer once', () => {
  const { config, period } = smallHistory();
  const db = openDatabase(databasePath(config.dataDir));
  const { gaps } = computeFigures(db, period);
  db.close();
  assert.deepEqual(gaps, [
    // Both unanswered; one of them also rated 👎 "no answer in these articles": counted once.
    { count: 2, unanswered: 2, downvoted: 1, noAnswer: 1, questions: ['عاصمة قطر'] },
    // Equal counts: in the order of their terms.
    { count: 1, unanswered: 1, downvoted: 0, noAnswer: 0, questions: ['متى تأسست أرامكو؟'] },
    // Answered confidently, but rated 👎 (wrong passage) by one of two voters.
    { count: 1, unanswered: 0, downvoted: 1, noAnswer: 0, questions: ['من هو محافظ حمص؟'] },
  ]);
});

test('periods: whole UTC days, the last 30 by default, bad dates as usage errors', () => {
  assert.deepEqual(resolvePeriod({}, NOW), { since: Date.UTC(2026, 1, 14), until: Date.UTC(2026, 2, 16) });
  assert.deepEqual(lastDays(7, NOW), { since: Date.UTC(2026, 2, 9), until: Date.UTC(2026, 2, 16) });
  assert.equal((resolvePeriod({ since: '2026-03-01', until: '2026-03-01' }, NOW).until - Date.UTC(2026, 2, 1)) / DAY, 1);
  for (const bounds of [{ since: '2026-02-30' }, { until: 'yesterday' }, { since: '2026-03-10', until: '2026-03-01' }, { since: '1990-01-01' }]) {
    assert.throws(
      () => resolvePeriod(bounds, NOW),
      (error: unknown) => isUserError(error) && error.code === 'USAGE' && !!error.messages.ar,
    );
  }
});
