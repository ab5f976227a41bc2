/** Answers, configurations and databases for the tests of the bot's database (test/data, test/stats). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { DataConfig } from '../../src/config.ts';
import { databasePath } from '../../src/data/database.ts';
import { openRecorder } from '../../src/data/recorder.ts';
import { resolvePeriod } from '../../src/stats/period.ts';
import { passageId } from '../../src/corpus/passages.ts';
import type { Answer, Lang } from '../../src/types.ts';

export const DAY = 86_400_000;
/** A fixed "now" (2026-03-15 12:00 UTC): the tests never depend on the clock. */
export const NOW = Date.UTC(2026, 2, 15, 12);

export function tempDataConfig(overrides: Partial<DataConfig> = {}): DataConfig {
  return {
    dataDir: mkdtempSync(path.join(tmpdir(), 'bot-data-')),
    recording: true,
    retentionDays: 0,
    hashSecret: 'a test secret of some length',
    ...overrides,
  };
}

/** An answer as the engine returns it, quoting passages of the given documents (first = rank 1). */
export function answerTo(question: string, options: { confident?: boolean; docIds?: string[]; lang?: Lang } = {}): Answer {
  const docIds = options.docIds ?? ['doc-a'];
  return {
    question,
    lang: options.lang ?? (/[a-z]/i.test(question) ? 'en' : 'ar'),
    mode: 'lexical',
    confident: options.confident ?? true,
    confidence: (options.confident ?? true) ? 0.9 : 0.1,
    notices: [],
    results: docIds.map((docId, index) => ({
      rank: index + 1,
      docId,
      passageId: passageId(docId, index),
      title: docId,
      source: null,
      url: null,
      date: null,
      quote: 'نص',
      sentence: 'نص',
      sentenceSpan: { start: 0, end: 2 },
      bold: (options.confident ?? true) ? { start: 0, end: 2 } : null,
      score: 10 - index,
    })),
  };
}

/** A Discord-like user id (a long number) for user `n`. */
export function userId(n: number): string {
  return String(300_000_000_000_000_000n + BigInt(n));
}

const day = (date: string) => Date.parse(`${date}T10:00:00Z`);

/** Six answers in the period 2026-03-10 – 2026-03-15, one before, one after, and three votes. */
export function smallHistory() {
  const config = tempDataConfig();
  const recorder = openRecorder(config, { log: () => {}, now: () => NOW });
  const ask = (question: string, date: string, confident: boolean, docIds = ['doc-a']) =>
    recorder.recordAnswer({
      answer: answerTo(question, { confident, docIds }),
      via: 'slash',
      userId: userId(1),
      guildId: null,
      channelId: null,
      latencyMs: 5,
      askedAt: day(date),
    })!;
  ask('سؤال قبل الفترة', '2026-03-09', false);
  const liked = ask('من هو محافظ حمص؟', '2026-03-10', true, ['doc-homs']);
  ask('كم دبابة استولى عليها التنظيم؟', '2026-03-10', true);
  ask('متى تأسست أرامكو؟', '2026-03-10', false);
  ask('Who is the governor of Homs?', '2026-03-10', true);
  const noAnswer = ask('ما عاصمة قطر؟', '2026-03-12', false);
  ask('عاصمة قطر', '2026-03-12', false);
  ask('سؤال بعد الفترة', '2026-03-16', false);
  recorder.vote(liked, userId(2), 1);
  recorder.vote(liked, userId(3), -1, 'wrong-passage');
  recorder.vote(noAnswer, userId(2), -1, 'no-answer');
  recorder.close();
  return { config, period: resolvePeriod({ since: '2026-03-10', until: '2026-03-15' }, NOW) };
}

/** Rows of a query on the database in `dataDir`, read with a connection of its own (read-only). */
export function readDatabase(dataDir: string, sql: string, ...params: unknown[]): any[] {
  const db = new BetterSqlite3(databasePath(dataDir), { readonly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}
